import { DAY_MS, floorTo, HOUR_MS, MINUTE_MS } from './time';
import { LONGEST_WINDOW_MS } from './windows';

/**
 * When and what the worker records (docs/slo.md, Recording). Pure: the state comes from
 * Postgres, `now` from the worker's clock.
 *
 * - A minute (t, t + 1 min] is recorded once it ended SETTLE_MS ago, so samples sent a little
 *   late (remote_write batches, OTLP export intervals) are in place when it is first read.
 * - Live recording reads only the minutes since the last tick (`recordedUntil`), at most
 *   MAX_LIVE_CHUNK_MS per tick (a worker that was down catches up over a few ticks).
 * - History (a new SLO, or a changed SLI) is recorded backwards from where live recording
 *   started, a day per step, down to the oldest sample the SLI's series hold (at most
 *   MAX_HISTORY_MS back).
 * - Late data (samples arriving for minutes already recorded) re-records the minutes from the
 *   oldest late sample to `recordedUntil`; minute records are kept MINUTE_RECORDS_KEPT_MS, so
 *   corrections reach back that far.
 */
export const SETTLE_MS = 30_000;
export const MAX_LIVE_CHUNK_MS = 6 * HOUR_MS;
export const HISTORY_CHUNK_MS = DAY_MS;
export const MAX_HISTORY_MS = 400 * DAY_MS;
/** A calendar quarter's partial-hour edges are read from minute records, so they live a little longer than the longest window. */
export const MINUTE_RECORDS_KEPT_MS = 100 * DAY_MS;
/** Late samples are those this much older than the settle time at arrival (clock skew between processes). */
export const LATE_MARGIN_MS = 10_000;

export interface Range {
  from: number;
  to: number;
}

/** A check SLI's live minutes at `end`: the new ones and the last CHECK_RESULTS_RECOUNT_MS recorded, counted again. */
export function checkLiveRange(recordedUntil: number, end: number): Range | null {
  const live = liveRange(recordedUntil, end);
  return live && { from: live.from - CHECK_RESULTS_RECOUNT_MS, to: live.to };
}

/** The end (exclusive) of what may be recorded at `now`. */
export function recordableEnd(now: number): number {
  return floorTo(now - SETTLE_MS, MINUTE_MS);
}

/**
 * Check results are written when a probe ends (through the group-commit writer, a second or so
 * later); one from a stalled prober or a slow write may land after its minute was recorded. Live
 * recording of a check SLI therefore counts again the last few minutes already recorded:
 * reconciliation writes only what changed, so this costs a read of a few rows per check.
 */
export const CHECK_RESULTS_RECOUNT_MS = 5 * MINUTE_MS;

/** The minutes to record live at `end`, after `recordedUntil`. */
export function liveRange(recordedUntil: number, end: number): Range | null {
  if (recordedUntil >= end) return null;
  return { from: recordedUntil, to: Math.min(end, recordedUntil + MAX_LIVE_CHUNK_MS) };
}

/** Where history recording stops: the oldest sample's hour, never more than MAX_HISTORY_MS before `start`. */
export function historyLimit(start: number, oldestSample: number | null): number {
  if (oldestSample === null) return start;
  return Math.min(start, Math.max(start - MAX_HISTORY_MS, floorTo(oldestSample, HOUR_MS)));
}

/**
 * The next chunk of history below `cursor` (null: done): down to the start of its UTC day, so
 * SLOs created at different times share whole-day chunks (one read of the samples for all).
 */
export function historyChunk(cursor: number, limit: number): Range | null {
  if (cursor <= limit) return null;
  return { from: Math.max(limit, floorTo(cursor - 1, HISTORY_CHUNK_MS)), to: cursor };
}

/**
 * Minutes to re-record for a late sample at `oldest`: from its minute to what is recorded,
 * within the minute records kept. Null when nothing recorded is touched.
 */
export function lateRange(oldest: number, recordedUntil: number, now: number): Range | null {
  // A sample at t belongs to the minute (m, m + 1 min] holding it: m = ceil(t) − 1 min.
  const from = Math.max(Math.ceil(oldest / MINUTE_MS) * MINUTE_MS - MINUTE_MS, floorTo(now - MINUTE_RECORDS_KEPT_MS + DAY_MS, MINUTE_MS));
  if (from >= recordedUntil) return null;
  return { from, to: recordedUntil };
}

/** Whether a sample stamped `timestamp` and written at `now` may land in a minute already recorded. */
export function isLateSample(timestamp: number, now: number): boolean {
  return timestamp <= now - SETTLE_MS + LATE_MARGIN_MS;
}

/** How far back an SLO's window needs history for its figures to be whole. */
export function historyNeeded(windowLengthMs: number): number {
  return Math.min(windowLengthMs, LONGEST_WINDOW_MS);
}
