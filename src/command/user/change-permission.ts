// Who may change a human user (ZITADEL's checkPermissionUpdateUser plus its exceptions): users may change
// their own data, except what vouches for it — marking an address verified, receiving a code instead of
// the address owner — and a password set without proving the old one or a code. Those, and any change to
// somebody else, need the manager permission. Shared by UpdateHumanUser and the email, phone and
// password RPCs so the rule is written once. A refused caller gets ZITADEL's answer (principal.ts
// `refusal`): NotFound without any membership on the instance or in the user's organisation, else
// PermissionDenied.
import { notFound } from "../../domain/errors.js";
import { hasUserPermission, refusal, type Principal } from "../../domain/principal.js";
import type { UserRow } from "../../domain/user-row.js";

export interface ChangeKind {
  /** The change vouches for the user: is_verified, or a code answered to the caller. */
  vouches?: boolean;
  /** A password set without current password or reset code. */
  unprovenPassword?: boolean;
}

export function checkChangePermission(caller: Principal, row: UserRow, change: ChangeKind): void {
  if (change.unprovenPassword && !hasUserPermission(caller, "user.credential.write", row.resourceOwner)) {
    throw refusal(caller, row.resourceOwner, "COMMAND-PermPw1", "Errors.PermissionDenied: setting a password without verification needs user.credential.write");
  }
  const isSelf = caller.userId === row.id;
  if ((isSelf && !change.vouches) || hasUserPermission(caller, "user.write", row.resourceOwner)) return;
  throw refusal(caller, row.resourceOwner, "COMMAND-PermUs1", "Errors.PermissionDenied: user.write is required");
}

/** For changes ZITADEL never lets users make on themselves through this API (RemovePhone). */
export function checkManagerPermission(caller: Principal, row: UserRow): void {
  if (hasUserPermission(caller, "user.write", row.resourceOwner)) return;
  throw refusal(caller, row.resourceOwner, "COMMAND-PermUs2", "Errors.PermissionDenied: user.write is required");
}

/**
 * An update that sets nothing answers the stored details, so it is a read: only the user itself or a caller
 * with user.read in its organisation gets them. Anyone else gets the unknown id's NotFound (before the user's
 * type is looked at), so the answer tells nothing about whether the user exists or where. ZITADEL answers
 * the details to any caller.
 */
export function checkEmptyChangeVisible(caller: Principal, row: UserRow): void {
  if (caller.userId === row.id || hasUserPermission(caller, "user.read", row.resourceOwner)) return;
  throw notFound("COMMAND-UsrNf1", "Errors.User.NotFound");
}
