// The service clients over gRPC-web on the page's own origin, sending the pasted token as a bearer token.
// The token lives in sessionStorage: it survives a reload but not the tab.
import { createClient, type Client, type Interceptor } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import { UserHistoryService } from "../../src/gen/usersvc/history/v1/history_service_pb.js";
import { OrganizationService } from "../../src/gen/zitadel/org/v2/org_service_pb.js";
import { UserService } from "../../src/gen/zitadel/user/v2/user_service_pb.js";

const TOKEN_KEY = "user-service.token";

export const tokenStore = {
  get: (): string => sessionStorage.getItem(TOKEN_KEY) ?? "",
  set: (token: string): void => sessionStorage.setItem(TOKEN_KEY, token.trim()),
  clear: (): void => sessionStorage.removeItem(TOKEN_KEY),
};

const bearer: Interceptor = (next) => (req) => {
  const token = tokenStore.get();
  if (token) req.header.set("authorization", `Bearer ${token}`);
  return next(req);
};

export type UserClient = Client<typeof UserService>;
export type OrgClient = Client<typeof OrganizationService>;
export type HistoryClient = Client<typeof UserHistoryService>;

export interface Clients {
  users: UserClient;
  orgs: OrgClient;
  history: HistoryClient;
}

export function createClients(): Clients {
  const transport = createGrpcWebTransport({ baseUrl: window.location.origin, interceptors: [bearer] });
  return {
    users: createClient(UserService, transport),
    orgs: createClient(OrganizationService, transport),
    history: createClient(UserHistoryService, transport),
  };
}
