// The events of a change to a human's username, profile, email and phone, decided on the loaded row by the
// shared deciders (username-decision.ts, profile-decision.ts, contact-changes.ts): used by UpdateHumanUser (and
// so UpdateUser's human branch) and ProvisionHumanUser (SCIM), so they write the same facts for the same request.
import type { PendingEvent, SideWrite, UniqueClaim } from "../../eventstore/types.js";
import type { CommandDeps } from "../deps.js";
import { decideContactChanges } from "./contact-changes.js";
import type { ChangeHumanInput } from "./inputs.js";
import { decideProfile } from "./profile-decision.js";
import type { UserRow } from "../../domain/user-row.js";
import { decideUsername } from "./username-decision.js";

export interface HumanChangeDecision {
  events: PendingEvent[];
  side: SideWrite[];
  claim: UniqueClaim[];
  release: UniqueClaim[];
  emailCode?: string;
  phoneCode?: string;
}

export function decideHumanChange(deps: CommandDeps, row: UserRow, input: Omit<ChangeHumanInput, "userId" | "password">): HumanChangeDecision {
  const { events, claim, release } = decideUsername(row, input.username);
  if (input.profile) events.push(...decideProfile(row, input.profile));
  const contact = decideContactChanges(deps, row, input);
  events.push(...contact.events);
  return { events, side: contact.side, claim, release, emailCode: contact.emailCode, phoneCode: contact.phoneCode };
}
