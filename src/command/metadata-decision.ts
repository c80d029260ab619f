// What a metadata change writes, for users and organisations alike (ZITADEL's BulkSet…Metadata and
// BulkRemove…Metadata, and the account command of the other update-user APIs): the request's entries and keys
// are checked before anything is loaded (nothing to set or remove → FailedPrecondition; an empty key or value →
// InvalidArgument naming every such entry); then the decision against what the owner has: only keys whose
// value really changes are set (the last value of a key named twice wins, as applying the events in order
// would), and only keys the owner has are removed — or, for the RPCs that remove keys, a key the owner lacks is
// refused (NotFound, nothing removed) while the account command just removes what is there.
import { failedPrecondition, notFound } from "../domain/errors.js";
import type { PendingEvent, SideWrite } from "../eventstore/types.js";
import { OrgEvent } from "./org/org-events.js";
import type { MetadataEntry } from "./user/inputs.js";
import type { MetadataReader } from "../domain/metadata-reader.js";
import { UserEvent } from "./user/user-events.js";
import { Violations } from "./violations.js";

/** Whose metadata: the events it is changed with and the projection (and its owner column) that holds it. */
export interface MetadataOwner {
  /** How errors name the owner. */
  noun: string;
  setEvent: string;
  removedEvent: string;
  table: "user_metadata" | "org_metadata";
  column: "userId" | "orgId";
}

export const userMetadata: MetadataOwner = {
  noun: "user",
  setEvent: UserEvent.metadataSet,
  removedEvent: UserEvent.metadataRemoved,
  table: "user_metadata",
  column: "userId",
};

export const orgMetadata: MetadataOwner = {
  noun: "organisation",
  setEvent: OrgEvent.metadataSet,
  removedEvent: OrgEvent.metadataRemoved,
  table: "org_metadata",
  column: "orgId",
};

export interface MetadataChange {
  set: ReadonlyMap<string, Uint8Array>;
  remove?: readonly string[];
  /** A key to remove that the owner lacks: NotFound (ZITADEL's Errors.Metadata.KeyNotExisting) instead of nothing. */
  refuseMissing?: boolean;
}

/** The entries to set, checked, before anything is loaded. */
export function checkMetadataToSet(entries: readonly MetadataEntry[]): Map<string, Uint8Array> {
  if (entries.length === 0) throw failedPrecondition("COMMAND-MdNone1", "Errors.Metadata.NoData: no metadata to set");
  const violations = new Violations();
  entries.forEach((entry, index) => {
    if (entry.key === "") violations.add({ field: `metadata[${index}].key`, rule: "string.min_len", description: "must not be empty" });
    if (entry.value.length === 0) violations.add({ field: `metadata[${index}].value`, rule: "bytes.min_len", description: "must not be empty" });
  });
  violations.throwIfAny("COMMAND-MdInv1");
  return new Map(entries.map((entry) => [entry.key, entry.value]));
}

/** The keys to remove, checked, before anything is loaded; a key named twice is removed once. */
export function checkMetadataToRemove(keys: readonly string[]): string[] {
  if (keys.length === 0) throw failedPrecondition("COMMAND-MdNone2", "Errors.Metadata.NoData: no keys to delete");
  const violations = new Violations();
  keys.forEach((key, index) => {
    if (key === "") violations.add({ field: `keys[${index}]`, rule: "string.min_len", description: "must not be empty" });
  });
  violations.throwIfAny("COMMAND-MdInv2");
  return [...new Set(keys)];
}

/** The events and projection writes of `change` against what `ownerId` has; nothing for what is already so. */
export async function decideMetadata(
  reader: MetadataReader,
  owner: MetadataOwner,
  ownerId: string,
  change: MetadataChange,
): Promise<{ events: PendingEvent[]; side: SideWrite[] }> {
  const remove = change.remove ?? [];
  const [stored, existing] = await Promise.all([
    change.set.size > 0 ? reader.values(ownerId, [...change.set.keys()]) : new Map<string, Uint8Array>(),
    remove.length > 0 ? reader.existingKeys(ownerId, remove) : new Set<string>(),
  ]);
  const changed = [...change.set].filter(([key, value]) => !sameBytes(stored.get(key), value));
  const missing = remove.find((key) => !existing.has(key));
  if (change.refuseMissing && missing !== undefined) {
    throw notFound("COMMAND-MdNf1", `Errors.Metadata.KeyNotExisting: the ${owner.noun} has no metadata "${missing}"`);
  }
  const removed = [...new Set(remove)].filter((key) => existing.has(key));
  const events: PendingEvent[] = [
    ...changed.map(([key, value]) => ({ type: owner.setEvent, payload: { key, value: Buffer.from(value).toString("base64") } })),
    ...removed.map((key) => ({ type: owner.removedEvent, payload: { key } })),
  ];
  const side: SideWrite[] = [];
  if (changed.length > 0) side.push({ table: owner.table, op: "upsert", rows: changed.map(([key, value]) => ({ [owner.column]: ownerId, key, value })) });
  if (removed.length > 0) side.push({ table: owner.table, op: "delete", rows: removed.map((key) => ({ [owner.column]: ownerId, key })) });
  return { events, side };
}

const sameBytes = (stored: Uint8Array | undefined, wanted: Uint8Array): boolean =>
  stored !== undefined && Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength).equals(wanted);
