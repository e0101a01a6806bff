import { describe, expect, it } from 'vitest';
import { bucketStartAt, stackHistogram } from './histogram-data';

describe('stackHistogram', () => {
  it('stacks the levels that occur, bottom first, with running tops and own counts', () => {
    const stacked = stackHistogram([
      { t: 60_000, total: 3, bySeverity: { info: 2, error: 1 } },
      { t: 120_000, total: 4, bySeverity: { error: 4 } },
      { t: 180_000, total: 0, bySeverity: {} },
    ]);
    expect(stacked.xs).toEqual([60, 120, 180]);
    expect(stacked.levels).toEqual(['info', 'error']);
    expect(stacked.counts).toEqual([
      [2, 0, 0],
      [1, 4, 0],
    ]);
    expect(stacked.tops).toEqual([
      [2, 0, 0],
      [3, 4, 0],
    ]);
  });

  it('counts unknown severity names as unspecified, so bars add up to the total', () => {
    const stacked = stackHistogram([{ t: 0, total: 3, bySeverity: { unspecified: 1, critical: 2 } }]);
    expect(stacked.levels).toEqual(['unspecified']);
    expect(stacked.tops).toEqual([[3]]);
  });
});

describe('bucketStartAt', () => {
  it('finds the bar that covers a time', () => {
    expect(bucketStartAt([60, 120, 180], 130)).toBe(120);
    expect(bucketStartAt([60, 120, 180], 180)).toBe(180);
    expect(bucketStartAt([60, 120, 180], 59)).toBeUndefined();
  });
});
