import { describe, expect, it } from 'vitest';
import { histogramQuantile, parseBucketBound } from './histogram-quantile';

const buckets = (pairs: [number, number][]) => pairs.map(([le, count]) => ({ le, count }));

describe('histogramQuantile (Prometheus histogram_quantile, classic buckets)', () => {
  // promql/promqltest/testdata/histograms.test: testhistogram{start="positive"} after 10 steps.
  const positive = buckets([
    [0.1, 50],
    [0.2, 70],
    [1, 110],
    [Infinity, 120],
  ]);
  it.each([
    [0.2, 0.048],
    [0.5, 0.15],
    [0.8, 0.72],
  ])('interpolates linearly inside the bucket: q=%s → %s', (q, expected) => {
    expect(histogramQuantile(q, positive)).toBeCloseTo(expected, 12);
  });

  it('takes 0 as the lower bound of the first bucket when its upper bound is positive', () => {
    // rank 0.1 × 10 = 1 of 4 observations in (0, 2] → 0.5
    expect(histogramQuantile(0.1, buckets([[2, 4], [Infinity, 10]]))).toBe(0.5);
  });

  // testhistogram{start="negative"}: bounds -0.2, -0.1, 0.3, +Inf.
  const negative = buckets([
    [-0.2, 10],
    [-0.1, 20],
    [0.3, 20],
    [Infinity, 30],
  ]);
  it('returns the first upper bound when it is ≤ 0 and the rank falls in it', () => {
    expect(histogramQuantile(0.2, negative)).toBe(-0.2);
  });
  it('interpolates between negative bounds', () => {
    expect(histogramQuantile(0.5, negative)).toBeCloseTo(-0.15, 12);
  });
  it('answers the second-highest bound when the rank falls in +Inf', () => {
    expect(histogramQuantile(0.8, negative)).toBe(0.3);
    expect(histogramQuantile(0.99, buckets([[1, 1], [Infinity, 100]]))).toBe(1);
  });

  it('sorts buckets by bound (not as text) and merges equal bounds', () => {
    const shuffled = buckets([
      [Infinity, 120],
      [1, 110],
      [0.1, 50],
      [0.2, 70],
    ]);
    expect(histogramQuantile(0.5, shuffled)).toBeCloseTo(0.15, 12);
    // Two series with the same bound add up (e.g. the same bucket of two instances).
    expect(histogramQuantile(0.5, buckets([[0.1, 25], [0.1, 25], [0.2, 70], [1, 110], [Infinity, 120]]))).toBeCloseTo(0.15, 12);
  });

  it('forces monotonic counts, as Prometheus does for inconsistent buckets', () => {
    // 0.2 has fewer than 0.1: raised to 50. rank 60 lies in (0.2, 1]: 0.2 + 0.8 × 10/60.
    expect(histogramQuantile(0.5, buckets([[0.1, 50], [0.2, 40], [1, 110], [Infinity, 120]]))).toBeCloseTo(0.2 + 0.8 * (10 / 60), 12);
  });

  it('evens out float noise below 1e-12 relative', () => {
    const noisy = buckets([[1, 10], [2, 10 + 1e-14], [Infinity, 20]]);
    // Without the correction the rank 10 would land at bound 1 anyway; q=0.5 → 1 exactly.
    expect(histogramQuantile(0.5, noisy)).toBe(1);
  });

  it('is NaN without +Inf, with fewer than two buckets, with no observations or q NaN', () => {
    expect(histogramQuantile(0.5, buckets([[0.1, 5], [1, 10]]))).toBeNaN();
    expect(histogramQuantile(0.5, buckets([[Infinity, 10]]))).toBeNaN();
    expect(histogramQuantile(0.5, buckets([[1, 0], [Infinity, 0]]))).toBeNaN();
    expect(histogramQuantile(0.5, [])).toBeNaN();
    expect(histogramQuantile(Number.NaN, positive)).toBeNaN();
  });

  it('is ±Inf for q outside [0, 1], and the lowest bucket edge for q = 0 and the top for q = 1', () => {
    expect(histogramQuantile(-0.1, positive)).toBe(-Infinity);
    expect(histogramQuantile(1.1, positive)).toBe(Infinity);
    expect(histogramQuantile(0, positive)).toBe(0);
    expect(histogramQuantile(1, positive)).toBe(1);
  });

  it('does not modify its input', () => {
    const input = buckets([[Infinity, 3], [1, 1]]);
    histogramQuantile(0.5, input);
    expect(input).toEqual(buckets([[Infinity, 3], [1, 1]]));
  });
});

describe('parseBucketBound', () => {
  it('reads le as Prometheus and OTLP write it', () => {
    expect(parseBucketBound('+Inf')).toBe(Infinity);
    expect(parseBucketBound('0.005')).toBe(0.005);
    expect(parseBucketBound('1e-7')).toBe(1e-7);
    expect(parseBucketBound('-0.5')).toBe(-0.5);
    expect(parseBucketBound('1.0')).toBe(1);
    expect(parseBucketBound('')).toBeUndefined();
    expect(parseBucketBound(undefined)).toBeUndefined();
    expect(parseBucketBound('abc')).toBeUndefined();
  });
});
