// Turns an organisation command's decision (events on top of the loaded row) into one push, or into the
// current details when nothing changed; and into a push request for commands that write the organisation
// together with other aggregates (Eventstore.pushAll).
import { SequenceConflict } from "../../eventstore/eventstore.js";
import type { PendingEvent, PushRequest, SideWrite, UniqueClaim } from "../../eventstore/types.js";
import type { Principal } from "../../domain/principal.js";
import { checkPreconditions } from "../user/expected-sequence.js";
import type { Details } from "../user/inputs.js";
import type { PushDeps } from "../user/push-user.js";
import { applyOrgEvents } from "./org-events.js";
import type { StoredOrgRow } from "../../domain/org-row.js";

export interface OrgChange {
  row: StoredOrgRow;
  events: PendingEvent[];
  claim?: UniqueClaim[];
  release?: UniqueClaim[];
  side?: SideWrite[];
}

export function orgPushRequest(caller: Principal, change: OrgChange): PushRequest {
  const { sequence, creationDate: _c, changeDate: _d, ...row } = applyOrgEvents(change.row, change.events) as StoredOrgRow;
  return {
    aggregateType: "org",
    aggregateId: row.id,
    resourceOwner: row.id,
    creator: caller.userId,
    expectedSequence: sequence,
    events: change.events,
    root: { table: "orgs", row },
    claim: change.claim,
    release: change.release,
    side: change.side,
  };
}

export async function pushOrgChange(deps: PushDeps, caller: Principal, change: OrgChange): Promise<Details> {
  // The deadline (If-Match applies to user RPCs only, so no expected sequence is set here).
  checkPreconditions(deps, change.row);
  if (change.events.length === 0) {
    // "Nothing changed" must hold against the stored state, not a cached copy another server has outdated.
    if (!(await deps.eventstore.isCurrent("orgs", change.row))) throw new SequenceConflict(change.row.id);
    return orgDetails(change.row);
  }
  return deps.eventstore.push(orgPushRequest(caller, change));
}

export const orgDetails = (row: StoredOrgRow): Details => ({
  sequence: row.sequence,
  changeDate: row.changeDate,
  creationDate: row.creationDate,
  resourceOwner: row.id,
});
