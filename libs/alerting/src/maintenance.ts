import { isTimeZone, type LabelMatcher } from '@vigil/contracts';
import { Cron } from 'croner';
import { AlertingError, type AlertingFieldProblem } from './alerting.errors';
import { matcherProblems } from './matchers';

/**
 * Recurring maintenance windows: matching alerts are muted for `durationMinutes` after each
 * start a 5-field cron expression (minute hour day-of-month month day-of-week) gives in an IANA
 * time zone. croner computes the starts in the zone, daylight-saving changes included:
 * - a start in the hour skipped in spring (02:30 in Europe/Berlin on the last Sunday of March)
 *   happens at the same UTC instant the winter offset would give, i.e. 03:30 on the wall clock;
 * - a start in the hour repeated in autumn happens once, at its second occurrence;
 * - the duration is elapsed time: a window spanning a switch ends an hour earlier or later on
 *   the wall clock than it would on another night.
 * croner has no "previous run", so the latest start ≤ now is found forward from a little before
 * now − duration (windows of realistic length have a few starts in that span) with a bisection
 * fallback, and each (cron, zone) is parsed once: one nextRun costs ~0.25 ms, so call
 * `windowActivity` once per window per tick (silences.ts muteSnapshot does), not per alert.
 */
export interface MaintenanceWindowDefinition {
  id: string;
  cron: string;
  timezone: string;
  durationMinutes: number;
  matchers: readonly LabelMatcher[];
  enabled: boolean;
}

export interface WindowActivity {
  active: boolean;
  /** The start of the current occurrence, and when it ends (null when inactive). */
  startedAt: number | null;
  endsAt: number | null;
  /** The next start after now (null: the expression never fires again). */
  nextStart: number | null;
}

const schedules = new Map<string, Cron>();
const SCHEDULE_CACHE_LIMIT = 1_000;

/** What is wrong with a window's cron, time zone or matchers, with paths; empty when valid. The API calls this. */
export function maintenanceWindowProblems(window: Pick<MaintenanceWindowDefinition, 'cron' | 'timezone'> & { matchers?: readonly LabelMatcher[] }): AlertingFieldProblem[] {
  const problems: AlertingFieldProblem[] = [];
  const fields = window.cron.trim().split(/\s+/);
  const zoneOk = isTimeZone(window.timezone);
  if (!zoneOk) problems.push({ path: 'timezone', message: `"${window.timezone}" is not an IANA time zone (e.g. Europe/Berlin, UTC)` });
  if (fields.length !== 5) {
    problems.push({ path: 'cron', message: `give 5 fields (minute hour day-of-month month day-of-week), e.g. "0 2 * * 0"; got ${fields.length}` });
  } else {
    try {
      new Cron(window.cron, { timezone: zoneOk ? window.timezone : 'UTC', paused: true }).nextRun(new Date(0));
    } catch (error) {
      problems.push({ path: 'cron', message: `not a valid cron expression: ${(error as Error).message.replace(/^CronPattern: /, '')}` });
    }
  }
  problems.push(...matcherProblems(window.matchers ?? []));
  return problems;
}

function scheduleOf(window: Pick<MaintenanceWindowDefinition, 'cron' | 'timezone'>): Cron {
  const key = `${window.timezone}\u0000${window.cron}`;
  let schedule = schedules.get(key);
  if (!schedule) {
    const problems = maintenanceWindowProblems(window);
    if (problems.length > 0) throw new AlertingError('INVALID_MAINTENANCE_WINDOW', `Invalid maintenance window: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}.`, problems);
    if (schedules.size >= SCHEDULE_CACHE_LIMIT) schedules.clear();
    // paused: croner computes dates only; it never starts a timer.
    schedules.set(key, (schedule = new Cron(window.cron, { timezone: window.timezone, paused: true })));
  }
  return schedule;
}

/** The first start strictly after `after`, in epoch ms, or null. */
function nextStartAfter(schedule: Cron, after: number): number | null {
  return schedule.nextRun(new Date(after))?.getTime() ?? null;
}

/**
 * croner answers "the next start after t" from t's wall-clock time, which makes a start in the
 * skipped spring hour (02:30 → 03:30 CEST) visible only from before the gap: asked from 03:10
 * CEST it already says "tomorrow". Searching forward from well before the span (3 h: more than
 * any DST shift) gives one consistent sequence of starts.
 */
const SEARCH_MARGIN_MS = 3 * 3_600_000;
const MAX_HOPS = 256;

/** The latest start in (now − lookback, now] (null if none) and the first start after now. */
export function startsAround(window: Pick<MaintenanceWindowDefinition, 'cron' | 'timezone'>, now: number, lookbackMs: number): { latest: number | null; next: number | null } {
  const schedule = scheduleOf(window);
  let latest: number | null = null;
  let next = nextStartAfter(schedule, now - lookbackMs - SEARCH_MARGIN_MS);
  let hops = 0;
  while (next !== null && next <= now && hops < MAX_HOPS) {
    latest = next;
    next = nextStartAfter(schedule, next);
    hops += 1;
  }
  if (latest !== null && next !== null && next <= now) {
    // Many starts in the span (every minute for a week): bisect for the last one. A start lies
    // in (low, now] and none in (high, now]; starts are whole seconds apart.
    let low = latest;
    let high = now;
    while (high - low > 1000) {
      const middle = Math.floor((low + high) / 2);
      const after = nextStartAfter(schedule, middle);
      if (after !== null && after <= now) low = middle;
      else high = middle;
    }
    latest = nextStartAfter(schedule, low);
    next = latest === null ? null : nextStartAfter(schedule, latest);
  }
  return { latest: latest !== null && latest > now - lookbackMs ? latest : null, next };
}

/** The latest start in (now − lookback, now], or null. */
export function latestStart(window: Pick<MaintenanceWindowDefinition, 'cron' | 'timezone'>, now: number, lookbackMs: number): number | null {
  return startsAround(window, now, lookbackMs).latest;
}

/** Whether the window mutes at `now` (a start ≤ now with now < start + duration), and its next start. */
export function windowActivity(window: MaintenanceWindowDefinition, now: number): WindowActivity {
  if (!window.enabled) return { active: false, startedAt: null, endsAt: null, nextStart: null };
  const durationMs = window.durationMinutes * 60_000;
  const { latest, next } = startsAround(window, now, durationMs);
  return { active: latest !== null, startedAt: latest, endsAt: latest === null ? null : latest + durationMs, nextStart: next };
}

/**
 * Starts one range may walk through. croner's nextRun costs ~0.1–0.3 ms a start, so 5,000 bound a
 * report's maintenance to about a second per window: daily or hourly windows over 90 days (2,160)
 * fit, a window every 15 minutes fits a month (2,880) and is refused over 90 days (8,640).
 */
export const MAX_OCCURRENCE_STARTS = 5_000;

/**
 * The window's occurrences overlapping [from, to), merged where they overlap or touch, in order:
 * [start, end) in epoch ms (uptime reports leave them out of the period). Walks the starts from a
 * little before `from − duration` (SEARCH_MARGIN_MS, so a start in a skipped spring hour is seen,
 * as in startsAround), so an occurrence that began before the range and still runs is included.
 * `complete` is false when the range holds more than MAX_OCCURRENCE_STARTS starts (the spans then
 * stop early: the caller must refuse, not count them). Disabled windows have none.
 */
export function windowOccurrences(
  window: Pick<MaintenanceWindowDefinition, 'cron' | 'timezone' | 'durationMinutes' | 'enabled'>,
  from: number,
  to: number,
): { spans: { from: number; to: number }[]; complete: boolean } {
  const spans: { from: number; to: number }[] = [];
  if (!window.enabled || to <= from) return { spans, complete: true };
  const schedule = scheduleOf(window);
  const durationMs = window.durationMinutes * 60_000;
  let start = nextStartAfter(schedule, from - durationMs - SEARCH_MARGIN_MS);
  for (let starts = 0; start !== null && start < to; starts += 1) {
    if (starts >= MAX_OCCURRENCE_STARTS) return { spans, complete: false };
    const end = start + durationMs;
    const last = spans[spans.length - 1];
    if (end > from) {
      if (last !== undefined && start <= last.to) last.to = Math.max(last.to, end);
      else spans.push({ from: start, to: end });
    }
    start = nextStartAfter(schedule, start);
  }
  return { spans, complete: true };
}
