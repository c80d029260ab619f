// SetEmail, ResendEmailCode, SendEmailCode, VerifyEmail, SetPhone, ResendPhoneCode, VerifyPhone, RemovePhone.
import type { ServiceImpl } from "@connectrpc/connect";
import { sendContactCode } from "../../../command/user/contact-code.js";
import { setContact } from "../../../command/user/contact-set.js";
import { verifyContact } from "../../../command/user/contact-verify.js";
import { removePhone } from "../../../command/user/phone-remove.js";
import type { UserService } from "../../../gen/zitadel/user/v2/user_service_pb.js";
import { callerOf } from "../../request-context.js";
import { removePhoneResponse } from "./remove-phone.js";
import { resendEmailCodeInput, resendEmailCodeResponse } from "./resend-email-code.js";
import { resendPhoneCodeInput, resendPhoneCodeResponse } from "./resend-phone-code.js";
import { sendEmailCodeInput, sendEmailCodeResponse } from "./send-email-code.js";
import { setEmailInput, setEmailResponse } from "./set-email.js";
import { setPhoneInput, setPhoneResponse } from "./set-phone.js";
import { requestCommands } from "./request-commands.js";
import type { UserServiceDeps } from "./user-service-deps.js";
import { verifyEmailInput, verifyEmailResponse } from "./verify-email.js";
import { verifyPhoneInput, verifyPhoneResponse } from "./verify-phone.js";

export function contactHandlers({ commands }: UserServiceDeps): Partial<ServiceImpl<typeof UserService>> {
  return {
    async setEmail(request, context) {
      return setEmailResponse(await setContact(requestCommands(commands, context), callerOf(context), "email", setEmailInput(request)));
    },
    async resendEmailCode(request, context) {
      const input = resendEmailCodeInput(request);
      return resendEmailCodeResponse(await sendContactCode(requestCommands(commands, context), callerOf(context), "email", input, { onlyIfPending: true }));
    },
    async sendEmailCode(request, context) {
      const input = sendEmailCodeInput(request);
      return sendEmailCodeResponse(await sendContactCode(requestCommands(commands, context), callerOf(context), "email", input, { onlyIfPending: false }));
    },
    async verifyEmail(request, context) {
      return verifyEmailResponse(await verifyContact(requestCommands(commands, context), callerOf(context), "email", verifyEmailInput(request)));
    },
    async setPhone(request, context) {
      return setPhoneResponse(await setContact(requestCommands(commands, context), callerOf(context), "phone", setPhoneInput(request)));
    },
    async resendPhoneCode(request, context) {
      const input = resendPhoneCodeInput(request);
      return resendPhoneCodeResponse(await sendContactCode(requestCommands(commands, context), callerOf(context), "phone", input, { onlyIfPending: true }));
    },
    async verifyPhone(request, context) {
      return verifyPhoneResponse(await verifyContact(requestCommands(commands, context), callerOf(context), "phone", verifyPhoneInput(request)));
    },
    async removePhone(request, context) {
      return removePhoneResponse(await removePhone(requestCommands(commands, context), callerOf(context), request.userId));
    },
  };
}
