/**
 * What a public status page shows of its checks (docs/checks.md, Status pages): each
 * component's state now, the page's headline state, and one bar per UTC day. Pure: the day
 * counts and the current states come in, time is an input.
 */

export type ComponentStatus = 'up' | 'degraded' | 'down' | 'unknown';
export type PageStatus = 'operational' | 'degraded' | 'partial_outage' | 'major_outage' | 'unknown';

/** One check's results of one UTC day (`YYYY-MM-DD`), counted by status; several rows of a day (regions) add up. */
export interface DayCounts {
  day: string;
  total: number;
  up: number;
  degraded: number;
  down: number;
}

/** A day bar: percent of results not down, and percent degraded; null on a day without results. */
export interface DayBar {
  date: string;
  uptime: number | null;
  degraded: number | null;
}

const DAY_MS = 86_400_000;

/** A check's state as the public sees it: paused and never-measured checks say nothing. */
export function componentStatus(checkStatus: 'pending' | 'up' | 'degraded' | 'down' | 'paused'): ComponentStatus {
  switch (checkStatus) {
    case 'up':
    case 'degraded':
    case 'down':
      return checkStatus;
    case 'pending':
    case 'paused':
      return 'unknown';
  }
}

/**
 * The headline: all down is a major outage, some down a partial one, any degraded degraded,
 * else operational — judged over the components that are measured; none measured is unknown.
 */
export function pageStatus(statuses: readonly ComponentStatus[]): PageStatus {
  const known = statuses.filter((status) => status !== 'unknown');
  if (known.length === 0) return 'unknown';
  const down = known.filter((status) => status === 'down').length;
  if (down === known.length) return 'major_outage';
  if (down > 0) return 'partial_outage';
  return known.includes('degraded') ? 'degraded' : 'operational';
}

/** The `count` UTC days that end with the day of `now`, oldest first (`YYYY-MM-DD`). */
export function lastUtcDays(now: number, count: number): string[] {
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  return Array.from({ length: count }, (_unused, index) => new Date(today - (count - 1 - index) * DAY_MS).toISOString().slice(0, 10));
}

/** Percent with three decimals: 99.999 stays 99.999, not 100. */
function percent(part: number, whole: number): number {
  return Math.floor((part / whole) * 100_000) / 1_000;
}

/**
 * One bar per day of `days`: the share of the day's results (all regions) that were not down.
 * Degraded counts as up here (the service answered) and is shown apart.
 */
export function dayBars(days: readonly string[], counts: readonly DayCounts[]): DayBar[] {
  const byDay = new Map<string, { total: number; degraded: number; down: number }>();
  for (const row of counts) {
    const sum = byDay.get(row.day) ?? { total: 0, degraded: 0, down: 0 };
    byDay.set(row.day, { total: sum.total + row.total, degraded: sum.degraded + row.degraded, down: sum.down + row.down });
  }
  return days.map((date) => {
    const sum = byDay.get(date);
    if (sum === undefined || sum.total === 0) return { date, uptime: null, degraded: null };
    return { date, uptime: percent(sum.total - sum.down, sum.total), degraded: percent(sum.degraded, sum.total) };
  });
}

/** Uptime over the bars' days, weighted by results; null when no day has any. */
export function overallUptime(counts: readonly DayCounts[], days: readonly string[]): number | null {
  const shown = new Set(days);
  let total = 0;
  let down = 0;
  for (const row of counts) {
    if (!shown.has(row.day)) continue;
    total += row.total;
    down += row.down;
  }
  return total === 0 ? null : percent(total - down, total);
}
