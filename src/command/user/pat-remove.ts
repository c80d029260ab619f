// RemovePersonalAccessToken: load the user (missing or deleted → NotFound) → permission (user.write in the
// user's organisation) → one push removing the token. A token that does not exist (any more), or belongs to
// another user, is no error: ZITADEL documents the call as succeeding then, and nothing is written.
import { hasUserPermission, refusal, type Principal } from "../../domain/principal.js";
import { loadExistingUser } from "./load-human.js";
import type { PatCommandDeps } from "./pat-inputs.js";
import { pushUserChange } from "./push-user.js";
import { UserEvent } from "./user-events.js";

export async function removePersonalAccessToken(
  deps: PatCommandDeps,
  caller: Principal,
  input: { userId: string; tokenId: string },
): Promise<{ deletionDate: Date }> {
  return deps.eventstore.execute(input.userId, async () => {
    const row = await loadExistingUser(deps, input.userId);
    if (!hasUserPermission(caller, "user.write", row.resourceOwner)) {
      throw refusal(caller, row.resourceOwner, "COMMAND-PermPt2", "Errors.PermissionDenied: user.write is required");
    }
    const stored = await deps.findPersonalAccessToken(input.tokenId);
    if (!stored || stored.userId !== row.id) return { deletionDate: deps.now() };
    const details = await pushUserChange(deps, caller, {
      row,
      events: [{ type: UserEvent.patRemoved, payload: { tokenId: stored.id } }],
      side: [{ table: "personal_access_tokens", op: "delete", rows: [{ id: stored.id }] }],
    });
    return { deletionDate: details.changeDate };
  });
}
