// AddPersonalAccessToken: load the user (missing or deleted → NotFound) → permission (user.write in the
// user's organisation, as ZITADEL's NewPermissionCheckUserWrite; users do not mint tokens for themselves) →
// machine users only → one push: the token's hash and expiry in the event and the token projection. The
// token is random, answered once, and stored only as its SHA-256 hash.
import { randomBytes } from "node:crypto";
import { failedPrecondition, invalidField } from "../../domain/errors.js";
import { hashToken } from "../../domain/token-hash.js";
import type { CommandDeps } from "../deps.js";
import { hasUserPermission, refusal, type Principal } from "../../domain/principal.js";
import { loadExistingUser } from "./load-human.js";
import type { AddPatResult } from "./pat-inputs.js";
import { pushUserChange } from "./push-user.js";
import { UserEvent } from "./user-events.js";
import { UserType } from "../../domain/user-row.js";

/** "Does not expire": the expiry ZITADEL gives tokens created without one. */
export const NO_EXPIRY = new Date("9999-12-31T23:59:59Z");

export async function addPersonalAccessToken(
  deps: CommandDeps,
  caller: Principal,
  input: { userId: string; expirationDate?: Date },
): Promise<AddPatResult> {
  const expirationDate = input.expirationDate ?? NO_EXPIRY;
  if (expirationDate.getTime() <= deps.now().getTime()) {
    throw invalidField("COMMAND-PatExp1", "expiration_date", "timestamp.gt_now", "Errors.User.PAT.ExpirationDateInPast: the expiration date must lie in the future");
  }
  return deps.eventstore.execute(input.userId, async () => {
    const row = await loadExistingUser(deps, input.userId);
    if (!hasUserPermission(caller, "user.write", row.resourceOwner)) {
      throw refusal(caller, row.resourceOwner, "COMMAND-PermPt1", "Errors.PermissionDenied: user.write is required");
    }
    if (row.type !== UserType.machine) {
      throw failedPrecondition("COMMAND-PatTyp1", "Errors.User.WrongType: personal access tokens are for machine users only");
    }
    const token = randomBytes(32).toString("base64url");
    const tokenId = deps.newId();
    const tokenHash = hashToken(token);
    const creationDate = deps.now();
    const details = await pushUserChange(deps, caller, {
      row,
      events: [{ type: UserEvent.patAdded, payload: { tokenId, tokenHash, expirationDate: expirationDate.toISOString() } }],
      side: [{ table: "personal_access_tokens", op: "insert", rows: [{ id: tokenId, userId: row.id, tokenHash, expirationDate, creationDate }] }],
    });
    return { tokenId, token, creationDate, details };
  });
}
