import type { Reducer } from '@vigil/contracts';
import { describe, expect, it } from 'vitest';
import { breaches, isRecovered, loosestThreshold, recoveryThreshold, reduce, severityOf, type Thresholds } from './thresholds';

describe('severityOf', () => {
  const above: Thresholds = { comparator: '>', warning: 80, critical: 90 };
  const below: Thresholds = { comparator: '<=', warning: 20, critical: 10 };
  const cases: [Thresholds, number, string | undefined][] = [
    [above, 95, 'critical'],
    [above, 90, 'warning'],
    [above, 85, 'warning'],
    [above, 80, undefined],
    [above, -1, undefined],
    [above, Infinity, 'critical'],
    [above, NaN, undefined],
    [below, 10, 'critical'],
    [below, 15, 'warning'],
    [below, 20, 'warning'],
    [below, 21, undefined],
    [{ comparator: '>=', critical: 1 }, 1, 'critical'],
    [{ comparator: '>=', critical: 1 }, 0.99, undefined],
    [{ comparator: '<', warning: 5 }, 4, 'warning'],
    [{ comparator: '<', warning: 5 }, 5, undefined],
  ];
  it.each(cases)('%j, %s → %s', (thresholds, value, expected) => {
    expect(severityOf(value, thresholds)).toBe(expected);
  });
});

describe('breaches', () => {
  it('compares with each comparator', () => {
    expect([breaches(2, '>', 1), breaches(1, '>', 1), breaches(1, '>=', 1), breaches(0, '<', 1), breaches(1, '<', 1), breaches(1, '<=', 1)]).toEqual([true, false, true, true, false, true]);
  });
});

describe('recovery (hysteresis)', () => {
  it('defaults to the least strict of warning and critical', () => {
    expect(loosestThreshold({ comparator: '>', warning: 80, critical: 90 })).toBe(80);
    expect(loosestThreshold({ comparator: '<', warning: 20, critical: 10 })).toBe(20);
    expect(loosestThreshold({ comparator: '>', critical: 90 })).toBe(90);
    expect(loosestThreshold({ comparator: '>', warning: 70 })).toBe(70);
    expect(recoveryThreshold({ comparator: '>', warning: 80, critical: 90 })).toBe(80);
    expect(recoveryThreshold({ comparator: '>', warning: 80, critical: 90, recovery: 60 })).toBe(60);
  });

  it('is recovered only once the value no longer breaches the recovery threshold', () => {
    const t: Thresholds = { comparator: '>', critical: 90, recovery: 80 };
    expect(isRecovered(95, t)).toBe(false);
    expect(isRecovered(85, t)).toBe(false);
    expect(isRecovered(80, t)).toBe(true);
    expect(isRecovered(10, t)).toBe(true);
    const falling: Thresholds = { comparator: '<', critical: 10, recovery: 20 };
    expect(isRecovered(15, falling)).toBe(false);
    expect(isRecovered(20, falling)).toBe(true);
    // Without a recovery threshold: recovered when breaching neither threshold.
    const plain: Thresholds = { comparator: '>=', warning: 5, critical: 10 };
    expect(isRecovered(5, plain)).toBe(false);
    expect(isRecovered(4.9, plain)).toBe(true);
    expect(isRecovered(1, { comparator: '>' })).toBe(true);
  });
});

describe('reduce', () => {
  const points: [number, number][] = [
    [0, 4],
    [60, NaN],
    [120, 1],
    [180, Infinity],
    [240, 7],
    [300, -Infinity],
  ];
  const cases: [Reducer, number][] = [
    ['last', 7],
    ['avg', 4],
    ['min', 1],
    ['max', 7],
    ['sum', 12],
  ];
  it.each(cases)('%s ignores non-finite values → %s', (reducer, expected) => {
    expect(reduce(points, reducer)).toBe(expected);
  });

  it('is undefined when no finite value is left', () => {
    for (const reducer of ['last', 'avg', 'min', 'max', 'sum'] as const) {
      expect(reduce([], reducer)).toBeUndefined();
      expect(reduce([[0, NaN], [1, Infinity]], reducer)).toBeUndefined();
    }
  });

  it('reduces a single point to itself, including zero and negatives', () => {
    for (const reducer of ['last', 'avg', 'min', 'max', 'sum'] as const) {
      expect(reduce([[0, 0]], reducer)).toBe(0);
      expect(reduce([[0, -3]], reducer)).toBe(-3);
    }
  });
});
