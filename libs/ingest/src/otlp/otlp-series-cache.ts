import type { SeriesDescriptor } from '../batch';
import type { IngestLimits } from '../ingest-limits';
import { DecodedSeriesCache } from '../remote-write/decoded-series-cache';
import type { KeyValue } from './otlp-messages';
import { anyValueToString } from './otlp-values';

/** A data point's labels (resource, scope and point attributes merged) and what the limits re-check. */
export interface OtlpLabelSet {
  labels: Readonly<Record<string, string>>;
  labelCount: number;
  longestLabelName: number;
  longestLabelValue: number;
}

/**
 * OTLP metrics' decoded-series cache, like remote_write's (DecodedSeriesCache): an SDK exports
 * the same series every interval, and building their labels (sanitized names, merged resource and
 * point attributes) and then fingerprinting and encoding them was most of a point's cost. Keyed
 * by the attributes as sent (exact strings, length-prefixed, so a hit is exact):
 * - `labelSets`: a point's merged labels, so they are built and measured once;
 * - `series`: the descriptor of each series a point yields (`_bucket` with each `le`, `_sum`,
 *   `quantile` ...), the same object every time, so the store's per-series memo (fingerprint,
 *   encoded labels) is hit instead of recomputed.
 * Both bounded by two generations of `maxEntries`. Limits are re-checked on every hit (they are
 * per project). One cache per process, not shared between threads.
 */
export class OtlpSeriesCache {
  readonly labelSets: DecodedSeriesCache<OtlpLabelSet>;
  readonly series: DecodedSeriesCache<SeriesDescriptor>;

  constructor(readonly maxEntries = 100_000) {
    this.labelSets = new DecodedSeriesCache(maxEntries);
    this.series = new DecodedSeriesCache(maxEntries);
  }
}

/** `text` prefixed with its length: keys joined from such parts cannot run into each other. */
export function keyPart(text: string): string {
  return `${text.length}:${text}`;
}

/** The cache key of a point's attributes, in the order sent (what attributesToLabels reads of them). */
export function attributesKey(attributes: readonly KeyValue[] | null | undefined): string {
  let key = '';
  for (const attribute of attributes ?? []) key += keyPart(attribute.key ?? '') + keyPart(anyValueToString(attribute.value));
  return key;
}

/** Measures merged labels for the limit re-check of later hits. */
export function labelSetOf(labels: Readonly<Record<string, string>>): OtlpLabelSet {
  let labelCount = 0;
  let longestLabelName = 0;
  let longestLabelValue = 0;
  for (const name in labels) {
    labelCount++;
    longestLabelName = Math.max(longestLabelName, name.length);
    longestLabelValue = Math.max(longestLabelValue, (labels[name] as string).length);
  }
  return { labels, labelCount, longestLabelName, longestLabelValue };
}

/** True when a series named `name` with these labels and `extraLabels` more is within every limit (seriesLimitViolation's rules). */
export function labelSetWithinLimits(set: OtlpLabelSet, name: string, extraLabels: number, limits: IngestLimits): boolean {
  return (
    name.length <= limits.metricNameLength &&
    set.longestLabelName <= limits.labelNameLength &&
    set.longestLabelValue <= limits.labelValueLength &&
    1 + extraLabels + set.labelCount <= limits.labelsPerSeries
  );
}
