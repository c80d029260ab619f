// ListUsers.
import type { ServiceImpl } from "@connectrpc/connect";
import type { UserService } from "../../../gen/zitadel/user/v2/user_service_pb.js";
import { callerOf } from "../../request-context.js";
import { listUsers } from "../../../query/list-users/list-users.js";
import { listUsersInput, listUsersResponse } from "./list-users.js";
import type { UserServiceDeps } from "./user-service-deps.js";

export function listHandlers({ prisma }: UserServiceDeps): Partial<ServiceImpl<typeof UserService>> {
  return {
    async listUsers(request, context) {
      return listUsersResponse(await listUsers(prisma, callerOf(context), listUsersInput(request)), request);
    },
  };
}
