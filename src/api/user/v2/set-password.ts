// SetPassword: request → command input, details → response.
import { create } from "@bufbuild/protobuf";
import type { SetPasswordInput } from "../../../command/user/contact-inputs.js";
import type { Details } from "../../../command/user/inputs.js";
import { invalidField } from "../../../domain/errors.js";
import { SetPasswordResponseSchema, type SetPasswordRequest, type SetPasswordResponse } from "../../../gen/zitadel/user/v2/user_service_pb.js";
import { detailsToPb } from "../../object/v2/details.js";

export function setPasswordInput(request: SetPasswordRequest): SetPasswordInput {
  // The published message does not mark new_password required; without it there is nothing to set.
  if (!request.newPassword) throw invalidField("USERv2-PwNew1", "new_password", "message.required", "Errors.User.Password.Empty: new_password is required");
  const proof = request.verification;
  return {
    userId: request.userId,
    password: {
      plain: request.newPassword.password,
      changeRequired: request.newPassword.changeRequired,
      ...(proof.case === "currentPassword" ? { currentPassword: proof.value } : {}),
      ...(proof.case === "verificationCode" ? { verificationCode: proof.value } : {}),
    },
  };
}

export const setPasswordResponse = (details: Details): SetPasswordResponse => create(SetPasswordResponseSchema, { details: detailsToPb(details) });
