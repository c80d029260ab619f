// GetUserByID: the user as the caller may see it, or NotFound.
import { notFound } from "../domain/errors.js";
import { hasUserPermission, refusal, type Principal } from "../domain/principal.js";
import { UserState, type UserRow } from "../domain/user-row.js";
import type { UserRowReader } from "./user-rows.js";

export interface UserView {
  row: UserRow;
  loginNames: string[];
  preferredLoginName: string;
}

export async function getUserById(readUser: UserRowReader, caller: Principal, id: string): Promise<UserView> {
  const row = await readUser(id);
  if (!row || row.state === UserState.deleted || row.state === UserState.unspecified) {
    throw notFound("QUERY-UsrNf1", "Errors.User.NotFound");
  }
  if (caller.userId !== row.id && !hasUserPermission(caller, "user.read", row.resourceOwner)) {
    throw refusal(caller, row.resourceOwner, "QUERY-PermRd1", "Errors.PermissionDenied: user.read is required");
  }
  // The instance's domain policy does not require org-suffixed login names, so the username is the login name.
  return { row, loginNames: [row.username], preferredLoginName: row.username };
}
