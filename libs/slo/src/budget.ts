import { durationLabel } from './time';

/**
 * Error-budget arithmetic over good and valid event counts (docs/slo.md, Budget). Pure: counts,
 * the objective (percent) and the window's length are inputs.
 *
 * Floating point: the budget ratio is computed once as (100 − objective) / 100 and every figure
 * from it with the same operations, so a hand computation written the same way matches exactly.
 */

/** The share of valid events that may fail: (100 − objective) / 100, e.g. 0.001 for 99.9. */
export function errorBudgetRatio(objective: number): number {
  return (100 - objective) / 100;
}

/** Good / valid, null without valid events. */
export function sliOf(good: number, valid: number): number | null {
  return valid > 0 ? good / valid : null;
}

/**
 * How fast the budget burns: the error ratio over the objective's allowance. 1 spends exactly the
 * budget over the window; 14.4 spends 2 % of a 30-day budget in an hour. Null without valid events.
 */
export function burnRate(good: number, valid: number, objective: number): number | null {
  if (valid <= 0) return null;
  return (valid - good) / valid / errorBudgetRatio(objective);
}

export interface Budget {
  totalEvents: number;
  consumedEvents: number;
  remainingEvents: number;
  totalMinutes: number;
  consumedMinutes: number;
  remainingMinutes: number;
  remainingPercent: number;
}

/**
 * The budget of a window that holds `good` of `valid` events: in events, the errors the objective
 * allows among the valid events so far; in minutes, the same share of the window's length
 * (a 99.9 % objective over 30 days allows 43.2 minutes), consumed in the proportion the events
 * were. Null without valid events (nothing to judge yet).
 */
export function errorBudget(good: number, valid: number, objective: number, windowLengthMs: number): Budget | null {
  if (valid <= 0) return null;
  const ratio = errorBudgetRatio(objective);
  const totalEvents = valid * ratio;
  const consumedEvents = valid - good;
  const consumed = consumedEvents / totalEvents;
  const totalMinutes = (windowLengthMs / 60_000) * ratio;
  const consumedMinutes = consumed * totalMinutes;
  return {
    totalEvents,
    consumedEvents,
    remainingEvents: totalEvents - consumedEvents,
    totalMinutes,
    consumedMinutes,
    remainingMinutes: totalMinutes - consumedMinutes,
    remainingPercent: (1 - consumed) * 100,
  };
}

/**
 * When the budget runs out if it keeps burning at `rate`: a burn rate of 1 spends the whole
 * budget over the window's length, so the share left lasts `left × length / rate`. Null when it
 * does not burn (rate ≤ 0 or unknown) or is already out.
 */
export function exhaustionTime(remainingPercent: number | null, rate: number | null, windowLengthMs: number, now: number): number | null {
  if (remainingPercent === null || rate === null || rate <= 0 || remainingPercent <= 0) return null;
  return now + Math.round(((remainingPercent / 100) * windowLengthMs) / rate);
}

/** The windows burn rates are reported over (docs/slo.md): the workbook's alert windows. */
export const BURN_RATE_WINDOW_SECONDS = [300, 1_800, 3_600, 7_200, 21_600, 86_400, 259_200] as const;

export interface WindowCounts {
  seconds: number;
  good: number;
  valid: number;
}

export interface BurnRateReport {
  window: string;
  seconds: number;
  burnRate: number | null;
  good: number;
  valid: number;
}

export function burnRateReport(counts: readonly WindowCounts[], objective: number): BurnRateReport[] {
  return counts.map(({ seconds, good, valid }) => ({ window: durationLabel(seconds), seconds, burnRate: burnRate(good, valid, objective), good, valid }));
}
