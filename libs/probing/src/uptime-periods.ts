import { DateTime } from 'luxon';
import type { TimeSpan } from './uptime';

/**
 * A calendar month (`YYYY-MM`) in an IANA time zone, as epoch ms [start, next month's start).
 * Real elapsed time: a month with a daylight-saving change is an hour shorter or longer
 * (March in Europe/Berlin has 743 hours, October 745). luxon does the zone arithmetic, from the
 * runtime's Intl time-zone data. Null when the month or zone is not valid.
 */
export function monthSpan(month: string, timeZone: string): TimeSpan | null {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (match === null) return null;
  const start = DateTime.fromObject({ year: Number(match[1]), month: Number(match[2]), day: 1 }, { zone: timeZone });
  if (!start.isValid) return null;
  return { from: start.toMillis(), to: start.plus({ months: 1 }).toMillis() };
}

const DAY_MS = 86_400_000;
const utcDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/**
 * A span cut at UTC midnights, for response-time percentiles: the whole UTC days inside it (read
 * from the daily rollup's t-digests) and the parts at either end that cut a day (read from the
 * raw results), so a month in any zone merges ~30 digests and at most two partial days of results.
 */
export interface DaySplit {
  /** First and last whole UTC day (`YYYY-MM-DD`, inclusive), or null when no whole day fits. */
  wholeDays: { first: string; last: string } | null;
  /** The partial-day parts, [from, to) each. */
  edges: TimeSpan[];
}

export function splitAtUtcDays(span: TimeSpan): DaySplit {
  const firstMidnight = Math.ceil(span.from / DAY_MS) * DAY_MS;
  const lastMidnight = Math.floor(span.to / DAY_MS) * DAY_MS;
  if (lastMidnight - firstMidnight < DAY_MS) return { wholeDays: null, edges: span.to > span.from ? [span] : [] };
  const edges = [
    { from: span.from, to: firstMidnight },
    { from: lastMidnight, to: span.to },
  ].filter((edge) => edge.to > edge.from);
  return { wholeDays: { first: utcDate(firstMidnight), last: utcDate(lastMidnight - DAY_MS) }, edges };
}
