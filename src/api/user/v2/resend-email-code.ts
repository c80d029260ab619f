// ResendEmailCode: request → command input, result → response.
import { create } from "@bufbuild/protobuf";
import type { CodeResult, ContactCodeInput } from "../../../command/user/contact-inputs.js";
import {
  ResendEmailCodeResponseSchema,
  type ResendEmailCodeRequest,
  type ResendEmailCodeResponse,
} from "../../../gen/zitadel/user/v2/user_service_pb.js";
import { detailsToPb } from "../../object/v2/details.js";
import { codeDeliveryOf } from "./code-delivery.js";

export const resendEmailCodeInput = (request: ResendEmailCodeRequest): ContactCodeInput => ({
  userId: request.userId,
  delivery: codeDeliveryOf(request.verification),
});

export const resendEmailCodeResponse = (result: CodeResult): ResendEmailCodeResponse =>
  create(ResendEmailCodeResponseSchema, { details: detailsToPb(result.details), verificationCode: result.code });
