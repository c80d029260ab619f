// The last root row each recent push wrote, so the next command on that aggregate can decide without reading
// it again (one statement per change instead of two). With several servers on one PostgreSQL a cached row can go
// stale unseen, so no decision stands on a cached row alone: only a command on that same aggregate gets it
// (Eventstore.cachedRoot), and its push fails the sequence guard if the row moved on (the command is then decided
// again on a fresh read); a command that would push nothing confirms the sequence first (Eventstore.isCurrent);
// a refusal is decided again on the stored row (Eventstore.execute). Reads outside a command never see the cache.
import { EVENT_TIME } from "../domain/event-time.js";

interface Entry {
  row: Record<string, unknown>;
}

export class RootCache {
  private readonly entries = new Map<string, Entry>();
  private readonly fromCache = new WeakSet<object>();

  constructor(private readonly maxEntries: number) {}

  remember(table: string, id: string, row: Record<string, unknown>, written: { sequence: number; creationDate: Date; changeDate: Date }): void {
    if (this.maxEntries === 0) return;
    const stored: Record<string, unknown> = { ...row, ...written };
    for (const field in stored) if (stored[field] === EVENT_TIME) stored[field] = written.changeDate;
    const key = `${table}/${id}`;
    this.entries.delete(key);
    this.entries.set(key, { row: stored });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  /**
   * A copy of the cached row, marked as coming from the cache. Shallow: commands treat a row's nested values
   * (dates, pending codes) as values and build the next row from it (applyUserEvents) rather than changing it.
   */
  get<T extends object>(table: string, id: string): T | undefined {
    const entry = this.entries.get(`${table}/${id}`);
    if (!entry) return undefined;
    const copy = { ...entry.row } as T;
    this.fromCache.add(copy);
    return copy;
  }

  isCached(row: object): boolean {
    return this.fromCache.has(row);
  }

  forget(table: string, id: string): void {
    this.entries.delete(`${table}/${id}`);
  }
}
