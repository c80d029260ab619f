// PasswordReset and SetPassword.
import type { ServiceImpl } from "@connectrpc/connect";
import { requestPasswordReset } from "../../../command/user/password-reset.js";
import { setPassword } from "../../../command/user/password-set.js";
import type { UserService } from "../../../gen/zitadel/user/v2/user_service_pb.js";
import { callerOf } from "../../request-context.js";
import { passwordResetInput, passwordResetResponse } from "./password-reset.js";
import { setPasswordInput, setPasswordResponse } from "./set-password.js";
import { requestCommands } from "./request-commands.js";
import type { UserServiceDeps } from "./user-service-deps.js";

export function passwordHandlers({ commands }: UserServiceDeps): Partial<ServiceImpl<typeof UserService>> {
  return {
    async passwordReset(request, context) {
      return passwordResetResponse(await requestPasswordReset(requestCommands(commands, context), callerOf(context), passwordResetInput(request)));
    },
    async setPassword(request, context) {
      return setPasswordResponse(await setPassword(requestCommands(commands, context), callerOf(context), setPasswordInput(request)));
    },
  };
}
