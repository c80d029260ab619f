// UpdateHumanUser: request → command input, result → response.
import { create } from "@bufbuild/protobuf";
import type { ChangeHumanInput, HumanResult } from "../../../command/user/inputs.js";
import {
  UpdateHumanUserResponseSchema,
  type UpdateHumanUserRequest,
  type UpdateHumanUserResponse,
} from "../../../gen/zitadel/user/v2/user_service_pb.js";
import { detailsToPb } from "../../object/v2/details.js";
import { emailInput, phoneInput, profileInput, setPasswordInput } from "./human-input.js";

export function updateHumanUserInput(request: UpdateHumanUserRequest): ChangeHumanInput {
  return {
    userId: request.userId,
    username: request.username,
    profile: request.profile ? profileInput(request.profile) : undefined,
    email: request.email ? emailInput(request.email) : undefined,
    phone: request.phone ? phoneInput(request.phone) : undefined,
    password: request.password ? setPasswordInput(request.password) : undefined,
  };
}

export function updateHumanUserResponse(result: HumanResult): UpdateHumanUserResponse {
  return create(UpdateHumanUserResponseSchema, {
    details: detailsToPb(result.details),
    emailCode: result.emailCode,
    phoneCode: result.phoneCode,
  });
}
