import type { BurnRateWindow, SloWindow } from '@vigil/contracts';
import { burnRate } from './budget';
import { nominalWindowDays } from './windows';

/**
 * The Google SRE Workbook's multiwindow, multi-burn-rate alerts (ch. 5, "Alerting on SLOs"),
 * written for a 30-day window: page when 2 % of the budget burns in an hour (14.4×) or 5 % in
 * six hours (6×), ticket when 10 % burns in a day (3×) or three days (1×); each long window is
 * paired with a short one (1/12 of it) so an alert stops soon after the burning does.
 */
export const WORKBOOK_BURN_RATES: readonly Omit<BurnRateWindow, 'minEvents'>[] = [
  { severity: 'critical', longWindowSeconds: 3_600, shortWindowSeconds: 300, burnRate: 14.4 },
  { severity: 'critical', longWindowSeconds: 21_600, shortWindowSeconds: 1_800, burnRate: 6 },
  { severity: 'warning', longWindowSeconds: 86_400, shortWindowSeconds: 7_200, burnRate: 3 },
  { severity: 'warning', longWindowSeconds: 259_200, shortWindowSeconds: 21_600, burnRate: 1 },
];

/**
 * The workbook's pairs for another window length: each factor is "this share of the budget in
 * the long window", so it scales with the window (a 7-day window pages at 14.4 × 7 / 30 = 3.36×
 * for 2 % of its budget in an hour). Rounded to 6 significant digits.
 */
export function defaultBurnRateWindows(window: SloWindow): BurnRateWindow[] {
  const scale = nominalWindowDays(window) / 30;
  return WORKBOOK_BURN_RATES.map((pair) => ({ ...pair, burnRate: Number((pair.burnRate * scale).toPrecision(6)) }));
}

export interface EventCounts {
  good: number;
  valid: number;
}

export interface PairEvaluation {
  /** min(long, short) burn rate — both windows burn at least this fast; undefined below the floor or without events. */
  value: number | undefined;
  longBurnRate: number | null;
  shortBurnRate: number | null;
  /** Both windows above the pair's burn rate, with enough events. */
  firing: boolean;
  /** A window held fewer than `minEvents` valid events: nothing is judged. */
  belowFloor: boolean;
}

/**
 * One pair at one moment: the workbook's condition `long > f and short > f` is `min(long, short)
 * > f`, so the value compared with the threshold f is the smaller burn rate. A window with fewer
 * than `minEvents` valid events yields no value at all: one failed request among three at night
 * is a 33 % error ratio, and no one should be paged for it.
 */
export function evaluatePair(pair: Pick<BurnRateWindow, 'burnRate'>, long: EventCounts, short: EventCounts, objective: number, minEvents: number): PairEvaluation {
  const longBurnRate = burnRate(long.good, long.valid, objective);
  const shortBurnRate = burnRate(short.good, short.valid, objective);
  const belowFloor = long.valid < minEvents || short.valid < minEvents;
  if (belowFloor || longBurnRate === null || shortBurnRate === null) return { value: undefined, longBurnRate, shortBurnRate, firing: false, belowFloor };
  const value = Math.min(longBurnRate, shortBurnRate);
  return { value, longBurnRate, shortBurnRate, firing: value > pair.burnRate, belowFloor: false };
}
