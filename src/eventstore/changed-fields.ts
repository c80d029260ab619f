// Which fields of a root row a command's events changed, so that the push writes only those (PushRequest.root.changed).
import { EVENT_TIME } from "../domain/event-time.js";

export function changedFields(before: object, after: object): string[] {
  const previous = before as Record<string, unknown>;
  const changed: string[] = [];
  for (const [field, value] of Object.entries(after)) {
    if (!sameValue(previous[field], value)) changed.push(field);
  }
  return changed;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return b !== EVENT_TIME;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.from(a).equals(b);
  // Nested values (pending codes, role lists) are small; a new object with the same content is no change.
  if (typeof a === "object" && typeof b === "object" && a !== null && b !== null) return JSON.stringify(a) === JSON.stringify(b);
  return false;
}
