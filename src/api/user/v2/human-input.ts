// SetHumanProfile (and UpdateUser's all-optional profile), SetHumanEmail, SetHumanPhone and password messages →
// command inputs.
import type { EmailInput, PasswordInput, PhoneInput, ProfileChange, ProfileInput } from "../../../command/user/inputs.js";
import { invalidField } from "../../../domain/errors.js";
import type { SetHumanEmail } from "../../../gen/zitadel/user/v2/email_pb.js";
import type { HashedPassword, Password, SetPassword } from "../../../gen/zitadel/user/v2/password_pb.js";
import type { SetHumanPhone } from "../../../gen/zitadel/user/v2/phone_pb.js";
import type { SetHumanProfile } from "../../../gen/zitadel/user/v2/user_pb.js";
import type { UpdateUserRequest_Human_Profile } from "../../../gen/zitadel/user/v2/user_service_pb.js";
import { emailVerificationOf, phoneVerificationOf } from "./verification.js";

export function profileInput(profile: SetHumanProfile): ProfileInput;
export function profileInput(profile: UpdateUserRequest_Human_Profile): ProfileChange;
export function profileInput(profile: SetHumanProfile | UpdateUserRequest_Human_Profile): ProfileChange {
  return {
    givenName: profile.givenName,
    familyName: profile.familyName,
    nickName: profile.nickName,
    displayName: profile.displayName,
    preferredLanguage: profile.preferredLanguage,
    gender: profile.gender,
  };
}

export const emailInput = (email: SetHumanEmail): EmailInput => ({ address: email.email, verification: emailVerificationOf(email) });

export const phoneInput = (phone: SetHumanPhone): PhoneInput => ({ number: phone.phone, verification: phoneVerificationOf(phone) });

type PasswordChoice = { case: "password"; value: Password } | { case: "hashedPassword"; value: HashedPassword } | { case: undefined; value?: undefined };

export function passwordChoiceInput(choice: PasswordChoice, field: string): PasswordInput | undefined {
  if (choice.case === "password") return { plain: choice.value.password, changeRequired: choice.value.changeRequired };
  if (choice.case === "hashedPassword") return { encodedHash: choice.value.hash, changeRequired: choice.value.changeRequired };
  if (field) throw invalidField("USERv2-PwEmpty", field, "password.required", "Errors.User.Password.Empty: set password or hashed_password");
  return undefined;
}

export function setPasswordInput(password: SetPassword, field = "password.password_type"): PasswordInput {
  const input = passwordChoiceInput(password.passwordType, field)!;
  const v = password.verification;
  if (v.case === "currentPassword") input.currentPassword = v.value;
  if (v.case === "verificationCode") input.verificationCode = v.value;
  return input;
}
