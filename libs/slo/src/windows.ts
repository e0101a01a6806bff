import type { SloWindow } from '@vigil/contracts';
import { DateTime } from 'luxon';
import { ceilTo, DAY_MS, floorTo, HOUR_MS, MINUTE_MS } from './time';

/**
 * The SLO window read at `now` (docs/slo.md, Windows). Records are per whole minute, so the
 * window ends at `now` aligned down to the minute (the minute in progress is not complete):
 * - rolling N days: [to − N days, to); `end` = to;
 * - calendar month or quarter in a time zone: from the period's start (midnight of its first
 *   day in that zone, daylight-saving changes included) to `to`; `end` is the period's end.
 * `lengthMs` is the whole period (rolling: N days): budgets in minutes and the time until the
 * budget runs out are measured against it.
 */
export interface WindowRange {
  from: number;
  to: number;
  end: number;
  lengthMs: number;
}

export function windowRange(window: SloWindow, now: number): WindowRange {
  const to = floorTo(now, MINUTE_MS);
  if (window.kind === 'rolling') {
    const lengthMs = window.days * DAY_MS;
    return { from: to - lengthMs, to, end: to, lengthMs };
  }
  const { start, end } = calendarPeriod(window.unit, window.timeZone, now);
  return { from: start, to: Math.max(start, to), end, lengthMs: end - start };
}

/** The calendar month or quarter holding `at`, in the zone: [start, end) in epoch ms. */
export function calendarPeriod(unit: 'month' | 'quarter', timeZone: string, at: number): { start: number; end: number } {
  const local = DateTime.fromMillis(at, { zone: timeZone });
  if (!local.isValid) throw new RangeError(`invalid time zone ${timeZone}`);
  const start = local.startOf(unit);
  const end = unit === 'month' ? start.plus({ months: 1 }) : start.plus({ quarters: 1 });
  return { start: start.toMillis(), end: end.toMillis() };
}

/**
 * The window's nominal length in days, to which the workbook's burn-rate factors (written for
 * 30 days) are scaled: rolling N days → N, a calendar month → 30, a quarter → 90. Nominal rather
 * than the current period's length, so an SLO's alert thresholds do not change month to month.
 */
export function nominalWindowDays(window: SloWindow): number {
  if (window.kind === 'rolling') return window.days;
  return window.unit === 'month' ? 30 : 90;
}

/** The longest window any SLO may have (a calendar quarter): how long minute records must be kept to read its edges. */
export const LONGEST_WINDOW_MS = 92 * DAY_MS;

/**
 * How a range [from, to) (minute-aligned) is read: whole hours from the hourly rollup, the
 * partial hours at its edges from the minute records.
 */
export interface RangeParts {
  hours: { from: number; to: number } | null;
  minutes: { from: number; to: number }[];
}

export function splitRange(from: number, to: number): RangeParts {
  if (to <= from) return { hours: null, minutes: [] };
  const firstHour = ceilTo(from, HOUR_MS);
  const lastHour = floorTo(to, HOUR_MS);
  if (firstHour >= lastHour) return { hours: null, minutes: [{ from, to }] };
  const minutes = [
    ...(from < firstHour ? [{ from, to: firstHour }] : []),
    ...(lastHour < to ? [{ from: lastHour, to }] : []),
  ];
  return { hours: { from: firstHour, to: lastHour }, minutes };
}
