import { burnRate, errorBudget, sliOf } from './budget';

/** Good and valid events of one step starting at `t`. */
export interface StepCounts {
  t: number;
  good: number;
  valid: number;
}

export type Points = [number, number][];

export interface BudgetSeries {
  /** At the end of each step: the budget left (%) of what the window had seen since its start. */
  budgetRemaining: Points;
  /** Each step's own burn rate (its errors over its valid events, against the allowance). */
  burnRate: Points;
  /** At the end of each step: good / valid since the window's start. */
  sli: Points;
}

/**
 * Series for the burn-down and burn-rate charts from per-step counts (ascending, step `step` ms):
 * cumulative from the window's start, as burn-down charts read (the last point is the window's
 * budget now); a step's burn rate is its own. Points are stamped at the end of their step;
 * steps before the first valid event have no budget or SLI point, steps without valid events no
 * burn-rate point.
 */
export function budgetSeries(steps: readonly StepCounts[], step: number, objective: number, windowLengthMs: number): BudgetSeries {
  const series: BudgetSeries = { budgetRemaining: [], burnRate: [], sli: [] };
  let good = 0;
  let valid = 0;
  for (const counts of steps) {
    good += counts.good;
    valid += counts.valid;
    const at = counts.t + step;
    const budget = errorBudget(good, valid, objective, windowLengthMs);
    if (budget) series.budgetRemaining.push([at, budget.remainingPercent]);
    const sli = sliOf(good, valid);
    if (sli !== null) series.sli.push([at, sli]);
    const rate = burnRate(counts.good, counts.valid, objective);
    if (rate !== null) series.burnRate.push([at, rate]);
  }
  return series;
}

/**
 * A chart step for a window of `lengthMs`: whole hours (the hourly rollup answers them), at most
 * ~750 points for a 30-day window; a quarter at 3 h (~740 points), a week at 1 h (168).
 */
export function chartStep(lengthMs: number): number {
  const hours = Math.max(1, Math.ceil(lengthMs / 3_600_000 / 750));
  return hours * 3_600_000;
}
