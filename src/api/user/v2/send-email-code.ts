// SendEmailCode: request → command input, result → response.
import { create } from "@bufbuild/protobuf";
import type { CodeResult, ContactCodeInput } from "../../../command/user/contact-inputs.js";
import {
  SendEmailCodeResponseSchema,
  type SendEmailCodeRequest,
  type SendEmailCodeResponse,
} from "../../../gen/zitadel/user/v2/user_service_pb.js";
import { detailsToPb } from "../../object/v2/details.js";
import { codeDeliveryOf } from "./code-delivery.js";

export const sendEmailCodeInput = (request: SendEmailCodeRequest): ContactCodeInput => ({
  userId: request.userId,
  delivery: codeDeliveryOf(request.verification),
});

export const sendEmailCodeResponse = (result: CodeResult): SendEmailCodeResponse =>
  create(SendEmailCodeResponseSchema, { details: detailsToPb(result.details), verificationCode: result.code });
