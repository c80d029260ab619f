// Exante's request ↔ the account command's input, and the account view → Exante's user. Fields we hold no
// data for get their empty value: active_company, first_seen and last_seen null, avatar "", features {}.
// default_timezone is this service's own default, UTC (every time it stores is UTC); default_organization
// is the stored choice, else the user's own organisation; fullname is first and last name (else the display
// name, a machine user's name or the username).
import { create } from "@bufbuild/protobuf";
import { permissionsIn, type Principal } from "../../../../domain/principal.js";
import type { OrgMembership } from "../../../../domain/membership-reader.js";
import type { AccountChangeInput } from "../../../../command/user/account-input.js";
import type { SettingValue } from "../../../../domain/profile-metadata.js";
import { UserSchema, type UpdateCurrentUserRequest, type User } from "../../../../gen/usersvc/exante/v1/user_service_pb.js";
import type { AccountView } from "../../../../query/account-view.js";
import type { FieldNames } from "../../field-names.js";

export const exanteFieldNames: FieldNames = { names: { given_name: "firstname", family_name: "lastname" } };

export const DEFAULT_TIMEZONE = "UTC";

export function accountInput(userId: string, request: UpdateCurrentUserRequest): AccountChangeInput {
  return {
    userId,
    givenName: request.firstname,
    familyName: request.lastname,
    attributes: { timezone: request.timezone, default_organization: request.defaultOrganization },
    settings: request.settings as Record<string, SettingValue> | undefined,
  };
}

export function userOf({ row, attributes, settings }: AccountView, organisations: readonly OrgMembership[], caller: Principal): User {
  const defaultOrganization = attributes.default_organization ?? row.resourceOwner;
  const names = [row.givenName, row.familyName].filter(Boolean).join(" ");
  return create(UserSchema, {
    id: row.id,
    uid: row.id,
    firstname: row.givenName ?? "",
    lastname: row.familyName ?? "",
    fullname: names || row.displayName || row.machineName || row.username,
    email: row.email ?? "",
    timezone: attributes.timezone ?? "",
    defaultTimezone: DEFAULT_TIMEZONE,
    avatar: "",
    defaultOrganization,
    organizations: organisations.map((org) => ({ uid: org.id, name: org.name, companyUid: "" })),
    permissionsInDefaultOrganization: caller.userId === row.id ? permissionsIn(caller, defaultOrganization) : [],
    features: {},
    settings,
  });
}
