// SetEmail: request → command input, result → response.
import { create } from "@bufbuild/protobuf";
import type { CodeResult, SetContactInput } from "../../../command/user/contact-inputs.js";
import { SetEmailResponseSchema, type SetEmailRequest, type SetEmailResponse } from "../../../gen/zitadel/user/v2/user_service_pb.js";
import { detailsToPb } from "../../object/v2/details.js";
import { emailVerificationOf } from "./verification.js";

export const setEmailInput = (request: SetEmailRequest): SetContactInput => ({
  userId: request.userId,
  value: request.email,
  verification: emailVerificationOf(request),
});

export const setEmailResponse = (result: CodeResult): SetEmailResponse =>
  create(SetEmailResponseSchema, { details: detailsToPb(result.details), verificationCode: result.code });
