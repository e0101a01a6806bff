/** One cumulative bucket of a classic histogram: observations ≤ `le`. */
export interface HistogramBucket {
  le: number;
  count: number;
}

/** Relative tolerance under which neighbouring bucket counts are taken as equal (float noise). */
const PRECISION_TOLERANCE = 1e-12;

/**
 * The φ-quantile of cumulative buckets, exactly as Prometheus' `histogram_quantile` computes it
 * for classic histograms (promql/quantile.go, bucketQuantile): buckets sorted by upper bound,
 * equal bounds merged, float noise and non-monotonic counts evened out, rank = q × total,
 * linear interpolation inside the bucket holding the rank, with 0 as the lower bound of the
 * first bucket when its upper bound is positive (else that bound is the answer), and the
 * upper bound of the second-highest bucket when the rank falls in `+Inf`.
 *
 * NaN when there is no answer: no `+Inf` bucket, fewer than two buckets, no observations, or q NaN.
 * Written here rather than taken from a library: no maintained JS port of PromQL's function exists,
 * and it is twenty lines.
 */
export function histogramQuantile(q: number, input: readonly HistogramBucket[]): number {
  if (Number.isNaN(q)) return Number.NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  if (input.length === 0) return Number.NaN;
  const sorted = [...input].sort((a, b) => a.le - b.le);
  if ((sorted.at(-1) as HistogramBucket).le !== Infinity) return Number.NaN;

  // Merge buckets with the same upper bound (their counts add, as Prometheus does).
  const buckets: HistogramBucket[] = [];
  for (const bucket of sorted) {
    const last = buckets.at(-1);
    if (last !== undefined && last.le === bucket.le) last.count += bucket.count;
    else buckets.push({ le: bucket.le, count: bucket.count });
  }
  // Float noise: a count within 1e-12 (relative) of the previous one takes its value.
  let previous = (buckets[0] as HistogramBucket).count;
  for (let i = 1; i < buckets.length; i++) {
    const bucket = buckets[i] as HistogramBucket;
    const delta = Math.abs(bucket.count - previous);
    if (delta === 0) continue;
    if (delta / bucket.count <= PRECISION_TOLERANCE) bucket.count = previous;
    else previous = bucket.count;
  }
  // Monotonic envelope: a count below an earlier one is raised to it.
  let max = (buckets[0] as HistogramBucket).count;
  for (let i = 1; i < buckets.length; i++) {
    const bucket = buckets[i] as HistogramBucket;
    if (bucket.count > max) max = bucket.count;
    else if (bucket.count < max) bucket.count = max;
  }

  if (buckets.length < 2) return Number.NaN;
  const observations = (buckets.at(-1) as HistogramBucket).count;
  if (observations === 0) return Number.NaN;
  let rank = q * observations;
  // The first bucket (excluding +Inf) whose cumulative count reaches the rank.
  let b = buckets.length - 1;
  for (let i = 0; i < buckets.length - 1; i++) {
    if ((buckets[i] as HistogramBucket).count >= rank) {
      b = i;
      break;
    }
  }
  if (b === buckets.length - 1) return (buckets[buckets.length - 2] as HistogramBucket).le;
  const upper = buckets[b] as HistogramBucket;
  if (b === 0 && upper.le <= 0) return upper.le;
  let start = 0;
  let count = upper.count;
  if (b > 0) {
    const lower = buckets[b - 1] as HistogramBucket;
    start = lower.le;
    count -= lower.count;
    rank -= lower.count;
  }
  return start + (upper.le - start) * (rank / count);
}

/** `le` label text → number (`+Inf` included); undefined when it is not a number. */
export function parseBucketBound(le: string | undefined): number | undefined {
  if (le === undefined || le.trim() === '') return undefined;
  const text = le.trim();
  if (text === '+Inf' || text === 'Inf' || text === 'inf' || text === '+inf') return Infinity;
  if (text === '-Inf' || text === '-inf') return -Infinity;
  const value = Number(text);
  return Number.isNaN(value) ? undefined : value;
}
