import { describe, expect, it } from 'vitest';
import { defaultBurnRateWindows, evaluatePair, WORKBOOK_BURN_RATES } from './alert-conditions';

describe('default burn-rate windows', () => {
  it('are the workbook pairs for 30 days', () => {
    expect(defaultBurnRateWindows({ kind: 'rolling', days: 30 })).toEqual([
      { severity: 'critical', longWindowSeconds: 3600, shortWindowSeconds: 300, burnRate: 14.4 },
      { severity: 'critical', longWindowSeconds: 21600, shortWindowSeconds: 1800, burnRate: 6 },
      { severity: 'warning', longWindowSeconds: 86400, shortWindowSeconds: 7200, burnRate: 3 },
      { severity: 'warning', longWindowSeconds: 259200, shortWindowSeconds: 21600, burnRate: 1 },
    ]);
    expect(defaultBurnRateWindows({ kind: 'calendar', unit: 'month', timeZone: 'UTC' }).map((p) => p.burnRate)).toEqual([14.4, 6, 3, 1]);
  });

  it('scale the factors with the window: the same share of the budget in the same long window', () => {
    expect(defaultBurnRateWindows({ kind: 'rolling', days: 7 }).map((p) => p.burnRate)).toEqual([3.36, 1.4, 0.7, 0.233333]);
    expect(defaultBurnRateWindows({ kind: 'rolling', days: 28 }).map((p) => p.burnRate)).toEqual([13.44, 5.6, 2.8, 0.933333]);
    expect(defaultBurnRateWindows({ kind: 'calendar', unit: 'quarter', timeZone: 'UTC' }).map((p) => p.burnRate)).toEqual([43.2, 18, 9, 3]);
    expect(WORKBOOK_BURN_RATES).toHaveLength(4);
  });
});

describe('evaluatePair', () => {
  const pair = { burnRate: 14.4 };

  it('takes the smaller of the two burn rates and fires only above the factor', () => {
    // 99.9 %: long 2 % errors (20×), short 5 % (50×) → both above 14.4.
    const result = evaluatePair(pair, { good: 980, valid: 1000 }, { good: 95, valid: 100 }, 99.9, 10);
    expect(result.longBurnRate).toBeCloseTo(20, 9);
    expect(result.shortBurnRate).toBeCloseTo(50, 9);
    expect(result.value).toBe(result.longBurnRate);
    expect(result.firing).toBe(true);
  });

  it('does not fire when only one window burns fast (the short one has recovered)', () => {
    const result = evaluatePair(pair, { good: 980, valid: 1000 }, { good: 100, valid: 100 }, 99.9, 10);
    expect(result.value).toBe(0);
    expect(result.firing).toBe(false);
  });

  it('needs strictly more than the factor', () => {
    const result = evaluatePair({ burnRate: 2 }, { good: 98, valid: 100 }, { good: 98, valid: 100 }, 99, 0);
    expect(result.value).toBe(2);
    expect(result.firing).toBe(false);
  });

  it('judges nothing below the event floor: one failure among three requests pages no one', () => {
    const result = evaluatePair(pair, { good: 30, valid: 31 }, { good: 2, valid: 3 }, 99.9, 10);
    expect(result).toMatchObject({ value: undefined, belowFloor: true, firing: false });
    expect(result.shortBurnRate).toBeCloseTo(1 / 3 / 0.001, 6);
  });

  it('has no value without events even with no floor', () => {
    expect(evaluatePair(pair, { good: 0, valid: 0 }, { good: 0, valid: 0 }, 99, 0)).toMatchObject({ value: undefined, belowFloor: false, firing: false });
  });
});
