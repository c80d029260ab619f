// zitadel.user.v2.UserService handlers: convert, call one command or query, convert back.
import type { ServiceImpl } from "@connectrpc/connect";
import type { UserCommands } from "../../../command/user-commands.js";
import type { UserQueries } from "../../../query/user-queries.js";
import { UserService } from "../../../gen/zitadel/user/v2/user_service_pb.js";
import { callerOf } from "../../../gateway/auth.js";
import { addHumanUserInput, addHumanUserResponse } from "./add-human-user.js";
import { getUserByIdResponse } from "./get-user-by-id.js";
import { updateHumanUserInput, updateHumanUserResponse } from "./update-human-user.js";

export function userServiceHandlers(commands: UserCommands, queries: UserQueries): Partial<ServiceImpl<typeof UserService>> {
  return {
    async addHumanUser(request, context) {
      return addHumanUserResponse(await commands.addHumanUser(callerOf(context), addHumanUserInput(request)));
    },
    async getUserByID(request, context) {
      return getUserByIdResponse(await queries.getUserById(callerOf(context), request.userId));
    },
    async updateHumanUser(request, context) {
      return updateHumanUserResponse(await commands.changeHumanUser(callerOf(context), updateHumanUserInput(request)));
    },
  };
}

export { UserService };
