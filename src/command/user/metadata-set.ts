// SetUserMetadata, as ZITADEL's BulkSetUserMetadata: the entries checked (metadata-decision.ts); load the user
// (missing or deleted → NotFound); user.write in the user's organisation, also for oneself (the v2 API passes
// allowSelfManagement=false); one user.metadata.set event per key whose value really changes, upserted into
// user_metadata in the same push. A request changing nothing pushes nothing and answers the current details.
import { checkMetadataToSet, decideMetadata, userMetadata } from "../metadata-decision.js";
import type { Principal } from "../../domain/principal.js";
import { checkManagerPermission } from "./change-permission.js";
import type { Details, MetadataEntry } from "./inputs.js";
import { loadExistingUser } from "./load-human.js";
import type { MetadataDeps } from "./metadata-deps.js";
import { pushUserChange } from "./push-user.js";

export interface SetMetadataInput {
  userId: string;
  entries: readonly MetadataEntry[];
}

export async function setUserMetadata(deps: MetadataDeps, caller: Principal, input: SetMetadataInput): Promise<Details> {
  const wanted = checkMetadataToSet(input.entries);
  return deps.eventstore.execute(input.userId, async () => {
    const row = await loadExistingUser(deps, input.userId);
    checkManagerPermission(caller, row);
    const { events, side } = await decideMetadata(deps.metadata, userMetadata, row.id, { set: wanted });
    return pushUserChange(deps, caller, { row, events, side });
  });
}
