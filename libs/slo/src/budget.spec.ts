import { describe, expect, it } from 'vitest';
import { burnRate, burnRateReport, errorBudget, errorBudgetRatio, exhaustionTime, sliOf } from './budget';

const DAY = 86_400_000;

describe('error budget', () => {
  it('counts the errors a 99.9 % objective allows among the events seen, and the same share of the window in minutes', () => {
    // 1,000,000 valid events, 400 bad: 1,000 allowed, 400 spent.
    const budget = errorBudget(999_600, 1_000_000, 99.9, 30 * DAY);
    const ratio = (100 - 99.9) / 100;
    expect(budget).toEqual({
      totalEvents: 1_000_000 * ratio,
      consumedEvents: 400,
      remainingEvents: 1_000_000 * ratio - 400,
      totalMinutes: 43_200 * ratio,
      consumedMinutes: (400 / (1_000_000 * ratio)) * (43_200 * ratio),
      remainingMinutes: 43_200 * ratio - (400 / (1_000_000 * ratio)) * (43_200 * ratio),
      remainingPercent: (1 - 400 / (1_000_000 * ratio)) * 100,
    });
    expect(budget?.totalMinutes).toBeCloseTo(43.2, 9);
    expect(budget?.remainingPercent).toBeCloseTo(60, 9);
  });

  it('goes negative past exhaustion, and has nothing to say without valid events', () => {
    expect(errorBudget(90, 100, 99, 7 * DAY)?.remainingPercent).toBeCloseTo(-900, 9);
    expect(errorBudget(0, 0, 99, DAY)).toBeNull();
  });

  it('uses one allowance ratio', () => {
    expect(errorBudgetRatio(99.9)).toBe((100 - 99.9) / 100);
    expect(errorBudgetRatio(99)).toBe(0.01);
  });
});

describe('burn rate', () => {
  it('is the error ratio over the allowance', () => {
    expect(burnRate(98, 100, 99)).toBe(2 / 100 / 0.01);
    expect(burnRate(100, 100, 99)).toBe(0);
    expect(burnRate(0, 0, 99)).toBeNull();
    expect(sliOf(3, 4)).toBe(0.75);
    expect(sliOf(0, 0)).toBeNull();
  });

  it('reports the workbook windows with their labels', () => {
    expect(burnRateReport([{ seconds: 300, good: 9, valid: 10 }, { seconds: 86_400, good: 0, valid: 0 }], 90)).toEqual([
      { window: '5m', seconds: 300, burnRate: 0.1 / ((100 - 90) / 100), good: 9, valid: 10 },
      { window: '1d', seconds: 86_400, burnRate: null, good: 0, valid: 0 },
    ]);
  });
});

describe('exhaustion time', () => {
  it('divides what is left by the rate: at 2× a half-full 30-day budget lasts 7.5 days', () => {
    expect(exhaustionTime(50, 2, 30 * DAY, 1_000)).toBe(1_000 + 7.5 * DAY);
  });

  it('is null when nothing burns or nothing is left', () => {
    expect(exhaustionTime(50, 0, DAY, 0)).toBeNull();
    expect(exhaustionTime(50, null, DAY, 0)).toBeNull();
    expect(exhaustionTime(0, 3, DAY, 0)).toBeNull();
    expect(exhaustionTime(null, 3, DAY, 0)).toBeNull();
  });
});
