// SetPhone: request → command input, result → response.
import { create } from "@bufbuild/protobuf";
import type { CodeResult, SetContactInput } from "../../../command/user/contact-inputs.js";
import { SetPhoneResponseSchema, type SetPhoneRequest, type SetPhoneResponse } from "../../../gen/zitadel/user/v2/user_service_pb.js";
import { detailsToPb } from "../../object/v2/details.js";
import { phoneVerificationOf } from "./verification.js";

export const setPhoneInput = (request: SetPhoneRequest): SetContactInput => ({
  userId: request.userId,
  value: request.phone,
  verification: phoneVerificationOf(request),
});

export const setPhoneResponse = (result: CodeResult): SetPhoneResponse =>
  create(SetPhoneResponseSchema, { details: detailsToPb(result.details), verificationCode: result.code });
