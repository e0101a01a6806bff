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
  /** The series this label set's points yield, by name and extra label (seriesOf): the same descriptor every time. */
  readonly series: Map<string, SeriesDescriptor>;
}

/** More series than one label set yields from any sane request (histogram buckets of every metric sharing it). */
const MAX_SERIES_PER_LABEL_SET = 4096;
/** Distinct resource + scope label sets remembered; a process sees a few per sending service. */
const MAX_SCOPES = 10_000;

/** A point's attributes as decoded once from the bytes they were sent as, and the short id standing for those bytes. */
export interface CachedAttributes {
  readonly id: string;
  /** Shared by every point sent with the same bytes: read-only. */
  readonly attributes: KeyValue[];
  /**
   * The label set these attributes made last, under the resource and scope of `lastScopeKey`:
   * most attribute sets come with one resource, so most points skip the `labelSets` lookup.
   */
  lastScopeKey: string;
  lastLabelSet: OtlpLabelSet | undefined;
}

/**
 * OTLP metrics' decoded-series cache, like remote_write's (DecodedSeriesCache): an SDK exports
 * the same series every interval, and building their labels (sanitized names, merged resource and
 * point attributes) and then fingerprinting and encoding them was most of a point's cost.
 * - `attributeBytes`: a point's attributes by the exact bytes of its attribute fields (as
 *   remote_write keys on its label bytes), so the protobuf reader decodes a repeated attribute set
 *   once instead of into KeyValue and AnyValue objects per point; each gets a short id;
 * - `labelSets`: a point's merged labels, so they are built and measured once, keyed by a short
 *   id of the resource and scope labels (`scopeKey`) and the id of the point's attribute bytes
 *   (OTLP/JSON, which has no bytes: the attributes as sent, exact strings, length-prefixed, so a
 *   hit is exact);
 * - each label set's `series`: the descriptor of each series a point yields (`_bucket` with each
 *   `le`, `_sum`, `quantile` ...), the same object every time, so the store's per-series memo
 *   (fingerprint, encoded labels) is hit instead of recomputed.
 * Keys are kept short on purpose: hashing a long key string per point (the resource labels'
 * JSON, then that again with the series name) was a third of a cached point's cost. Label sets
 * are bounded by two generations of `maxEntries`, each one's series by MAX_SERIES_PER_LABEL_SET.
 * Limits are re-checked on every hit (they are per project). One cache per process, not shared
 * between threads.
 */
export class OtlpSeriesCache {
  readonly labelSets: DecodedSeriesCache<OtlpLabelSet>;
  /** Keyed by the attribute fields' bytes as latin1 text (one native call, no UTF-8 decoding). */
  readonly attributeBytes: DecodedSeriesCache<CachedAttributes>;
  private readonly scopes: DecodedSeriesCache<string>;
  private scopesSeen = 0;
  private attributesSeen = 0;

  constructor(readonly maxEntries = 100_000) {
    this.labelSets = new DecodedSeriesCache(maxEntries);
    this.attributeBytes = new DecodedSeriesCache(maxEntries);
    this.scopes = new DecodedSeriesCache(Math.min(maxEntries, MAX_SCOPES));
  }

  /** Remembers attributes decoded from `bytes` (their latin1 text) under a new id. */
  rememberAttributes(bytes: string, attributes: KeyValue[]): CachedAttributes {
    // `#` and never reused: an id cannot equal attributesKey's text (empty or starting with a
    // digit), nor, after an eviction, another byte string's id.
    const entry: CachedAttributes = { id: `#${(this.attributesSeen++).toString(36)}`, attributes, lastScopeKey: '', lastLabelSet: undefined };
    this.attributeBytes.set(bytes, entry);
    return entry;
  }

  /** A short key standing for these resource and scope labels, the same for equal labels while they stay cached. */
  scopeKey(labels: Readonly<Record<string, string>>): string {
    const json = JSON.stringify(labels);
    let key = this.scopes.get(json);
    if (key === undefined) {
      // Never reused, so a key evicted and assigned anew cannot alias another scope's label sets.
      key = `${(this.scopesSeen++).toString(36)}|`;
      this.scopes.set(json, key);
    }
    return key;
  }
}

/** The series `name` of a cached label set, with `extra` (`le`, `quantile`) added if given. */
export function seriesOf(set: OtlpLabelSet, name: string, extra: readonly [string, string] | undefined): SeriesDescriptor {
  const key = extra ? `${name}\u0000${extra[0]}\u0000${extra[1]}` : name;
  let descriptor = set.series.get(key);
  if (!descriptor) {
    if (set.series.size >= MAX_SERIES_PER_LABEL_SET) set.series.clear();
    descriptor = { name, labels: extra ? { ...set.labels, [extra[0]]: extra[1] } : set.labels };
    set.series.set(key, descriptor);
  }
  return descriptor;
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
  return { labels, labelCount, longestLabelName, longestLabelValue, series: new Map() };
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
