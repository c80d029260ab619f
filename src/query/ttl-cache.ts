// A bounded map whose entries expire: authentication results are kept for a few seconds so hot paths cost no
// database round trip. When full, the oldest entry makes room.
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; validUntil: number }>();

  constructor(private readonly maxEntries: number) {}

  /** The entry's value while it is valid; `found` tells an expired or missing entry from a cached `undefined`. */
  get(key: string, now: number): { found: true; value: V } | { found: false } {
    const hit = this.entries.get(key);
    if (!hit || hit.validUntil <= now) return { found: false };
    return { found: true, value: hit.value };
  }

  set(key: string, value: V, validUntil: number): void {
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value, validUntil });
  }
}
