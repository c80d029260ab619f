// The events and projection writes for metadata values to set and keys to remove, decided against what the
// user has: a value equal to the stored one and a key the user does not have write nothing. Shared by
// SetUserMetadata and the account command of the other update-user APIs.
import type { PendingEvent, SideWrite } from "../../eventstore/types.js";
import type { MetadataReader } from "./metadata-deps.js";
import { UserEvent } from "./user-events.js";

export interface MetadataChange {
  set: ReadonlyMap<string, Uint8Array>;
  remove?: readonly string[];
}

export async function decideMetadata(
  reader: MetadataReader,
  userId: string,
  change: MetadataChange,
): Promise<{ events: PendingEvent[]; side: SideWrite[] }> {
  const remove = change.remove ?? [];
  const [stored, existing] = await Promise.all([
    change.set.size > 0 ? reader.values(userId, [...change.set.keys()]) : new Map<string, Uint8Array>(),
    remove.length > 0 ? reader.existingKeys(userId, remove) : new Set<string>(),
  ]);
  const changed = [...change.set].filter(([key, value]) => !sameBytes(stored.get(key), value));
  const removed = [...new Set(remove)].filter((key) => existing.has(key));
  const events: PendingEvent[] = [
    ...changed.map(([key, value]) => ({ type: UserEvent.metadataSet, payload: { key, value: Buffer.from(value).toString("base64") } })),
    ...removed.map((key) => ({ type: UserEvent.metadataRemoved, payload: { key } })),
  ];
  const side: SideWrite[] = [];
  if (changed.length > 0) side.push({ table: "user_metadata", op: "upsert", rows: changed.map(([key, value]) => ({ userId, key, value })) });
  if (removed.length > 0) side.push({ table: "user_metadata", op: "delete", rows: removed.map((key) => ({ userId, key })) });
  return { events, side };
}

const sameBytes = (stored: Uint8Array | undefined, wanted: Uint8Array): boolean =>
  stored !== undefined && Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength).equals(wanted);
