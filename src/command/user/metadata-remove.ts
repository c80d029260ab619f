// DeleteUserMetadata, as ZITADEL's BulkRemoveUserMetadata: no keys → FailedPrecondition; load the user
// (missing or deleted → NotFound); user.write in the user's organisation, also for oneself; a key the user
// does not have → NotFound (Errors.Metadata.KeyNotExisting) and nothing is removed. Otherwise one
// user.metadata.removed event per key, the rows deleted in the same push.
import { failedPrecondition, invalidArgument, notFound } from "../../domain/errors.js";
import type { Principal } from "../principal.js";
import { checkManagerPermission } from "./change-permission.js";
import type { Details } from "./inputs.js";
import { loadExistingUser } from "./load-human.js";
import type { MetadataDeps } from "./metadata-deps.js";
import { pushUserChange } from "./push-user.js";
import { UserEvent } from "./user-events.js";

export interface RemoveMetadataInput {
  userId: string;
  keys: readonly string[];
}

export async function removeUserMetadata(deps: MetadataDeps, caller: Principal, input: RemoveMetadataInput): Promise<Details> {
  if (input.keys.length === 0) throw failedPrecondition("COMMAND-MdNone2", "Errors.Metadata.NoData: no keys to delete");
  const empty = input.keys.findIndex((key) => key === "");
  if (empty >= 0) {
    throw invalidArgument("COMMAND-MdInv2", "Errors.Metadata.Invalid: a key must not be empty", [
      { field: `keys[${empty}]`, rule: "string.min_len", description: "must not be empty" },
    ]);
  }
  // A key named twice is removed once.
  const keys = [...new Set(input.keys)];
  return deps.eventstore.execute(input.userId, async () => {
    const row = await loadExistingUser(deps, input.userId);
    checkManagerPermission(caller, row);
    const existing = await deps.metadata.existingKeys(row.id, keys);
    const missing = keys.find((key) => !existing.has(key));
    if (missing !== undefined) throw notFound("COMMAND-MdNf1", `Errors.Metadata.KeyNotExisting: the user has no metadata "${missing}"`);
    return pushUserChange(deps, caller, {
      row,
      events: keys.map((key) => ({ type: UserEvent.metadataRemoved, payload: { key } })),
      side: [{ table: "user_metadata", op: "delete", rows: keys.map((key) => ({ userId: row.id, key })) }],
    });
  });
}
