// VMS's request ↔ the account command's input, and the account view → VMS's user:
// id the user id as an integer (ids this service makes are decimal 64-bit numbers); login the username; name
// the display name (else given and family name, else a machine user's name); permissions those the user
// holds in its organisation, numbered by their place in PERMISSIONS (1 user.read … 6 org.create);
// created_at/updated_at "YYYY-MM-DD hh:mm:ss" in UTC; can_update_password when the user has a password to
// prove; access_token_id the id of the personal access token the call came with ("" for a JWT). No data:
// parent_id null, analytic_license [].
import { create } from "@bufbuild/protobuf";
import { PERMISSIONS, permissionsIn, type Principal } from "../../../../domain/principal.js";
import type { AccountChangeInput } from "../../../../command/user/account-input.js";
import { UserType } from "../../../../domain/user-row.js";
import { failedPrecondition } from "../../../../domain/errors.js";
import { UserSchema, type UpdateCurrentUserRequest, type User } from "../../../../gen/usersvc/vms/v1/user_service_pb.js";
import type { AccountView } from "../../../../query/account-view.js";
import type { FieldNames } from "../../field-names.js";

export const vmsFieldNames: FieldNames = { names: { preferred_language: "language" } };

export function accountInput(userId: string, request: UpdateCurrentUserRequest): AccountChangeInput {
  return {
    userId,
    preferredLanguage: request.language,
    password: request.password,
    passwordConfirmation: request.passwordConfirmation,
    currentPassword: request.currentPassword,
  };
}

const INT64_MAX = 2n ** 63n - 1n;

function integerId(id: string): bigint {
  const value = /^[1-9][0-9]{0,18}$/.test(id) ? BigInt(id) : undefined;
  if (value === undefined || value > INT64_MAX) {
    throw failedPrecondition("VMS-IdNum1", `Errors.User.IdNotInteger: the user id "${id}" is no integer, which VMS's id must be`);
  }
  return value;
}

/** 2022-04-21 16:37:46 */
const vmsTime = (date: Date) => date.toISOString().slice(0, 19).replace("T", " ");

export function userOf({ row }: AccountView, caller: Principal): User {
  const names = [row.givenName, row.familyName].filter(Boolean).join(" ");
  const permissions = caller.userId === row.id ? permissionsIn(caller, row.resourceOwner) : [];
  return create(UserSchema, {
    id: integerId(row.id),
    login: row.username,
    name: row.displayName || names || row.machineName || row.username,
    permissions: permissions.map((name) => ({ id: BigInt(PERMISSIONS.indexOf(name) + 1), name })),
    createdAt: vmsTime(row.creationDate),
    updatedAt: vmsTime(row.changeDate),
    accessTokenId: (caller.userId === row.id && caller.tokenId) || "",
    canUpdatePassword: row.type === UserType.human && row.passwordHash !== null,
    analyticLicense: [],
  });
}
