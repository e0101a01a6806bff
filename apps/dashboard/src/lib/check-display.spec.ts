import { describe, expect, it } from 'vitest';
import { barsStart, dayBars, daysByCheck, describeBar, formatLatency, latencyByRegion, newestLatency, targetSummary } from './check-display';

const NOW = Date.UTC(2026, 11, 5, 10, 30);
const day = (date: string, counts: { up?: number; degraded?: number; down?: number }, region = 'local') => {
  const up = counts.up ?? 0;
  const degraded = counts.degraded ?? 0;
  const down = counts.down ?? 0;
  return { day: date, region, total: up + degraded + down, up, degraded, down };
};

describe('check display', () => {
  it('summarises every kind of target in a line', () => {
    expect(targetSummary({ kind: 'http', spec: { method: 'HEAD', url: 'https://example.com/health' } })).toBe('HEAD https://example.com/health');
    expect(targetSummary({ kind: 'tcp', spec: { host: 'db.internal', port: 5432 } })).toBe('db.internal:5432');
    expect(targetSummary({ kind: 'tcp', spec: { host: '::1', port: 80 } })).toBe('[::1]:80');
    expect(targetSummary({ kind: 'dns', spec: { name: 'example.com', recordType: 'MX', expected: [], resolver: '1.1.1.1' } })).toBe('MX example.com @1.1.1.1');
    expect(targetSummary({ kind: 'push', spec: { periodSeconds: 3600, graceSeconds: 300 } })).toBe('ping every 1 h (+5 min grace)');
  });

  it('gives 90 UTC days ending today, regions summed, coloured by the worst result', () => {
    const bars = dayBars([day('2026-12-05', { up: 10 }), day('2026-12-05', { up: 5, down: 1 }, 'eu'), day('2026-12-04', { up: 9, degraded: 1 }), day('2026-09-06', { up: 1 }), day('2026-09-05', { down: 3 })], NOW);
    expect(bars).toHaveLength(90);
    expect(bars[0]?.day).toBe('2026-09-07');
    expect(new Date(barsStart(NOW)).toISOString()).toBe('2026-09-07T00:00:00.000Z');
    expect(bars[89]).toEqual({ day: '2026-12-05', tone: 'down', uptime: 15 / 16, total: 16, down: 1, degraded: 0 });
    expect(bars[88]).toMatchObject({ day: '2026-12-04', tone: 'degraded', uptime: 1 });
    expect(bars[87]).toMatchObject({ day: '2026-12-03', tone: 'none', uptime: null });
    expect(describeBar(bars[89] as never)).toBe('2026-12-05: 93.75 % up, 1 down of 16 results');
    expect(describeBar(bars[87] as never)).toBe('2026-12-03: no results');
  });

  it('never rounds a bad day up to 100 %', () => {
    const bar = (uptime: number) => ({ day: '2026-12-05', tone: 'up' as const, uptime, total: 100_000, down: 1, degraded: 0 });
    expect(describeBar({ ...bar(1), down: 0 })).toBe('2026-12-05: 100 % up of 100,000 results');
    expect(describeBar(bar(0.99999))).toBe('2026-12-05: 99.99 % up, 1 down of 100,000 results');
    expect(describeBar(bar(0.5))).toBe('2026-12-05: 50 % up, 1 down of 100,000 results');
  });

  it('takes the last latency from the region that answered last', () => {
    const result = (time: number, latencyMs: number | null) => ({ time, latencyMs });
    expect(newestLatency([result(1, 10), result(3, 30), result(2, 20)])).toBe(30);
    expect(newestLatency([result(1, 10), result(3, null)])).toBeNull();
    expect(newestLatency([])).toBeNull();
    expect(formatLatency(87.4)).toBe('87 ms');
    expect(formatLatency(1240)).toBe('1.24 s');
    expect(formatLatency(null)).toBe('—');
  });

  it('draws one latency line per region, oldest first, with gaps where no latency was measured', () => {
    const result = (time: number, region: string, latencyMs: number | null) => ({ time, region, status: 'up' as const, statusCode: 200, latencyMs, error: '' });
    const series = latencyByRegion([result(3, 'eu', 30), result(3, 'us', null), result(2, 'eu', 20), result(1, 'us', 10)]);
    expect(series.map((one) => one.label)).toEqual(['eu', 'us']);
    expect(series[0]?.points).toEqual([
      [2, 20],
      [3, 30],
    ]);
    expect(series[1]?.points[1]?.[1]).toBeNaN();
  });

  it('groups a page of checks’ days by check', () => {
    const grouped = daysByCheck([{ checkId: 'a', n: 1 }, { checkId: 'b', n: 2 }, { checkId: 'a', n: 3 }]);
    expect(grouped.get('a')?.map((one) => one.n)).toEqual([1, 3]);
    expect(grouped.get('c')).toBeUndefined();
  });
});
