// VerifyPhone: request → command input, details → response.
import { create } from "@bufbuild/protobuf";
import type { VerifyCodeInput } from "../../../command/user/contact-inputs.js";
import type { Details } from "../../../command/user/inputs.js";
import { VerifyPhoneResponseSchema, type VerifyPhoneRequest, type VerifyPhoneResponse } from "../../../gen/zitadel/user/v2/user_service_pb.js";
import { detailsToPb } from "../../object/v2/details.js";

export const verifyPhoneInput = (request: VerifyPhoneRequest): VerifyCodeInput => ({ userId: request.userId, code: request.verificationCode });

export const verifyPhoneResponse = (details: Details): VerifyPhoneResponse => create(VerifyPhoneResponseSchema, { details: detailsToPb(details) });
