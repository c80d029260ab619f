// ListUsers.
import type { ServiceImpl } from "@connectrpc/connect";
import type { UserService } from "../../../gen/zitadel/user/v2/user_service_pb.js";
import { callerOf } from "../../request-context.js";
import { listUsersInput, listUsersResponse } from "./list-users.js";
import type { UserServiceDeps } from "./user-service-deps.js";

export function listHandlers({ queries }: UserServiceDeps): Partial<ServiceImpl<typeof UserService>> {
  return {
    async listUsers(request, context) {
      return listUsersResponse(await queries.listUsers(callerOf(context), listUsersInput(request)), request);
    },
  };
}
