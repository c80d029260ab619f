// What a metadata change writes, for users and organisations alike (ZITADEL's BulkSet…Metadata and
// BulkRemove…Metadata): nothing to set or remove → FailedPrecondition; an empty key or value → InvalidArgument
// naming every such entry; only keys whose value really changes are set (the last value of a key named twice
// wins, as applying the events in order would); a key to remove that the owner lacks → NotFound, and nothing
// is removed.
import { failedPrecondition, notFound } from "../domain/errors.js";
import type { MetadataEntry } from "./user/inputs.js";
import type { MetadataReader } from "./user/metadata-deps.js";
import { Violations } from "./violations.js";

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

/** Of the wanted entries, those whose value differs from the stored one. */
export async function changedMetadata(reader: MetadataReader, ownerId: string, wanted: Map<string, Uint8Array>): Promise<[string, Uint8Array][]> {
  const stored = await reader.values(ownerId, [...wanted.keys()]);
  return [...wanted].filter(([key, value]) => !sameBytes(stored.get(key), value));
}

/** Every key must exist, or nothing is removed. */
export async function requireMetadataKeys(reader: MetadataReader, ownerId: string, keys: readonly string[], owner: string): Promise<void> {
  const existing = await reader.existingKeys(ownerId, keys);
  const missing = keys.find((key) => !existing.has(key));
  if (missing !== undefined) throw notFound("COMMAND-MdNf1", `Errors.Metadata.KeyNotExisting: the ${owner} has no metadata "${missing}"`);
}

export const metadataValueText = (value: Uint8Array): string => Buffer.from(value).toString("base64");

const sameBytes = (stored: Uint8Array | undefined, wanted: Uint8Array): boolean =>
  stored !== undefined && Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength).equals(wanted);
