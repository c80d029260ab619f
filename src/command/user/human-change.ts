// UpdateHumanUser: validate → load the write model → check permission only when something is set →
// username, profile, email, phone, password → one push. Nothing changed: nothing pushed, current details.
import { permissionDenied } from "../../domain/errors.js";
import type { PendingEvent, SideWrite, UniqueClaim } from "../../eventstore/types.js";
import type { CommandDeps } from "../deps.js";
import { hasUserPermission, type Principal } from "../principal.js";
import { decideContact } from "./contact-decision.js";
import type { ChangeHumanInput, HumanResult } from "./inputs.js";
import { loadHuman } from "./load-human.js";
import { normalizeInput } from "./normalize-input.js";
import { decidePassword } from "./password-decision.js";
import { decideProfile } from "./profile-decision.js";
import { pushUserChange, usernameClaim } from "./push-user.js";
import { UserEvent } from "./user-events.js";
import type { UserRow } from "./user-row.js";

export async function changeHumanUser(deps: CommandDeps, caller: Principal, raw: ChangeHumanInput): Promise<HumanResult> {
  const input = normalizeInput(deps, raw, { password: "password.password.password", hash: "password.hashed_password.hash" });
  return deps.eventstore.execute(input.userId, async () => {
    const row = await loadHuman(deps, input.userId);
    if (isAnythingSet(input)) checkChangePermission(caller, row, input);

    const events: PendingEvent[] = [];
    const side: SideWrite[] = [];
    const claim: UniqueClaim[] = [];
    const release: UniqueClaim[] = [];
    const result: Omit<HumanResult, "details"> = { userId: row.id };

    if (input.username !== undefined && input.username !== row.username) {
      events.push({ type: UserEvent.usernameChanged, payload: { username: input.username, oldUsername: row.username } });
      if (input.username.toLowerCase() !== row.username.toLowerCase()) {
        claim.push(usernameClaim(input.username));
        release.push(usernameClaim(row.username));
      }
    }
    if (input.profile) events.push(...decideProfile(row, input.profile));
    if (input.email) {
      const decision = decideContact(deps, "email", row, input.email.address, input.email.verification);
      events.push(...decision.events);
      side.push(...decision.side);
      result.emailCode = decision.code;
    }
    if (input.phone) {
      if (input.phone.number === "") {
        if (row.phone !== null) events.push({ type: UserEvent.phoneRemoved, payload: {} });
      } else {
        const decision = decideContact(deps, "phone", row, input.phone.number, input.phone.verification);
        events.push(...decision.events);
        side.push(...decision.side);
        result.phoneCode = decision.code;
      }
    }
    if (input.password) {
      const decision = await decidePassword(deps, row, input.password);
      if (!decision.ok) {
        // The failed proof is recorded on its own; the rest of the request is refused with it.
        await pushUserChange(deps.eventstore, caller, { row, events: decision.events });
        throw decision.error;
      }
      events.push(...decision.events);
    }

    const details = await pushUserChange(deps.eventstore, caller, { row, events, side, claim, release });
    return { ...result, details };
  });
}

function isAnythingSet(input: ChangeHumanInput): boolean {
  return [input.username, input.profile, input.email, input.phone, input.password].some((v) => v !== undefined);
}

/**
 * Users may change their own data, except what vouches for it: marking an address verified, receiving
 * the code instead of the address owner, and setting a password without proving the old one or a code.
 */
function checkChangePermission(caller: Principal, row: UserRow, input: ChangeHumanInput): void {
  const vouches =
    input.email?.verification.mode === "verified" ||
    input.email?.verification.mode === "return" ||
    input.phone?.verification.mode === "verified" ||
    input.phone?.verification.mode === "return";
  const unprovenPassword =
    input.password !== undefined && input.password.currentPassword === undefined && input.password.verificationCode === undefined;
  if (unprovenPassword && !hasUserPermission(caller, "user.credential.write", row.resourceOwner)) {
    throw permissionDenied("COMMAND-PermPw1", "Errors.PermissionDenied: setting a password without verification needs user.credential.write");
  }
  const isSelf = caller.userId === row.id;
  if ((isSelf && !vouches) || hasUserPermission(caller, "user.write", row.resourceOwner)) return;
  throw permissionDenied("COMMAND-PermUs1", "Errors.PermissionDenied: user.write is required");
}
