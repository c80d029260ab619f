// SetUserMetadata, as ZITADEL's BulkSetUserMetadata: nothing to set → FailedPrecondition; load the user
// (missing or deleted → NotFound); user.write in the user's organisation, also for oneself (the v2 API passes
// allowSelfManagement=false); one user.metadata.set event per key whose value really changes, upserted into
// user_metadata in the same push. Values equal to the stored ones write nothing, and a request changing
// nothing pushes nothing and answers the current details.
import { failedPrecondition } from "../../domain/errors.js";
import type { Principal } from "../principal.js";
import { Violations } from "../violations.js";
import { checkManagerPermission } from "./change-permission.js";
import type { Details, MetadataEntry } from "./inputs.js";
import { loadExistingUser } from "./load-human.js";
import { decideMetadata } from "./metadata-decision.js";
import type { MetadataDeps } from "./metadata-deps.js";
import { pushUserChange } from "./push-user.js";

export interface SetMetadataInput {
  userId: string;
  entries: readonly MetadataEntry[];
}

export async function setUserMetadata(deps: MetadataDeps, caller: Principal, input: SetMetadataInput): Promise<Details> {
  if (input.entries.length === 0) throw failedPrecondition("COMMAND-MdNone1", "Errors.Metadata.NoData: no metadata to set");
  checkEntries(input.entries);
  // A key named twice: the last value wins, as it would when ZITADEL applies the events in order.
  const wanted = new Map(input.entries.map((entry) => [entry.key, entry.value]));
  return deps.eventstore.execute(input.userId, async () => {
    const row = await loadExistingUser(deps, input.userId);
    checkManagerPermission(caller, row);
    const { events, side } = await decideMetadata(deps.metadata, row.id, { set: wanted });
    return pushUserChange(deps, caller, { row, events, side });
  });
}

/** ZITADEL's Metadata.IsValid: a key and a value; their lengths are the request validation's job. */
function checkEntries(entries: readonly MetadataEntry[]): void {
  const violations = new Violations();
  entries.forEach((entry, index) => {
    if (entry.key === "") violations.add({ field: `metadata[${index}].key`, rule: "string.min_len", description: "must not be empty" });
    if (entry.value.length === 0) violations.add({ field: `metadata[${index}].value`, rule: "bytes.min_len", description: "must not be empty" });
  });
  violations.throwIfAny("COMMAND-MdInv1");
}
