// A new username: the username-changed event, and the case-insensitive claim moved from the old name to the
// new one (a change of case only keeps the claim). Nothing when the name stays as it is. Shared by the human
// and the machine update.
import type { PendingEvent, UniqueClaim } from "../../eventstore/types.js";
import { usernameClaim } from "./push-user.js";
import { UserEvent } from "./user-events.js";
import type { UserRow } from "../../domain/user-row.js";

export interface UsernameDecision {
  events: PendingEvent[];
  claim: UniqueClaim[];
  release: UniqueClaim[];
}

export function decideUsername(row: UserRow, username: string | undefined): UsernameDecision {
  const decision: UsernameDecision = { events: [], claim: [], release: [] };
  if (username === undefined || username === row.username) return decision;
  decision.events.push({ type: UserEvent.usernameChanged, payload: { username, oldUsername: row.username } });
  if (username.toLowerCase() !== row.username.toLowerCase()) {
    decision.claim.push(usernameClaim(username));
    decision.release.push(usernameClaim(row.username));
  }
  return decision;
}
