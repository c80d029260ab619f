// The events of a change to a human's username, profile, email and phone, decided on the loaded row: shared by
// UpdateHumanUser and ProvisionHumanUser (SCIM), so both write the same facts for the same request.
import type { PendingEvent, SideWrite, UniqueClaim } from "../../eventstore/types.js";
import type { CommandDeps } from "../deps.js";
import { decideContact } from "./contact-decision.js";
import type { ChangeHumanInput } from "./inputs.js";
import { decideProfile } from "./profile-decision.js";
import { usernameClaim } from "./push-user.js";
import { UserEvent } from "./user-events.js";
import type { UserRow } from "./user-row.js";

export interface HumanChangeDecision {
  events: PendingEvent[];
  side: SideWrite[];
  claim: UniqueClaim[];
  release: UniqueClaim[];
  emailCode?: string;
  phoneCode?: string;
}

export function decideHumanChange(deps: CommandDeps, row: UserRow, input: Omit<ChangeHumanInput, "userId" | "password">): HumanChangeDecision {
  const decision: HumanChangeDecision = { events: [], side: [], claim: [], release: [] };
  const { events, side } = decision;
  if (input.username !== undefined && input.username !== row.username) {
    events.push({ type: UserEvent.usernameChanged, payload: { username: input.username, oldUsername: row.username } });
    if (input.username.toLowerCase() !== row.username.toLowerCase()) {
      decision.claim.push(usernameClaim(input.username));
      decision.release.push(usernameClaim(row.username));
    }
  }
  if (input.profile) events.push(...decideProfile(row, input.profile));
  if (input.email) {
    const email = decideContact(deps, "email", row, input.email.address, input.email.verification);
    events.push(...email.events);
    side.push(...email.side);
    decision.emailCode = email.code;
  }
  if (input.phone?.number === "") {
    if (row.phone !== null) events.push({ type: UserEvent.phoneRemoved, payload: {} });
  } else if (input.phone) {
    const phone = decideContact(deps, "phone", row, input.phone.number, input.phone.verification);
    events.push(...phone.events);
    side.push(...phone.side);
    decision.phoneCode = phone.code;
  }
  return decision;
}
