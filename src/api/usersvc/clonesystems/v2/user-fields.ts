// Clone Systems' user ↔ the account command's input and the account view. Its JSON names the command's
// fields this way; every other field is an attribute of the same name under `user.`.
import { create } from "@bufbuild/protobuf";
import type { AccountChangeInput } from "../../../../command/user/account-input.js";
import type { FieldViolation } from "../../../../domain/errors.js";
import { UserSchema, type User } from "../../../../gen/usersvc/clonesystems/v2/user_service_pb.js";
import type { AccountView } from "../../../../query/account-view.js";
import type { FieldNames } from "../../field-names.js";

export const cloneSystemsFieldNames: FieldNames = {
  names: {
    given_name: "user.first_name",
    family_name: "user.last_name",
    preferred_language: "user.locale",
    email: "user.email",
    phone: "user.mobile_phone",
    organization_id: "user.organization_id",
  },
  prefix: "user.",
};

/** `takesOrganization`: UpdateUser moves the user to `organization_id`; UpdateCurrentUser never does. */
export function accountInput(userId: string, user: User | undefined, takesOrganization: boolean): AccountChangeInput {
  if (user === undefined) return { userId };
  return {
    userId,
    organizationId: takesOrganization ? user.organizationId : undefined,
    givenName: user.firstName,
    familyName: user.lastName,
    preferredLanguage: user.locale,
    email: user.email,
    phone: user.mobilePhone,
    attributes: {
      timezone: user.timezone,
      phone: user.phone,
      url: user.url,
      title: user.title,
      address: user.address,
      city: user.city,
      state: user.state,
      country: user.country,
      zipcode: user.zipcode,
      comment: user.comment,
    },
  };
}

/** `id` is never taken from a request body; `organization_id` only where the call moves users. */
export function fieldsNotTaken(user: User | undefined, takesOrganization: boolean): FieldViolation[] {
  const refused: FieldViolation[] = [];
  const refuse = (field: string) => refused.push({ field, rule: "field.not_accepted", description: "is not accepted by this call" });
  if (user?.id !== undefined) refuse("user.id");
  if (!takesOrganization && user?.organizationId !== undefined) refuse("user.organization_id");
  return refused;
}

export function userOf({ row, attributes: a }: AccountView): User {
  const orUnset = (value: string | null | undefined) => (value === null || value === "" ? undefined : value);
  return create(UserSchema, {
    id: row.id,
    organizationId: row.resourceOwner,
    firstName: orUnset(row.givenName),
    lastName: orUnset(row.familyName),
    email: orUnset(row.email),
    locale: orUnset(row.preferredLanguage),
    timezone: a.timezone,
    phone: a.phone,
    mobilePhone: orUnset(row.phone),
    url: a.url,
    title: a.title,
    address: a.address,
    city: a.city,
    state: a.state,
    country: a.country,
    zipcode: a.zipcode,
    comment: a.comment,
  });
}
