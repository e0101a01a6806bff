import type { ExponentialBuckets, ExponentialHistogramDataPoint, HistogramDataPoint } from './otlp-messages';
import { int64ToNumber } from './otlp-values';

/** A classic (Prometheus) bucket: upper bound and the count of values at or below it. */
export interface Bucket {
  le: number;
  cumulative: number;
}

/**
 * Explicit-bucket histogram → cumulative `le` buckets, without the `+Inf` one (the caller adds
 * it from `count`). OTLP bucket counts are per bucket; Prometheus' are cumulative. A string
 * explains a point that cannot be converted.
 */
export function explicitBuckets(point: HistogramDataPoint): Bucket[] | string {
  const bounds = point.explicitBounds ?? [];
  const counts = point.bucketCounts ?? [];
  if (counts.length === 0) return [];
  if (counts.length !== bounds.length + 1) {
    return `bucket_counts has ${counts.length} entries for ${bounds.length} explicit_bounds (expected ${bounds.length + 1})`;
  }
  const buckets: Bucket[] = [];
  let cumulative = 0;
  for (let i = 0; i < bounds.length; i++) {
    const le = bounds[i] as number;
    if (Number.isNaN(le) || (i > 0 && le <= (bounds[i - 1] as number))) return 'explicit_bounds are not strictly increasing';
    cumulative += int64ToNumber(counts[i]);
    // An explicit +Inf bound duplicates the bucket the caller adds.
    if (le !== Infinity) buckets.push({ le, cumulative });
  }
  return buckets;
}

/** Scales OTLP allows (spec: -10 to 20). */
const MIN_SCALE = -10;
const MAX_SCALE = 20;
/** More buckets than any SDK produces (default 160 per sign); bounds the series one point creates. */
const MAX_EXPONENTIAL_BUCKETS = 2048;

/**
 * Exponential histogram → cumulative `le` buckets, exact to the bucket: bucket `i` holds values
 * in (base^i, base^(i+1)] with base = 2^(2^-scale), so its `le` is base^(i+1). Negative buckets
 * mirror that ([-base^(i+1), -base^i), `le` = -base^i) and come first, most negative first; the
 * zero bucket's `le` is zero_threshold. Bounds are 2^((i+1)·2^-scale): exact powers of two for
 * scale ≤ 0, within one ulp (Math.pow) above.
 */
export function exponentialBuckets(point: ExponentialHistogramDataPoint): Bucket[] | string {
  const scale = point.scale ?? 0;
  if (!Number.isInteger(scale) || scale < MIN_SCALE || scale > MAX_SCALE) return `scale ${scale} outside ${MIN_SCALE}..${MAX_SCALE}`;
  const positive = point.positive?.bucketCounts ?? [];
  const negative = point.negative?.bucketCounts ?? [];
  if (positive.length + negative.length > MAX_EXPONENTIAL_BUCKETS) return `more than ${MAX_EXPONENTIAL_BUCKETS} exponential buckets`;
  const step = 2 ** -scale;
  const bound = (index: number): number => 2 ** (index * step);
  const buckets: Bucket[] = [];
  let cumulative = 0;
  const negativeOffset = offsetOf(point.negative);
  for (let k = negative.length - 1; k >= 0; k--) {
    cumulative += int64ToNumber(negative[k]);
    buckets.push({ le: -bound(negativeOffset + k), cumulative });
  }
  cumulative += int64ToNumber(point.zeroCount);
  buckets.push({ le: point.zeroThreshold ?? 0, cumulative });
  const positiveOffset = offsetOf(point.positive);
  for (let k = 0; k < positive.length; k++) {
    cumulative += int64ToNumber(positive[k]);
    const le = bound(positiveOffset + k + 1);
    // Past the largest double every bound is +Inf, which the caller adds from `count`.
    if (le === Infinity) break;
    buckets.push({ le, cumulative });
  }
  return buckets;
}

function offsetOf(buckets: ExponentialBuckets | null | undefined): number {
  return buckets?.offset ?? 0;
}
