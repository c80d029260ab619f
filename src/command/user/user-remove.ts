// DeleteUser: the user.removed event, with everything that hangs on the user gone in the same push: the
// username's unique claim (the name is free again), its metadata, its personal access tokens and its role
// memberships (ZITADEL cascades memberships too; a later user reusing the id must not inherit roles). The
// users row stays with state DELETED, so every read and command answers NotFound from then on; the events stay.
import { canDelete, type UserStateValue } from "../../domain/user-state.js";
import type { CommandDeps } from "../deps.js";
import { hasUserPermission, refusal, type Principal } from "../../domain/principal.js";
import type { Details } from "./inputs.js";
import { loadExistingUser } from "./load-human.js";
import { pushUserChange, usernameClaim, type UserChange } from "./push-user.js";
import { UserEvent } from "./user-events.js";
import type { UserRow } from "../../domain/user-row.js";

export async function removeUser(deps: CommandDeps, caller: Principal, userId: string): Promise<Details> {
  return deps.eventstore.execute(userId, async () => {
    const row = await loadExistingUser(deps, userId);
    canDelete(row.state as UserStateValue);
    // ZITADEL's checkPermissionDeleteUser: users may delete themselves; others need user.delete in the org
    // (refused as principal.ts `refusal` answers: NotFound without any membership reaching it).
    if (caller.userId !== row.id && !hasUserPermission(caller, "user.delete", row.resourceOwner)) {
      throw refusal(caller, row.resourceOwner, "COMMAND-PermDl1", "Errors.PermissionDenied: user.delete is required");
    }
    return pushUserChange(deps, caller, userRemoval(row));
  });
}

/** The removal of a user with everything hanging on it; DeleteOrganization removes its users the same way. */
export function userRemoval(row: UserRow): UserChange {
  const ofUser = [{ userId: row.id }];
  return {
    row,
    events: [{ type: UserEvent.removed, payload: { username: row.username } }],
    release: [usernameClaim(row.username)],
    side: [
      { table: "user_metadata", op: "delete", rows: ofUser },
      { table: "personal_access_tokens", op: "delete", rows: ofUser },
      { table: "memberships", op: "delete", rows: ofUser },
    ],
  };
}
