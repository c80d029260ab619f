// UpdateUser: request → the human or machine branch of the change command, result → response (its change date;
// the user's sequence travels as ETag, since the response has no details to carry it).
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { ChangeUserInput, ChangeUserResult } from "../../../command/user/user-change.js";
import { invalidField } from "../../../domain/errors.js";
import {
  UpdateUserResponseSchema,
  type UpdateUserRequest,
  type UpdateUserRequest_Human,
  type UpdateUserResponse,
} from "../../../gen/zitadel/user/v2/user_service_pb.js";
import { emailInput, phoneInput, profileInput, setPasswordInput } from "./human-input.js";

export function updateUserInput(request: UpdateUserRequest): ChangeUserInput {
  const { userId, username, userType } = request;
  if (userType.case === "human") return { kind: "human", input: { userId, username, ...humanChange(userType.value) } };
  if (userType.case === "machine") {
    return { kind: "machine", input: { userId, username, name: userType.value.name, description: userType.value.description } };
  }
  // ZITADEL answers Unimplemented ("user type is not implemented"); a request naming neither is bad input.
  throw invalidField("USERv2-UpdTyp1", "user_type", "oneof.required", "Errors.User.Invalid: set human or machine (the type of the user)");
}

function humanChange(human: UpdateUserRequest_Human) {
  const { phone } = human;
  // An empty number removes the phone; a verification for a removal means nothing (ZITADEL refuses it too).
  if (phone && phone.phone === "" && phone.verification.case !== undefined) {
    throw invalidField("USERv2-PhRmV1", "human.phone.verification", "phone.removal", "Errors.User.Phone.VerifyingRemovalIsNotSupported: an empty phone removes it and takes no verification");
  }
  return {
    profile: human.profile ? profileInput(human.profile) : undefined,
    email: human.email ? emailInput(human.email) : undefined,
    phone: phone ? phoneInput(phone) : undefined,
    password: human.password ? setPasswordInput(human.password, "human.password.password_type") : undefined,
  };
}

export function updateUserResponse(result: ChangeUserResult): UpdateUserResponse {
  return create(UpdateUserResponseSchema, {
    changeDate: timestampFromDate(result.details.changeDate),
    emailCode: result.emailCode,
    phoneCode: result.phoneCode,
  });
}
