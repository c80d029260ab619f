// Turns a user command's decision (events on top of the loaded row) into one push, and the current row into
// details when nothing changed.
import { changedFields } from "../../eventstore/changed-fields.js";
import { SequenceConflict } from "../../eventstore/eventstore.js";
import type { PendingEvent, PushRequest, SideWrite, UniqueClaim } from "../../eventstore/types.js";
import { EVENT_TIME } from "../../domain/event-time.js";
import type { CommandDeps } from "../deps.js";
import type { Principal } from "../../domain/principal.js";
import { checkPreconditions } from "./expected-sequence.js";
import type { Details } from "./inputs.js";
import { applyUserEvents, beginsUser } from "./user-events.js";
import type { UserRow } from "../../domain/user-row.js";

/** The event store and the request's preconditions (If-Match sequence, deadline). */
export type PushDeps = Pick<CommandDeps, "eventstore" | "expectedSequence" | "signal">;

export interface UserChange {
  /** The row as loaded (stored, or this server's last write): the push writes what the events change in it. */
  row: UserRow;
  events: PendingEvent[];
  claim?: UniqueClaim[];
  release?: UniqueClaim[];
  side?: SideWrite[];
}

export async function pushUserChange(deps: PushDeps, caller: Principal, change: UserChange): Promise<Details> {
  const { eventstore } = deps;
  checkPreconditions(deps, change.row);
  if (change.events.length === 0) {
    // "Nothing changed" must hold against the stored state, not a cached copy another server has outdated.
    if (!(await eventstore.isCurrent("users", change.row))) throw new SequenceConflict(change.row.id);
    return detailsOf(change.row);
  }
  return eventstore.push(userPushRequest(caller, change));
}

/** The push of a user change that has events, for commands that write it together with other aggregates. */
export function userPushRequest(caller: Principal, change: UserChange): PushRequest {
  const next = applyUserEvents(change.row, change.events, EVENT_TIME);
  const { sequence: _s, creationDate: _c, changeDate: _d, ...kept } = next;
  // The store keeps a row's creation date; a user added again on a deleted id begins anew (as ZITADEL, whose
  // projection deletes the removed user's row), so its creation date becomes the time of these events.
  const beginsAnew = change.events.some((e) => beginsUser(e.type));
  const row = beginsAnew ? { ...kept, creationDate: EVENT_TIME } : kept;
  // A stored user changes only the columns its events touched; a new (or re-added) one is written whole.
  const changed = beginsAnew || change.row.sequence === 0 ? undefined : changedFields(change.row, row);
  return {
    aggregateType: "user",
    aggregateId: change.row.id,
    // The organisation the user belongs to after the events (a move changes it).
    resourceOwner: next.resourceOwner,
    creator: caller.userId,
    expectedSequence: change.row.sequence,
    events: change.events,
    root: { table: "users", row, changed },
    claim: change.claim,
    release: change.release,
    side: change.side,
  };
}

export const detailsOf = (row: UserRow): Details => ({
  sequence: row.sequence,
  changeDate: row.changeDate,
  creationDate: row.creationDate,
  resourceOwner: row.resourceOwner,
});

export const usernameClaim = (username: string): UniqueClaim => ({ type: "username", value: username });
