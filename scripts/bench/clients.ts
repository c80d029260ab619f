// The load generator's clients: gRPC (h2c), Connect JSON and REST, all calling with the admin token.
import { fromJson, type JsonObject } from "@bufbuild/protobuf";
import { createClient } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import { UserService } from "../../src/gen/zitadel/user/v2/user_service_pb.js";

export type Protocol = "grpc" | "connect" | "rest";
export type Method = "AddHumanUser" | "UpdateHumanUser" | "GetUserByID" | "ListUsers";
export type Call = (method: Method, request: JsonObject) => Promise<void>;

const restRoutes: Record<Method, (r: JsonObject) => { method: string; path: string; body?: JsonObject }> = {
  AddHumanUser: (r) => ({ method: "POST", path: "/v2/users/human", body: r }),
  UpdateHumanUser: ({ userId, ...rest }) => ({ method: "PUT", path: `/v2/users/human/${String(userId)}`, body: rest }),
  GetUserByID: (r) => ({ method: "GET", path: `/v2/users/${String(r.userId)}` }),
  ListUsers: (r) => ({ method: "POST", path: "/v2/users", body: r }),
};

export function createCall(protocol: Protocol, baseUrl: string, token: string): Call {
  const headers = { authorization: `Bearer ${token}` };
  if (protocol === "rest") {
    return async (method, request) => {
      const route = restRoutes[method](request);
      const response = await fetch(new URL(route.path, baseUrl), {
        method: route.method,
        headers: { ...headers, "content-type": "application/json" },
        body: route.body ? JSON.stringify(route.body) : undefined,
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${response.status} ${text.slice(0, 200)}`);
    };
  }
  const transport = protocol === "grpc" ? createGrpcTransport({ baseUrl }) : createConnectTransport({ baseUrl, httpVersion: "1.1" });
  const client = createClient(UserService, transport) as unknown as Record<string, (m: unknown, o: unknown) => Promise<unknown>>;
  const methods = new Map(UserService.methods.map((m) => [m.name, m]));
  return async (method, request) => {
    const desc = methods.get(method)!;
    await client[desc.localName]!(fromJson(desc.input, request), { headers });
  };
}
