// usersvc.user.v1.UserMoveService: our own RPC for moving a user to another organisation (ZITADEL has none).
import type { ServiceImpl } from "@connectrpc/connect";
import type { CommandDeps } from "../../../../command/deps.js";
import { moveUser } from "../../../../command/user/user-move.js";
import type { UserMoveService } from "../../../../gen/usersvc/user/v1/user_move_service_pb.js";
import { callerOf } from "../../../request-context.js";
import { requestCommands } from "../../../user/v2/request-commands.js";
import { moveUserInput, moveUserResponse } from "./move-user.js";

export function userMoveServiceHandlers(commands: CommandDeps): ServiceImpl<typeof UserMoveService> {
  return {
    async moveUser(request, context) {
      return moveUserResponse(await moveUser(requestCommands(commands, context), callerOf(context), moveUserInput(request)));
    },
  };
}
