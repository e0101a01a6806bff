/**
 * A small bounded cache of answers that expire, sharing one computation among requests that come
 * while it runs. Hand-written (a dozen lines) rather than lru-cache, which is not a direct
 * dependency: what is needed is a TTL, a size bound and in-flight sharing, nothing more.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { expiresAt: number; value: Promise<V> }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  /** The cached answer for `key`, else `compute()`'s (cached unless it fails). */
  get(key: string, now: number, compute: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit !== undefined && hit.expiresAt > now) return hit.value;
    this.entries.delete(key);
    // Oldest first: a Map keeps insertion order.
    while (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    const value = compute();
    this.entries.set(key, { expiresAt: now + this.ttlMs, value });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }

  forget(key: string): void {
    this.entries.delete(key);
  }
}
