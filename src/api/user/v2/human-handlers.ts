// AddHumanUser, GetUserByID, UpdateHumanUser and UpdateUser.
import type { ServiceImpl } from "@connectrpc/connect";
import { addHumanUser } from "../../../command/user/human-add.js";
import { changeHumanUser } from "../../../command/user/human-change.js";
import { changeUser } from "../../../command/user/user-change.js";
import type { UserService } from "../../../gen/zitadel/user/v2/user_service_pb.js";
import { callerOf } from "../../request-context.js";
import { getUserById } from "../../../query/user-by-id.js";
import { addHumanUserInput, addHumanUserResponse } from "./add-human-user.js";
import { withETag } from "./etag.js";
import { getUserByIdResponse } from "./get-user-by-id.js";
import { updateHumanUserInput, updateHumanUserResponse } from "./update-human-user.js";
import { updateUserInput, updateUserResponse } from "./update-user.js";
import { requestCommands } from "./request-commands.js";
import type { UserServiceDeps } from "./user-service-deps.js";

export function humanHandlers({ commands }: UserServiceDeps): Partial<ServiceImpl<typeof UserService>> {
  return {
    async addHumanUser(request, context) {
      return addHumanUserResponse(await addHumanUser(requestCommands(commands, context), callerOf(context), addHumanUserInput(request)));
    },
    async getUserByID(request, context) {
      return getUserByIdResponse(await getUserById(commands.loadUser, callerOf(context), request.userId));
    },
    async updateHumanUser(request, context) {
      return updateHumanUserResponse(await changeHumanUser(requestCommands(commands, context), callerOf(context), updateHumanUserInput(request)));
    },
    async updateUser(request, context) {
      const result = await changeUser(requestCommands(commands, context), callerOf(context), updateUserInput(request));
      withETag(context, result.details);
      return updateUserResponse(result);
    },
  };
}
