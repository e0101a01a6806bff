import { describe, expect, it } from 'vitest';
import { calendarPeriod, nominalWindowDays, splitRange, windowRange } from './windows';

const t = (iso: string) => Date.parse(iso);

describe('windowRange', () => {
  it('reads a rolling window up to the last whole minute', () => {
    const now = t('2026-03-10T12:34:56.789Z');
    expect(windowRange({ kind: 'rolling', days: 30 }, now)).toEqual({ from: t('2026-02-08T12:34:00Z'), to: t('2026-03-10T12:34:00Z'), end: t('2026-03-10T12:34:00Z'), lengthMs: 30 * 86_400_000 });
    expect(windowRange({ kind: 'rolling', days: 7 }, t('2026-03-10T00:00:00Z')).from).toBe(t('2026-03-03T00:00:00Z'));
  });

  it('starts a calendar month at midnight in its zone and ends at the next month', () => {
    const now = t('2026-03-31T23:30:00Z'); // already April 1st in Berlin (UTC+2 since Mar 29)
    const range = windowRange({ kind: 'calendar', unit: 'month', timeZone: 'Europe/Berlin' }, now);
    expect(range.from).toBe(t('2026-03-31T22:00:00Z'));
    expect(range.end).toBe(t('2026-04-30T22:00:00Z'));
    expect(range.lengthMs).toBe(30 * 86_400_000);
  });

  it('measures a month that holds a daylight-saving change by its real length', () => {
    const { start, end } = calendarPeriod('month', 'Europe/Berlin', t('2026-03-15T12:00:00Z'));
    expect(start).toBe(t('2026-02-28T23:00:00Z'));
    expect(end).toBe(t('2026-03-31T22:00:00Z'));
    expect(end - start).toBe(31 * 86_400_000 - 3_600_000);
  });

  it('starts a quarter at its first month in the zone', () => {
    expect(calendarPeriod('quarter', 'UTC', t('2026-05-20T10:00:00Z'))).toEqual({ start: t('2026-04-01T00:00:00Z'), end: t('2026-07-01T00:00:00Z') });
    expect(calendarPeriod('quarter', 'America/New_York', t('2026-01-01T03:00:00Z'))).toEqual({ start: t('2025-10-01T04:00:00Z'), end: t('2026-01-01T05:00:00Z') });
    expect(calendarPeriod('quarter', 'Asia/Kolkata', t('2026-03-31T19:00:00Z')).start).toBe(t('2026-03-31T18:30:00Z'));
  });

  it('has an empty range at the very start of a period', () => {
    const range = windowRange({ kind: 'calendar', unit: 'month', timeZone: 'UTC' }, t('2026-06-01T00:00:30Z'));
    expect(range.from).toBe(range.to);
  });

  it('scales by nominal days', () => {
    expect(nominalWindowDays({ kind: 'rolling', days: 28 })).toBe(28);
    expect(nominalWindowDays({ kind: 'calendar', unit: 'month', timeZone: 'UTC' })).toBe(30);
    expect(nominalWindowDays({ kind: 'calendar', unit: 'quarter', timeZone: 'UTC' })).toBe(90);
  });
});

describe('splitRange', () => {
  it('reads whole hours from the rollup and the edges from minutes', () => {
    expect(splitRange(t('2026-01-01T10:15:00Z'), t('2026-01-02T08:40:00Z'))).toEqual({
      hours: { from: t('2026-01-01T11:00:00Z'), to: t('2026-01-02T08:00:00Z') },
      minutes: [
        { from: t('2026-01-01T10:15:00Z'), to: t('2026-01-01T11:00:00Z') },
        { from: t('2026-01-02T08:00:00Z'), to: t('2026-01-02T08:40:00Z') },
      ],
    });
  });

  it('needs no minutes when aligned, and no hours inside one hour', () => {
    expect(splitRange(t('2026-01-01T10:00:00Z'), t('2026-01-01T12:00:00Z'))).toEqual({ hours: { from: t('2026-01-01T10:00:00Z'), to: t('2026-01-01T12:00:00Z') }, minutes: [] });
    expect(splitRange(t('2026-01-01T10:05:00Z'), t('2026-01-01T10:50:00Z'))).toEqual({ hours: null, minutes: [{ from: t('2026-01-01T10:05:00Z'), to: t('2026-01-01T10:50:00Z') }] });
    expect(splitRange(t('2026-01-01T10:05:00Z'), t('2026-01-01T11:50:00Z'))).toEqual({
      hours: null,
      minutes: [{ from: t('2026-01-01T10:05:00Z'), to: t('2026-01-01T11:50:00Z') }],
    });
    expect(splitRange(5, 5)).toEqual({ hours: null, minutes: [] });
  });
});
