// PasswordReset: request → command input, result → response. No medium, or an unspecified notification
// type, means a link by email (ZITADEL's default).
import { create } from "@bufbuild/protobuf";
import type { CodeResult, PasswordResetInput } from "../../../command/user/contact-inputs.js";
import { NotificationType } from "../../../gen/zitadel/user/v2/password_pb.js";
import {
  PasswordResetResponseSchema,
  type PasswordResetRequest,
  type PasswordResetResponse,
} from "../../../gen/zitadel/user/v2/user_service_pb.js";
import { detailsToPb } from "../../object/v2/details.js";

export function passwordResetInput(request: PasswordResetRequest): PasswordResetInput {
  const medium = request.medium;
  if (medium.case === "returnCode") return { userId: request.userId, delivery: { mode: "return" } };
  const link = medium.case === "sendLink" ? medium.value : undefined;
  const channel = link?.notificationType === NotificationType.SMS ? "sms" : "email";
  return { userId: request.userId, delivery: { mode: "send", channel, ...(link?.urlTemplate !== undefined ? { urlTemplate: link.urlTemplate } : {}) } };
}

export const passwordResetResponse = (result: CodeResult): PasswordResetResponse =>
  create(PasswordResetResponseSchema, { details: detailsToPb(result.details), verificationCode: result.code });
