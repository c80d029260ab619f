// VerifyEmail: request → command input, details → response.
import { create } from "@bufbuild/protobuf";
import type { VerifyCodeInput } from "../../../command/user/contact-inputs.js";
import type { Details } from "../../../command/user/inputs.js";
import { VerifyEmailResponseSchema, type VerifyEmailRequest, type VerifyEmailResponse } from "../../../gen/zitadel/user/v2/user_service_pb.js";
import { detailsToPb } from "../../object/v2/details.js";

export const verifyEmailInput = (request: VerifyEmailRequest): VerifyCodeInput => ({ userId: request.userId, code: request.verificationCode });

export const verifyEmailResponse = (details: Details): VerifyEmailResponse => create(VerifyEmailResponseSchema, { details: detailsToPb(details) });
