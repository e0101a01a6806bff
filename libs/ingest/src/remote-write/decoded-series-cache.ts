import type { SeriesDescriptor } from '../batch';

/** A decoded, accepted series and what the limits need to re-check it without decoding. */
export interface CachedSeries {
  descriptor: SeriesDescriptor;
  labelCount: number;
  longestLabelName: number;
  longestLabelValue: number;
}

/**
 * Remembers series by the exact bytes of their labels, so a series Prometheus sends every
 * scrape interval is decoded and validated once, not once per request: creating ~15 strings
 * and an object per series is most of a request's decoding time. Identical bytes decode to the
 * same labels, so a hit is exact; the same SeriesDescriptor object comes back each time, which
 * lets writers memoise per-series work (fingerprints) in a WeakMap.
 *
 * Bounded by two generations: lookups promote entries into the current one, and when it is
 * full the older one is dropped, so memory stays under 2 × maxEntries and hot series survive.
 * Not thread-safe by design: one cache per worker thread (and per project, if limits differ
 * they are re-checked on every hit anyway). OTLP metrics keep their label sets and series in two
 * of these (otlp-series-cache.ts); `Entry` is what one holds.
 */
export class DecodedSeriesCache<Entry = CachedSeries> {
  private current = new Map<string, Entry>();
  private previous = new Map<string, Entry>();

  constructor(readonly maxEntries = 100_000) {}

  get size(): number {
    return this.current.size + this.previous.size;
  }

  get(key: string): Entry | undefined {
    const hit = this.current.get(key);
    if (hit) return hit;
    const old = this.previous.get(key);
    if (old) this.set(key, old);
    return old;
  }

  set(key: string, entry: Entry): void {
    if (this.current.size >= this.maxEntries) {
      this.previous = this.current;
      this.current = new Map();
    }
    this.current.set(key, entry);
  }
}
