import { describe, expect, it } from 'vitest';
import { latestStart, maintenanceWindowProblems, type MaintenanceWindowDefinition, MAX_OCCURRENCE_STARTS, windowActivity, windowOccurrences } from './maintenance';

const at = (iso: string) => Date.parse(iso);
const window = (overrides: Partial<MaintenanceWindowDefinition> = {}): MaintenanceWindowDefinition => ({
  id: 'w1',
  cron: '0 22 * * *',
  timezone: 'Europe/Berlin',
  durationMinutes: 120,
  matchers: [],
  enabled: true,
  ...overrides,
});

describe('windowActivity', () => {
  it('is active from each start for the duration, in the window’s time zone', () => {
    // 22:00 in Berlin is 21:00 UTC in winter (CET, +01:00).
    expect(windowActivity(window(), at('2025-01-15T20:59:59Z'))).toEqual({ active: false, startedAt: null, endsAt: null, nextStart: at('2025-01-15T21:00:00Z') });
    expect(windowActivity(window(), at('2025-01-15T21:00:00Z'))).toEqual({ active: true, startedAt: at('2025-01-15T21:00:00Z'), endsAt: at('2025-01-15T23:00:00Z'), nextStart: at('2025-01-16T21:00:00Z') });
    expect(windowActivity(window(), at('2025-01-15T22:59:59.999Z')).active).toBe(true);
    expect(windowActivity(window(), at('2025-01-15T23:00:00Z')).active).toBe(false);
  });

  it('follows Europe/Berlin across the spring DST switch (last Sunday of March)', () => {
    // Saturday 29 March (CET): 22:00 local = 21:00Z. Sunday 30 March (CEST, +02:00): 22:00 local = 20:00Z.
    expect(windowActivity(window(), at('2025-03-29T20:30:00Z')).active).toBe(false);
    expect(windowActivity(window(), at('2025-03-29T21:30:00Z')).startedAt).toBe(at('2025-03-29T21:00:00Z'));
    expect(windowActivity(window(), at('2025-03-30T20:30:00Z'))).toMatchObject({ active: true, startedAt: at('2025-03-30T20:00:00Z'), endsAt: at('2025-03-30T22:00:00Z') });
    expect(windowActivity(window(), at('2025-03-30T19:59:00Z'))).toMatchObject({ active: false, nextStart: at('2025-03-30T20:00:00Z') });
  });

  it('follows Europe/Berlin across the autumn DST switch (last Sunday of October)', () => {
    expect(windowActivity(window(), at('2025-10-25T20:30:00Z')).startedAt).toBe(at('2025-10-25T20:00:00Z'));
    expect(windowActivity(window(), at('2025-10-26T20:30:00Z')).active).toBe(false);
    expect(windowActivity(window(), at('2025-10-26T21:30:00Z')).startedAt).toBe(at('2025-10-26T21:00:00Z'));
  });

  it('a start in the skipped spring hour happens once, at the winter offset’s instant (03:30 CEST)', () => {
    const night = window({ cron: '30 2 * * *', durationMinutes: 30 });
    expect(windowActivity(night, at('2025-03-30T01:45:00Z'))).toMatchObject({ active: true, startedAt: at('2025-03-30T01:30:00Z') });
    expect(windowActivity(night, at('2025-03-30T00:45:00Z'))).toMatchObject({ active: false, nextStart: at('2025-03-30T01:30:00Z') });
    // Asked from after the gap (03:10 CEST) too: the same start, once.
    expect(windowActivity(night, at('2025-03-30T01:10:00Z'))).toMatchObject({ active: false, nextStart: at('2025-03-30T01:30:00Z') });
    expect(windowActivity(night, at('2025-03-30T02:00:00Z'))).toMatchObject({ active: false, nextStart: at('2025-03-31T00:30:00Z') });
  });

  it('a start in the repeated autumn hour happens once (its second occurrence), and the duration is elapsed time', () => {
    const night = window({ cron: '30 2 * * *', durationMinutes: 30 });
    // 02:30 CEST would be 00:30Z; croner takes 02:30 CET = 01:30Z.
    expect(windowActivity(night, at('2025-10-26T00:45:00Z')).active).toBe(false);
    expect(windowActivity(night, at('2025-10-26T01:45:00Z')).startedAt).toBe(at('2025-10-26T01:30:00Z'));
    // 01:00 local on the spring night + 3 h of elapsed time ends at 05:00 CEST (03:00Z), not 04:00 local.
    const spanning = window({ cron: '0 1 * * *', durationMinutes: 180 });
    expect(windowActivity(spanning, at('2025-03-30T02:59:00Z'))).toMatchObject({ active: true, startedAt: at('2025-03-30T00:00:00Z'), endsAt: at('2025-03-30T03:00:00Z') });
  });

  it('finds the latest of many starts in the look-back (every minute for a week)', () => {
    const busy = window({ cron: '* * * * *', timezone: 'UTC', durationMinutes: 7 * 24 * 60 });
    const now = at('2025-05-01T12:34:56Z');
    expect(latestStart(busy, now, 7 * 86_400_000)).toBe(at('2025-05-01T12:34:00Z'));
    expect(windowActivity(busy, now)).toMatchObject({ active: true, startedAt: at('2025-05-01T12:34:00Z'), nextStart: at('2025-05-01T12:35:00Z') });
  });

  it('overlapping occurrences: the latest start decides when it ends', () => {
    const hourlyTwoHours = window({ cron: '0 * * * *', timezone: 'UTC', durationMinutes: 120 });
    expect(windowActivity(hourlyTwoHours, at('2025-05-01T12:10:00Z'))).toMatchObject({ startedAt: at('2025-05-01T12:00:00Z'), endsAt: at('2025-05-01T14:00:00Z') });
  });

  it('a disabled window never mutes and has no next start', () => {
    expect(windowActivity(window({ enabled: false }), at('2025-01-15T21:30:00Z'))).toEqual({ active: false, startedAt: null, endsAt: null, nextStart: null });
  });

  it('weekly windows on weekday names', () => {
    const sunday = window({ cron: '0 2 * * SUN', timezone: 'UTC', durationMinutes: 60 });
    expect(windowActivity(sunday, at('2025-05-04T02:30:00Z')).active).toBe(true); // a Sunday
    expect(windowActivity(sunday, at('2025-05-05T02:30:00Z'))).toMatchObject({ active: false, nextStart: at('2025-05-11T02:00:00Z') });
  });
});

describe('maintenanceWindowProblems', () => {
  it('names the field at fault', () => {
    expect(maintenanceWindowProblems({ cron: '0 2 * * 0', timezone: 'Europe/Berlin' })).toEqual([]);
    expect(maintenanceWindowProblems({ cron: '0 0 2 * * 0', timezone: 'UTC' })).toEqual([{ path: 'cron', message: expect.stringContaining('give 5 fields') }]);
    expect(maintenanceWindowProblems({ cron: '0 99 * * *', timezone: 'UTC' })).toEqual([{ path: 'cron', message: expect.stringContaining('not a valid cron expression') }]);
    expect(maintenanceWindowProblems({ cron: '0 2 * * 0', timezone: 'Mars/Olympus' })).toEqual([{ path: 'timezone', message: expect.stringContaining('IANA') }]);
    expect(maintenanceWindowProblems({ cron: '0 2 * * 0', timezone: 'UTC', matchers: [{ label: 'a', op: '=~', value: '(' }] })[0]?.path).toBe('matchers[0].value');
  });

  it('makes windowActivity refuse an invalid window with INVALID_MAINTENANCE_WINDOW', () => {
    expect(() => windowActivity(window({ timezone: 'Nowhere/Else' }), 0)).toThrow(/timezone/);
  });
});

describe('windowOccurrences (uptime reports)', () => {
  const span = (from: string, to: string) => ({ from: at(from), to: at(to) });
  it('lists each occurrence overlapping the range, the one running at its start included', () => {
    // 22:00–24:00 Berlin nightly; the range starts at 22:30 Berlin on the 14th and ends at 22:30 on the 16th.
    expect(windowOccurrences(window(), at('2025-01-14T21:30:00Z'), at('2025-01-16T21:30:00Z')).spans).toEqual([
      span('2025-01-14T21:00:00Z', '2025-01-14T23:00:00Z'),
      span('2025-01-15T21:00:00Z', '2025-01-15T23:00:00Z'),
      span('2025-01-16T21:00:00Z', '2025-01-16T23:00:00Z'),
    ]);
  });
  it('follows the zone across a daylight-saving change (22:00 Berlin is 20:00 UTC in summer)', () => {
    expect(windowOccurrences(window(), at('2025-03-29T12:00:00Z'), at('2025-03-31T12:00:00Z')).spans).toEqual([
      span('2025-03-29T21:00:00Z', '2025-03-29T23:00:00Z'),
      span('2025-03-30T20:00:00Z', '2025-03-30T22:00:00Z'),
    ]);
  });
  it('joins overlapping occurrences into one span (every minute for an hour, during hour 2 only)', () => {
    expect(windowOccurrences(window({ cron: '* 2 * * *', timezone: 'UTC', durationMinutes: 60 }), at('2025-01-01T00:00:00Z'), at('2025-01-03T00:00:00Z')).spans).toEqual([
      span('2025-01-01T02:00:00Z', '2025-01-01T03:59:00Z'),
      span('2025-01-02T02:00:00Z', '2025-01-02T03:59:00Z'),
    ]);
  });
  it('a disabled window, or an empty range, has none', () => {
    expect(windowOccurrences(window({ enabled: false }), at('2025-01-01T00:00:00Z'), at('2025-02-01T00:00:00Z'))).toEqual({ spans: [], complete: true });
    expect(windowOccurrences(window(), at('2025-01-01T00:00:00Z'), at('2025-01-01T00:00:00Z'))).toEqual({ spans: [], complete: true });
  });
  it('a spring start in the skipped hour happens at the winter offset’s instant, as windowActivity says', () => {
    // 02:30 Berlin on 30 March 2025 does not exist: croner starts it at 01:30Z (03:30 CEST).
    expect(windowOccurrences(window({ cron: '30 2 * * *', durationMinutes: 30 }), at('2025-03-30T00:00:00Z'), at('2025-03-30T12:00:00Z')).spans).toEqual([span('2025-03-30T01:30:00Z', '2025-03-30T02:00:00Z')]);
  });
  it('an occurrence that began before the range and still runs is included', () => {
    // Hourly for 2.5 h: the 09:00 and 10:00 starts still run at 10:30 (08:00's ended at 10:30 exactly).
    expect(windowOccurrences(window({ cron: '0 * * * *', timezone: 'UTC', durationMinutes: 150 }), at('2025-01-01T10:30:00Z'), at('2025-01-01T10:45:00Z')).spans).toEqual([span('2025-01-01T09:00:00Z', '2025-01-01T12:30:00Z')]);
  });
  it('says it is incomplete, in bounded time, when a range holds too many starts (every minute for a month)', () => {
    const started = performance.now();
    const { complete } = windowOccurrences(window({ cron: '* * * * *', timezone: 'UTC', durationMinutes: 1 }), at('2025-01-01T00:00:00Z'), at('2025-02-01T00:00:00Z'));
    expect(complete).toBe(false);
    console.log(`${MAX_OCCURRENCE_STARTS} starts walked in ${(performance.now() - started).toFixed(0)} ms`);
  });
});
