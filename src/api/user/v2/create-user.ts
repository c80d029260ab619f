// CreateUser: request → the machine or human command's input, result → response. The human variant is
// AddHumanUser's command with the organisation given by id; the machine variant creates a machine user.
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { AddMachineInput } from "../../../command/user/machine-add.js";
import type { AddHumanInput, Details } from "../../../command/user/inputs.js";
import { failedPrecondition, invalidField } from "../../../domain/errors.js";
import {
  CreateUserResponseSchema,
  type CreateUserRequest,
  type CreateUserRequest_Human,
  type CreateUserResponse,
} from "../../../gen/zitadel/user/v2/user_service_pb.js";
import { emailInput, passwordChoiceInput, phoneInput, profileInput } from "./human-input.js";

export type CreateUserInput = { kind: "human"; input: AddHumanInput } | { kind: "machine"; input: AddMachineInput };

export function createUserInput(request: CreateUserRequest): CreateUserInput {
  const type = request.userType;
  if (type.case === "machine") {
    return {
      kind: "machine",
      input: {
        orgId: request.organizationId,
        userId: request.userId,
        username: request.username,
        name: type.value.name,
        description: type.value.description,
      },
    };
  }
  if (type.case === "human") return { kind: "human", input: humanInput(request, type.value) };
  // Validation refuses a request without either; this guards callers that skip it (in-process calls).
  throw invalidField("USERv2-CrtTyp1", "user_type", "oneof.required", "Errors.User.Invalid: set human or machine");
}

function humanInput(request: CreateUserRequest, human: CreateUserRequest_Human): AddHumanInput {
  // As AddHumanUser: identity providers and TOTP enrolment are not part of this service.
  if (human.idpLinks.length > 0) throw failedPrecondition("USERv2-NoIdp1", "Errors.IDPConfig.NotExisting: identity provider links are not supported");
  if (human.totpSecret !== undefined) throw failedPrecondition("USERv2-NoTotp1", "Errors.User.MFA.OTP.NotSupported: totp_secret is not supported");
  return {
    userId: request.userId,
    username: request.username,
    org: { id: request.organizationId },
    profile: profileInput(human.profile!),
    email: emailInput(human.email!),
    phone: human.phone ? phoneInput(human.phone) : undefined,
    metadata: human.metadata.map((m) => ({ key: m.key, value: m.value })),
    password: passwordChoiceInput(human.passwordType, ""),
  };
}

export function createUserResponse(result: { userId: string; details: Details; emailCode?: string; phoneCode?: string }): CreateUserResponse {
  return create(CreateUserResponseSchema, {
    id: result.userId,
    creationDate: timestampFromDate(result.details.creationDate),
    emailCode: result.emailCode,
    phoneCode: result.phoneCode,
  });
}
