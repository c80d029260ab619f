// AddHumanUser: request → command input, result → response.
import { create } from "@bufbuild/protobuf";
import type { AddHumanInput, HumanResult } from "../../../command/user/inputs.js";
import { failedPrecondition } from "../../../domain/errors.js";
import {
  AddHumanUserResponseSchema,
  type AddHumanUserRequest,
  type AddHumanUserResponse,
} from "../../../gen/zitadel/user/v2/user_service_pb.js";
import { detailsToPb } from "../../object/v2/details.js";
import { emailInput, passwordChoiceInput, phoneInput, profileInput } from "./human-input.js";

export function addHumanUserInput(request: AddHumanUserRequest): AddHumanInput {
  // Identity providers and TOTP enrolment are not part of this service; refusing beats silently dropping them.
  if (request.idpLinks.length > 0) throw failedPrecondition("USERv2-NoIdp1", "Errors.IDPConfig.NotExisting: identity provider links are not supported");
  if (request.totpSecret !== undefined) throw failedPrecondition("USERv2-NoTotp1", "Errors.User.MFA.OTP.NotSupported: totp_secret is not supported");
  const org = request.organization?.org;
  return {
    userId: request.userId,
    username: request.username,
    org: org?.case === "orgId" ? { id: org.value } : org?.case === "orgDomain" ? { domain: org.value } : undefined,
    profile: profileInput(request.profile!),
    email: emailInput(request.email!),
    phone: request.phone ? phoneInput(request.phone) : undefined,
    metadata: request.metadata.map((m) => ({ key: m.key, value: m.value })),
    password: passwordChoiceInput(request.passwordType, ""),
  };
}

export function addHumanUserResponse(result: HumanResult): AddHumanUserResponse {
  return create(AddHumanUserResponseSchema, {
    userId: result.userId,
    details: detailsToPb(result.details),
    emailCode: result.emailCode,
    phoneCode: result.phoneCode,
  });
}
