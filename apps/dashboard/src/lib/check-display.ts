import type { CheckDayView, CheckResultView, CheckView, DnsCheckSpec, HttpCheckSpec, PushCheckSpec, TcpCheckSpec } from '@vigil/contracts';
import type { TimePoint } from './chart-data';
import { formatSpan } from './time-format';
import { formatUptime } from './uptime-format';

/**
 * How the Checks pages say things: a check's target in one line, its last latency, its 90 daily
 * bars from the rollup, its results as one latency line per region. Pure, so it is unit-tested.
 */

const DAY_MS = 86_400_000;
/** Days of bars in the list (as status pages show). */
export const BAR_DAYS = 90;

/** `GET https://example.com/health`, `db.internal:5432`, `A example.com`, `ping every 1 h (+5 min grace)`. */
export function targetSummary(check: Pick<CheckView, 'kind' | 'spec'>): string {
  switch (check.kind) {
    case 'http': {
      const spec = check.spec as HttpCheckSpec;
      return `${spec.method} ${spec.url}`;
    }
    case 'tcp': {
      const spec = check.spec as TcpCheckSpec;
      return `${spec.host.includes(':') && !spec.host.startsWith('[') ? `[${spec.host}]` : spec.host}:${spec.port}`;
    }
    case 'dns': {
      const spec = check.spec as DnsCheckSpec;
      return `${spec.recordType} ${spec.name}${spec.resolver ? ` @${spec.resolver}` : ''}`;
    }
    case 'push': {
      const spec = check.spec as PushCheckSpec;
      return `ping every ${formatSpan(spec.periodSeconds * 1000)} (+${formatSpan(spec.graceSeconds * 1000)} grace)`;
    }
  }
}

/** `87 ms`, `1.24 s`; `—` when nothing was measured. */
export function formatLatency(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** The latency of the most recent result among the regions (what "last latency" means with several regions). */
export function newestLatency(results: readonly Pick<CheckResultView, 'time' | 'latencyMs'>[]): number | null {
  let newest: Pick<CheckResultView, 'time' | 'latencyMs'> | undefined;
  for (const result of results) if (newest === undefined || result.time > newest.time) newest = result;
  return newest?.latencyMs ?? null;
}

export type DayTone = 'none' | 'up' | 'degraded' | 'down';

export interface DayBar {
  /** `YYYY-MM-DD` (UTC). */
  day: string;
  tone: DayTone;
  /** Up (or degraded, which serves) over every result of the day, all regions together; null without results. */
  uptime: number | null;
  total: number;
  down: number;
  degraded: number;
}

/** The first UTC day of the bars ending today: what the list asks the rollup for. */
export function barsStart(now: number, count = BAR_DAYS): number {
  return Math.floor(now / DAY_MS) * DAY_MS - (count - 1) * DAY_MS;
}

/**
 * One bar per UTC day of the last `count` days (oldest first), every region summed: grey without
 * results, red with any down result, amber with any degraded one, else green.
 */
export function dayBars(days: readonly Pick<CheckDayView, 'day' | 'total' | 'up' | 'degraded' | 'down'>[], now: number, count = BAR_DAYS): DayBar[] {
  const byDay = new Map<string, { total: number; up: number; degraded: number; down: number }>();
  for (const day of days) {
    const sum = byDay.get(day.day) ?? { total: 0, up: 0, degraded: 0, down: 0 };
    sum.total += day.total;
    sum.up += day.up;
    sum.degraded += day.degraded;
    sum.down += day.down;
    byDay.set(day.day, sum);
  }
  const start = barsStart(now, count);
  return Array.from({ length: count }, (_, index) => {
    const day = new Date(start + index * DAY_MS).toISOString().slice(0, 10);
    const sum = byDay.get(day) ?? { total: 0, up: 0, degraded: 0, down: 0 };
    const tone: DayTone = sum.total === 0 ? 'none' : sum.down > 0 ? 'down' : sum.degraded > 0 ? 'degraded' : 'up';
    return { day, tone, uptime: sum.total === 0 ? null : (sum.up + sum.degraded) / sum.total, total: sum.total, down: sum.down, degraded: sum.degraded };
  });
}

/** The bar's tooltip: `2026-12-04: 99.93 % up, 1 down of 1,440 results`. */
export function describeBar(bar: DayBar): string {
  if (bar.total === 0) return `${bar.day}: no results`;
  const bad = [bar.down > 0 ? `${bar.down.toLocaleString('en-US')} down` : '', bar.degraded > 0 ? `${bar.degraded.toLocaleString('en-US')} degraded` : ''].filter(Boolean).join(', ');
  return `${bar.day}: ${formatUptime(bar.uptime === null ? null : bar.uptime * 100, { decimals: 2, trimZeros: true, empty: 'no data' })} up${bad ? `, ${bad}` : ''} of ${bar.total.toLocaleString('en-US')} results`;
}

/** Rows of many checks (`GET /checks/days`) by check id. */
export function daysByCheck<D extends { checkId: string }>(days: readonly D[]): Map<string, D[]> {
  const map = new Map<string, D[]>();
  for (const day of days) {
    const list = map.get(day.checkId);
    if (list) list.push(day);
    else map.set(day.checkId, [day]);
  }
  return map;
}

/** One latency line per region, oldest first (the API answers newest first); runs without a latency (refused, timed out) leave a gap. */
export function latencyByRegion(results: readonly CheckResultView[]): { label: string; points: TimePoint[] }[] {
  const regions = new Map<string, TimePoint[]>();
  for (let index = results.length - 1; index >= 0; index--) {
    const result = results[index] as CheckResultView;
    const points = regions.get(result.region) ?? [];
    points.push([result.time, result.latencyMs ?? Number.NaN]);
    regions.set(result.region, points);
  }
  return [...regions.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([label, points]) => ({ label, points }));
}

/** `every 60 s`, `every 5 min`: a check's interval. */
export function describeInterval(seconds: number | null): string {
  return seconds === null ? 'pinged by its job' : `every ${formatSpan(seconds * 1000)}`;
}
