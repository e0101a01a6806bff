import { describe, expect, it } from 'vitest';
import { budgetSeries, chartStep } from './series';

const H = 3_600_000;

describe('budgetSeries', () => {
  it('burns down cumulatively from the window start and rates each step on its own', () => {
    const steps = [
      { t: 0, good: 0, valid: 0 },
      { t: H, good: 990, valid: 1000 },
      { t: 2 * H, good: 995, valid: 1000 },
    ];
    const series = budgetSeries(steps, H, 99, 30 * 24 * H);
    expect(series.budgetRemaining).toEqual([
      [2 * H, (1 - 10 / (1000 * 0.01)) * 100],
      [3 * H, (1 - 15 / (2000 * 0.01)) * 100],
    ]);
    expect(series.burnRate).toEqual([
      [2 * H, 10 / 1000 / 0.01],
      [3 * H, 5 / 1000 / 0.01],
    ]);
    expect(series.sli).toEqual([
      [2 * H, 0.99],
      [3 * H, 1985 / 2000],
    ]);
  });

  it('picks whole-hour steps of at most ~750 points', () => {
    expect(chartStep(7 * 24 * H)).toBe(H);
    expect(chartStep(30 * 24 * H)).toBe(H);
    expect(chartStep(92 * 24 * H)).toBe(3 * H);
  });
});
