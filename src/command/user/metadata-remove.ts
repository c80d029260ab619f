// DeleteUserMetadata, as ZITADEL's BulkRemoveUserMetadata: the keys checked (metadata-decision.ts); load the
// user (missing or deleted → NotFound); user.write in the user's organisation, also for oneself; a key the user
// does not have → NotFound (Errors.Metadata.KeyNotExisting) and nothing is removed. Otherwise one
// user.metadata.removed event per key, the rows deleted in the same push.
import { checkMetadataToRemove, decideMetadata, userMetadata } from "../metadata-decision.js";
import type { Principal } from "../../domain/principal.js";
import { checkManagerPermission } from "./change-permission.js";
import type { Details } from "./inputs.js";
import { loadExistingUser } from "./load-human.js";
import type { MetadataDeps } from "./metadata-deps.js";
import { pushUserChange } from "./push-user.js";

export interface RemoveMetadataInput {
  userId: string;
  keys: readonly string[];
}

export async function removeUserMetadata(deps: MetadataDeps, caller: Principal, input: RemoveMetadataInput): Promise<Details> {
  const keys = checkMetadataToRemove(input.keys);
  return deps.eventstore.execute(input.userId, async () => {
    const row = await loadExistingUser(deps, input.userId);
    checkManagerPermission(caller, row);
    const { events, side } = await decideMetadata(deps.metadata, userMetadata, row.id, { set: new Map(), remove: keys, refuseMissing: true });
    return pushUserChange(deps, caller, { row, events, side });
  });
}
