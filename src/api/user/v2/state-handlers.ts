// LockUser, UnlockUser, DeactivateUser, ReactivateUser and DeleteUser.
import type { ServiceImpl } from "@connectrpc/connect";
import { removeUser } from "../../../command/user/user-remove.js";
import { changeUserState } from "../../../command/user/user-state-change.js";
import type { UserService } from "../../../gen/zitadel/user/v2/user_service_pb.js";
import { callerOf } from "../../request-context.js";
import { deactivateUserResponse } from "./deactivate-user.js";
import { deleteUserResponse } from "./delete-user.js";
import { lockUserResponse } from "./lock-user.js";
import { reactivateUserResponse } from "./reactivate-user.js";
import { unlockUserResponse } from "./unlock-user.js";
import { requestCommands } from "./request-commands.js";
import type { UserServiceDeps } from "./user-service-deps.js";

export function stateHandlers({ commands }: UserServiceDeps): Partial<ServiceImpl<typeof UserService>> {
  return {
    async lockUser(request, context) {
      return lockUserResponse(await changeUserState(requestCommands(commands, context), callerOf(context), request.userId, "lock"));
    },
    async unlockUser(request, context) {
      return unlockUserResponse(await changeUserState(requestCommands(commands, context), callerOf(context), request.userId, "unlock"));
    },
    async deactivateUser(request, context) {
      return deactivateUserResponse(await changeUserState(requestCommands(commands, context), callerOf(context), request.userId, "deactivate"));
    },
    async reactivateUser(request, context) {
      return reactivateUserResponse(await changeUserState(requestCommands(commands, context), callerOf(context), request.userId, "reactivate"));
    },
    async deleteUser(request, context) {
      return deleteUserResponse(await removeUser(requestCommands(commands, context), callerOf(context), request.userId));
    },
  };
}
