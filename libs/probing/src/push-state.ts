import type { PushCheckSpec } from '@vigil/contracts';
import type { Assessment } from './observations';

/**
 * Push checks (healthchecks.io's model): the job pings a URL when it succeeds, `/start` when it
 * begins, `/fail` or `/<exit status>` when it ends. Pure: the API applies pings, the prober's
 * sweep applies missed deadlines, both store the state.
 */

/** A ping as the push endpoints take it. */
export type Ping =
  | { type: 'success'; message?: string }
  | { type: 'start' }
  | { type: 'fail'; message?: string }
  /** `/<exit status>`: 0 is a success, anything else a failure. */
  | { type: 'exit'; code: number; message?: string };

export interface PushState {
  /** Up after a success, down after a failure or a missed deadline; pending before the first ping. */
  status: 'pending' | 'up' | 'down';
  lastPingAt: number | null;
  lastSuccessAt: number | null;
  /** Set by /start, cleared by the run's end. */
  runningSince: number | null;
  lastDurationMs: number | null;
  lastFailure: string | null;
  /** Times of the latest successes (at most RECENT_PINGS), oldest first: the too-often flag reads them. */
  recentSuccesses: number[];
}

export const RECENT_PINGS = 10;
/** Messages kept from a failure ping's body. */
export const MAX_FAILURE_MESSAGE = 10_000;
/** A job whose pings come this many times more often than its period is flagged. */
export const TOO_OFTEN_FACTOR = 4;

export function newPushState(): PushState {
  return { status: 'pending', lastPingAt: null, lastSuccessAt: null, runningSince: null, lastDurationMs: null, lastFailure: null, recentSuccesses: [] };
}

export interface PingOutcome {
  state: PushState;
  /** The result to record (none for /start). */
  result: Assessment | null;
}

export function applyPing(previous: PushState, ping: Ping, now: number): PingOutcome {
  const pinged = { ...previous, lastPingAt: now };
  if (ping.type === 'start') return { state: { ...pinged, runningSince: now }, result: null };
  const success = ping.type === 'success' || (ping.type === 'exit' && ping.code === 0);
  const durationMs = previous.runningSince === null ? null : now - previous.runningSince;
  if (success) {
    const recentSuccesses = [...previous.recentSuccesses, now].slice(-RECENT_PINGS);
    return {
      state: { ...pinged, status: 'up', lastSuccessAt: now, runningSince: null, lastDurationMs: durationMs, recentSuccesses },
      result: { status: 'up', statusCode: null, latencyMs: durationMs, error: '' },
    };
  }
  const message = 'message' in ping && ping.message !== undefined && ping.message.trim() !== '' ? ping.message.slice(0, MAX_FAILURE_MESSAGE) : null;
  const failure = ping.type === 'exit' ? `exit status ${ping.code}${message === null ? '' : `: ${message}`}` : (message ?? 'the job reported a failure');
  return {
    state: { ...pinged, status: 'down', runningSince: null, lastDurationMs: durationMs, lastFailure: failure },
    result: { status: 'down', statusCode: null, latencyMs: durationMs, error: failure },
  };
}

/**
 * When the check goes down unless a ping arrives: a run that started must succeed within the
 * grace; otherwise the next success is due a period after the last one, plus the grace. None
 * before the first ping (a new check waits for its job) and none while down.
 */
export function pushDeadline(state: PushState, spec: PushCheckSpec): number | null {
  if (state.status === 'down') return null;
  if (state.runningSince !== null) return state.runningSince + spec.graceSeconds * 1000;
  if (state.lastSuccessAt === null) return null;
  return state.lastSuccessAt + (spec.periodSeconds + spec.graceSeconds) * 1000;
}

/** The state at `now` if its deadline has passed (down, with why), else null. */
export function missedDeadline(state: PushState, spec: PushCheckSpec, now: number): PingOutcome | null {
  const deadline = pushDeadline(state, spec);
  if (deadline === null || now <= deadline) return null;
  const failure =
    state.runningSince !== null
      ? `started at ${new Date(state.runningSince).toISOString()} and did not finish within the ${spec.graceSeconds} s grace`
      : `no ping since ${new Date(state.lastSuccessAt ?? 0).toISOString()} (period ${spec.periodSeconds} s + grace ${spec.graceSeconds} s)`;
  return { state: { ...state, status: 'down', runningSince: null, lastFailure: failure }, result: { status: 'down', statusCode: null, latencyMs: null, error: failure } };
}

/**
 * Flags for people: `running` while a started run has not ended; `pinging_too_often` when the
 * median gap between the latest successes (at least three gaps) is under a quarter of the period
 * (a job scheduled every minute whose check says hourly, or a loop gone wild).
 */
export function pushFlags(state: PushState, spec: PushCheckSpec): ('pinging_too_often' | 'running')[] {
  const flags: ('pinging_too_often' | 'running')[] = [];
  const gaps = state.recentSuccesses.slice(1).map((time, index) => time - (state.recentSuccesses[index] as number));
  if (gaps.length >= 3 && median(gaps) < (spec.periodSeconds * 1000) / TOO_OFTEN_FACTOR) flags.push('pinging_too_often');
  if (state.runningSince !== null) flags.push('running');
  return flags;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
