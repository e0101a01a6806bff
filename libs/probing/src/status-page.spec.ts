import { describe, expect, it } from 'vitest';
import { componentStatus, dayBars, lastUtcDays, overallUptime, pageStatus } from './status-page';

describe('status page', () => {
  it('shows paused and never-measured checks as unknown', () => {
    expect(['pending', 'up', 'degraded', 'down', 'paused'].map((status) => componentStatus(status as 'up'))).toEqual(['unknown', 'up', 'degraded', 'down', 'unknown']);
  });

  it('headlines the worst of the measured components', () => {
    expect(pageStatus([])).toBe('unknown');
    expect(pageStatus(['unknown', 'unknown'])).toBe('unknown');
    expect(pageStatus(['up', 'unknown'])).toBe('operational');
    expect(pageStatus(['up', 'degraded'])).toBe('degraded');
    expect(pageStatus(['up', 'degraded', 'down'])).toBe('partial_outage');
    expect(pageStatus(['down', 'unknown', 'down'])).toBe('major_outage');
  });

  it('lists the UTC days ending today, oldest first, across a month and a year end', () => {
    const now = Date.parse('2027-01-02T23:59:59.999Z');
    expect(lastUtcDays(now, 4)).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
    expect(lastUtcDays(Date.parse('2027-01-03T00:00:00.000Z'), 1)).toEqual(['2027-01-03']);
    expect(lastUtcDays(now, 90)).toHaveLength(90);
  });

  it('adds the regions of a day and counts degraded as up, shown apart', () => {
    const bars = dayBars(
      ['2026-12-01', '2026-12-02', '2026-12-03'],
      [
        { day: '2026-12-01', total: 100, up: 90, degraded: 0, down: 10 },
        { day: '2026-12-01', total: 100, up: 100, degraded: 0, down: 0 },
        { day: '2026-12-02', total: 3, up: 1, degraded: 2, down: 0 },
        { day: '2026-11-30', total: 5, up: 0, degraded: 0, down: 5 },
      ],
    );
    expect(bars).toEqual([
      { date: '2026-12-01', uptime: 95, degraded: 0 },
      { date: '2026-12-02', uptime: 100, degraded: 66.666 },
      { date: '2026-12-03', uptime: null, degraded: null },
    ]);
  });

  it('never rounds a day with downtime up to 100 %', () => {
    expect(dayBars(['2026-12-01'], [{ day: '2026-12-01', total: 100_000, up: 99_999, degraded: 0, down: 1 }])[0]?.uptime).toBe(99.999);
    expect(dayBars(['2026-12-01'], [{ day: '2026-12-01', total: 1_000_000, up: 999_999, degraded: 0, down: 1 }])[0]?.uptime).toBe(99.999);
  });

  it('weights the overall uptime by results over the days shown only', () => {
    const days = ['2026-12-01', '2026-12-02'];
    expect(
      overallUptime(
        [
          { day: '2026-12-01', total: 10, up: 10, degraded: 0, down: 0 },
          { day: '2026-12-02', total: 30, up: 20, degraded: 0, down: 10 },
          { day: '2026-11-01', total: 1_000, up: 0, degraded: 0, down: 1_000 },
        ],
        days,
      ),
    ).toBe(75);
    expect(overallUptime([], days)).toBeNull();
  });
});
