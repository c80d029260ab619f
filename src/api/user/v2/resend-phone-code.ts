// ResendPhoneCode: request → command input, result → response.
import { create } from "@bufbuild/protobuf";
import type { CodeResult, ContactCodeInput } from "../../../command/user/contact-inputs.js";
import {
  ResendPhoneCodeResponseSchema,
  type ResendPhoneCodeRequest,
  type ResendPhoneCodeResponse,
} from "../../../gen/zitadel/user/v2/user_service_pb.js";
import { detailsToPb } from "../../object/v2/details.js";
import { codeDeliveryOf } from "./code-delivery.js";

export const resendPhoneCodeInput = (request: ResendPhoneCodeRequest): ContactCodeInput => ({
  userId: request.userId,
  delivery: codeDeliveryOf(request.verification),
});

export const resendPhoneCodeResponse = (result: CodeResult): ResendPhoneCodeResponse =>
  create(ResendPhoneCodeResponseSchema, { details: detailsToPb(result.details), verificationCode: result.code });
