import { describe, expect, it } from 'vitest';
import { computeUptime, DEFAULT_UPTIME_RULES, mergeSpans, type UptimeIncident, type UptimeInput, type UptimeRules } from './uptime';
import { monthSpan, splitAtUtcDays } from './uptime-periods';

const at = (iso: string): number => Date.parse(iso);
function month(name: string, zone: string) {
  const span = monthSpan(name, zone);
  if (span === null) throw new Error(`no month ${name} in ${zone}`);
  return span;
}
const HOUR = 3_600;
const MARCH_BERLIN = month('2026-03', 'Europe/Berlin');

/** March 2026 in Berlin, a check older than the month, measured after the month ended. */
function input(overrides: Partial<Omit<UptimeInput, 'rules'>> & { rules?: Partial<UptimeRules> } = {}): UptimeInput {
  const { rules, ...rest } = overrides;
  return { range: MARCH_BERLIN, createdAt: at('2025-01-01T00:00:00Z'), now: at('2027-01-01T00:00:00Z'), incidents: [], maintenance: [], ...rest, rules: { ...DEFAULT_UPTIME_RULES, ...rules } };
}
const down = (from: string, to: string | null): UptimeIncident => ({ severity: 'down', startedAt: at(from), endedAt: to === null ? null : at(to) });
const degraded = (from: string, to: string | null): UptimeIncident => ({ severity: 'degraded', startedAt: at(from), endedAt: to === null ? null : at(to) });
const span = (from: string, to: string) => ({ from: at(from), to: at(to) });

describe('monthSpan (calendar months in a zone, real seconds)', () => {
  it('March in Europe/Berlin starts at local midnight and has 743 hours (clocks go forward on the 29th)', () => {
    expect(MARCH_BERLIN).toEqual(span('2026-02-28T23:00:00Z', '2026-03-31T22:00:00Z'));
    expect((MARCH_BERLIN.to - MARCH_BERLIN.from) / 3_600_000).toBe(743);
  });
  it('October in Europe/Berlin has 745 hours, November in America/New_York 721, a month in UTC 24 × days', () => {
    const hours = (name: string, zone: string) => {
      const { from, to } = month(name, zone);
      return (to - from) / 3_600_000;
    };
    expect(hours('2026-10', 'Europe/Berlin')).toBe(745);
    expect(hours('2026-03', 'America/New_York')).toBe(743);
    expect(hours('2026-11', 'America/New_York')).toBe(721);
    expect(hours('2026-02', 'UTC')).toBe(672);
    expect(hours('2028-02', 'UTC')).toBe(696);
  });
  it('December runs into the next year', () => {
    expect(monthSpan('2026-12', 'UTC')).toEqual(span('2026-12-01T00:00:00Z', '2027-01-01T00:00:00Z'));
  });
  it('answers null for a malformed month or an unknown zone', () => {
    expect(monthSpan('2026-13', 'UTC')).toBeNull();
    expect(monthSpan('2026-3', 'UTC')).toBeNull();
    expect(monthSpan('2026-03', 'Mars/Olympus')).toBeNull();
  });
});

describe('splitAtUtcDays (whole days from the rollup, edges from raw results)', () => {
  it('a Berlin month: one hour before the first UTC midnight, whole days, 22 hours after the last', () => {
    expect(splitAtUtcDays(MARCH_BERLIN)).toEqual({
      wholeDays: { first: '2026-03-01', last: '2026-03-30' },
      edges: [span('2026-02-28T23:00:00Z', '2026-03-01T00:00:00Z'), span('2026-03-31T00:00:00Z', '2026-03-31T22:00:00Z')],
    });
  });
  it('a UTC month is whole days only', () => {
    expect(splitAtUtcDays(month('2026-04', 'UTC'))).toEqual({ wholeDays: { first: '2026-04-01', last: '2026-04-30' }, edges: [] });
  });
  it('a span inside one day, or across one midnight without a whole day, is raw results only', () => {
    expect(splitAtUtcDays(span('2026-03-05T10:00:00Z', '2026-03-05T11:00:00Z'))).toEqual({ wholeDays: null, edges: [span('2026-03-05T10:00:00Z', '2026-03-05T11:00:00Z')] });
    expect(splitAtUtcDays(span('2026-03-05T10:00:00Z', '2026-03-06T09:00:00Z')).wholeDays).toBeNull();
    expect(splitAtUtcDays(span('2026-03-05T10:00:00Z', '2026-03-05T10:00:00Z'))).toEqual({ wholeDays: null, edges: [] });
  });
});

describe('mergeSpans', () => {
  it('sorts, joins overlapping and touching spans, drops empty ones', () => {
    expect(mergeSpans([{ from: 50, to: 60 }, { from: 0, to: 10 }, { from: 10, to: 20 }, { from: 15, to: 18 }, { from: 30, to: 30 }])).toEqual([
      { from: 0, to: 20 },
      { from: 50, to: 60 },
    ]);
  });
});

describe('computeUptime', () => {
  const MARCH_SECONDS = 743 * HOUR;

  it('a month without incidents is 100 % of 743 real hours', () => {
    expect(computeUptime(input())).toEqual({
      measured: MARCH_BERLIN,
      periodSeconds: MARCH_SECONDS,
      downtimeSeconds: 0,
      maintenanceSeconds: 0,
      degradedSeconds: 0,
      uptimePercent: 100,
      incidents: 0,
      mttrSeconds: null,
      mtbfSeconds: null,
    });
  });

  it('an outage across the spring-forward hour counts its real length (01:30 CET → 03:30 CEST is one hour)', () => {
    const figures = computeUptime(input({ incidents: [down('2026-03-29T00:30:00Z', '2026-03-29T01:30:00Z')] }));
    expect(figures.downtimeSeconds).toBe(HOUR);
    expect(figures.uptimePercent).toBe((100 * (MARCH_SECONDS - HOUR)) / MARCH_SECONDS);
    expect(figures.incidents).toBe(1);
    expect(figures.mttrSeconds).toBe(HOUR);
    expect(figures.mtbfSeconds).toBe(MARCH_SECONDS - HOUR);
  });

  it('an incident across the month start counts only its part in the month (from local midnight)', () => {
    const figures = computeUptime(input({ incidents: [down('2026-02-28T22:00:00Z', '2026-02-28T23:30:00Z')] }));
    expect(figures.downtimeSeconds).toBe(1_800);
    expect(figures.incidents).toBe(1);
  });

  it('an incident across the month end counts up to local midnight', () => {
    const figures = computeUptime(input({ incidents: [down('2026-03-31T21:15:00Z', '2026-04-01T03:00:00Z')] }));
    expect(figures.downtimeSeconds).toBe(45 * 60);
  });

  it('an incident outside the month counts nothing and is not an incident of the month', () => {
    const figures = computeUptime(input({ incidents: [down('2026-03-31T22:00:00Z', '2026-03-31T23:00:00Z'), down('2026-02-28T20:00:00Z', '2026-02-28T23:00:00Z')] }));
    expect(figures).toMatchObject({ downtimeSeconds: 0, incidents: 0, uptimePercent: 100, mttrSeconds: null });
  });

  it('an open incident lasts until now, and the month is measured until now', () => {
    const figures = computeUptime(input({ now: at('2026-03-10T12:00:00Z'), incidents: [down('2026-03-10T11:00:00Z', null)] }));
    const measured = (at('2026-03-10T12:00:00Z') - MARCH_BERLIN.from) / 1000;
    expect(figures.measured).toEqual({ from: MARCH_BERLIN.from, to: at('2026-03-10T12:00:00Z') });
    expect(figures.periodSeconds).toBe(measured);
    expect(figures.downtimeSeconds).toBe(HOUR);
    expect(figures.uptimePercent).toBe((100 * (measured - HOUR)) / measured);
  });

  it('time before the check existed is not measured (neither up nor down)', () => {
    const figures = computeUptime(input({ createdAt: at('2026-03-16T00:00:00Z'), incidents: [down('2026-03-20T00:00:00Z', '2026-03-20T06:00:00Z')] }));
    const measured = (MARCH_BERLIN.to - at('2026-03-16T00:00:00Z')) / 1000;
    expect(figures.periodSeconds).toBe(measured);
    expect(figures.uptimePercent).toBe((100 * (measured - 6 * HOUR)) / measured);
  });

  it('a check created after the range, or a range in the future, has no figures', () => {
    expect(computeUptime(input({ createdAt: at('2026-04-02T00:00:00Z') }))).toMatchObject({ measured: null, periodSeconds: 0, uptimePercent: null, incidents: 0 });
    expect(computeUptime(input({ now: at('2026-02-01T00:00:00Z') })).uptimePercent).toBeNull();
  });

  it('overlapping incidents are downtime once but each an incident', () => {
    const figures = computeUptime(input({ incidents: [down('2026-03-05T10:00:00Z', '2026-03-05T11:00:00Z'), down('2026-03-05T10:30:00Z', '2026-03-05T12:00:00Z')] }));
    expect(figures.downtimeSeconds).toBe(2 * HOUR);
    expect(figures.incidents).toBe(2);
    expect(figures.mttrSeconds).toBe(HOUR);
  });

  it('keeps milliseconds until the end: two incidents of 1.5 s are 3 s', () => {
    const figures = computeUptime(input({ incidents: [down('2026-03-05T10:00:00.000Z', '2026-03-05T10:00:01.500Z'), down('2026-03-06T10:00:00.000Z', '2026-03-06T10:00:01.500Z')] }));
    expect(figures.downtimeSeconds).toBe(3);
  });

  describe('minimum incident length', () => {
    const blips = [down('2026-03-05T10:00:00Z', '2026-03-05T10:00:59Z'), down('2026-03-06T10:00:00Z', '2026-03-06T10:01:00Z')];
    it('outages shorter than the minimum are neither downtime nor incidents; one of exactly the minimum counts', () => {
      expect(computeUptime(input({ incidents: blips, rules: { minIncidentSeconds: 60 } }))).toMatchObject({ downtimeSeconds: 60, incidents: 1 });
      expect(computeUptime(input({ incidents: blips }))).toMatchObject({ downtimeSeconds: 119, incidents: 2 });
    });
    it('judges the whole incident, not the part in range: a long outage that began last month still counts', () => {
      const figures = computeUptime(input({ incidents: [down('2026-02-28T20:00:00Z', '2026-02-28T23:00:30Z')], rules: { minIncidentSeconds: 300 } }));
      expect(figures).toMatchObject({ downtimeSeconds: 30, incidents: 1 });
    });
    it('an open incident is judged by its length so far', () => {
      const now = at('2026-03-10T12:00:00Z');
      expect(computeUptime(input({ now, incidents: [down('2026-03-10T11:58:00Z', null)], rules: { minIncidentSeconds: 300 } })).incidents).toBe(0);
      expect(computeUptime(input({ now, incidents: [down('2026-03-10T11:55:00Z', null)], rules: { minIncidentSeconds: 300 } })).downtimeSeconds).toBe(300);
    });
  });

  describe('degraded time', () => {
    const incidents = [degraded('2026-03-05T10:00:00Z', '2026-03-05T12:00:00Z'), down('2026-03-06T10:00:00Z', '2026-03-06T11:00:00Z')];
    it('counts as up by default, and is reported apart', () => {
      expect(computeUptime(input({ incidents }))).toMatchObject({ downtimeSeconds: HOUR, degradedSeconds: 2 * HOUR, incidents: 1 });
    });
    it('counts as down when the rule says so', () => {
      expect(computeUptime(input({ incidents, rules: { degraded: 'down' } }))).toMatchObject({ downtimeSeconds: 3 * HOUR, degradedSeconds: 2 * HOUR, incidents: 2, mttrSeconds: 1.5 * HOUR });
    });
  });

  describe('maintenance', () => {
    // Two overlapping occurrences 10:00–11:00 and 10:30–12:00 (one span of 2 h); an outage 11:30–12:30.
    const maintenance = [span('2026-03-05T10:00:00Z', '2026-03-05T11:00:00Z'), span('2026-03-05T10:30:00Z', '2026-03-05T12:00:00Z')];
    const incidents = [down('2026-03-05T11:30:00Z', '2026-03-05T12:30:00Z')];

    it('exclude: left out of the period, and an outage inside it is forgiven', () => {
      const figures = computeUptime(input({ maintenance, incidents }));
      expect(figures).toMatchObject({ periodSeconds: MARCH_SECONDS - 2 * HOUR, maintenanceSeconds: 2 * HOUR, downtimeSeconds: 1_800, incidents: 1 });
      expect(figures.uptimePercent).toBe((100 * (MARCH_SECONDS - 2 * HOUR - 1_800)) / (MARCH_SECONDS - 2 * HOUR));
    });
    it('up: stays in the period as up time', () => {
      const figures = computeUptime(input({ maintenance, incidents, rules: { maintenance: 'up' } }));
      expect(figures).toMatchObject({ periodSeconds: MARCH_SECONDS, downtimeSeconds: 1_800 });
      expect(figures.uptimePercent).toBe((100 * (MARCH_SECONDS - 1_800)) / MARCH_SECONDS);
    });
    it('count: ordinary time, the whole outage is downtime', () => {
      expect(computeUptime(input({ maintenance, incidents, rules: { maintenance: 'count' } }))).toMatchObject({ periodSeconds: MARCH_SECONDS, maintenanceSeconds: 2 * HOUR, downtimeSeconds: HOUR });
    });
    it('an outage wholly inside maintenance is no incident (exclude, up) but is one under count', () => {
      const inside = [down('2026-03-05T10:15:00Z', '2026-03-05T10:45:00Z')];
      expect(computeUptime(input({ maintenance, incidents: inside })).incidents).toBe(0);
      expect(computeUptime(input({ maintenance, incidents: inside, rules: { maintenance: 'up' } })).incidents).toBe(0);
      expect(computeUptime(input({ maintenance, incidents: inside, rules: { maintenance: 'count' } })).incidents).toBe(1);
    });
    it('occurrences are clipped to the measured span', () => {
      const figures = computeUptime(input({ maintenance: [span('2026-02-28T22:00:00Z', '2026-02-28T23:30:00Z')] }));
      expect(figures).toMatchObject({ maintenanceSeconds: 1_800, periodSeconds: MARCH_SECONDS - 1_800, uptimePercent: 100 });
    });
    it('a range wholly in maintenance has no percentage under exclude', () => {
      expect(computeUptime(input({ maintenance: [span('2026-02-01T00:00:00Z', '2026-05-01T00:00:00Z')] })).uptimePercent).toBeNull();
    });
  });

  describe('daylight-saving months', () => {
    it('Europe/Berlin October (745 h): a night-long outage across the repeated hour counts real seconds', () => {
      const october = month('2026-10', 'Europe/Berlin');
      // 02:30 CEST → 02:30 CET on the 25th: one wall-clock "02:30" to the other is one real hour.
      const figures = computeUptime(input({ range: october, incidents: [down('2026-10-25T00:30:00Z', '2026-10-25T01:30:00Z')] }));
      expect(figures.periodSeconds).toBe(745 * HOUR);
      expect(figures.downtimeSeconds).toBe(HOUR);
      expect(figures.uptimePercent).toBe((100 * (745 * HOUR - HOUR)) / (745 * HOUR));
    });
    it('America/New_York March (743 h) and November (721 h)', () => {
      const march = computeUptime(input({ range: month('2026-03', 'America/New_York'), incidents: [down('2026-03-08T06:00:00Z', '2026-03-08T08:00:00Z')] }));
      expect(march).toMatchObject({ periodSeconds: 743 * HOUR, downtimeSeconds: 2 * HOUR });
      const november = computeUptime(input({ range: month('2026-11', 'America/New_York'), incidents: [down('2026-11-01T03:59:00Z', '2026-11-01T04:01:00Z')] }));
      // The month starts at 04:00Z (midnight EDT): one minute of this outage was October's.
      expect(november).toMatchObject({ periodSeconds: 721 * HOUR, downtimeSeconds: 60, incidents: 1 });
    });
  });
});
