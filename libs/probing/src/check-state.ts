import type { CheckStatus } from '@vigil/contracts';
import type { Verdict } from './region-state';

/** A check's state as stored (one row per check). */
export interface CheckState {
  status: CheckStatus;
  /** Epoch ms: when the status began. */
  since: number;
  /** Why it is down or degraded, else null. */
  cause: string | null;
  /** The regions that decided the status. */
  regions: string[];
}

export type IncidentSeverity = 'degraded' | 'down';

/** What a change of state does to the check's incident (one open incident per check at most). */
export type IncidentChange =
  | { type: 'open'; severity: IncidentSeverity; startedAt: number; cause: string; regions: string[] }
  /** degraded → down during an incident: it becomes a down incident, with the new cause. */
  | { type: 'escalate'; severity: 'down'; cause: string; regions: string[] }
  | { type: 'close'; endedAt: number };

export interface StateTransition {
  state: CheckState;
  /** The status before, when it changed (null: no change). */
  from: CheckStatus | null;
  incident: IncidentChange | null;
}

export function newCheckState(now: number, enabled = true): CheckState {
  return { status: enabled ? 'pending' : 'paused', since: now, cause: null, regions: [] };
}

function isTrouble(status: CheckStatus): status is IncidentSeverity {
  return status === 'down' || status === 'degraded';
}

/**
 * The check's next state from the regions' verdict. An incident opens when the check leaves up
 * (or pending) for degraded or down, becomes a down incident if a degraded check goes down, and
 * closes when the check is up again. A verdict of `pending` (no fresh region: the probers are
 * gone) changes nothing: losing the measurements is not a recovery. A paused check stays paused.
 */
export function transition(previous: CheckState, verdict: Verdict, now: number): StateTransition {
  if (previous.status === 'paused' || verdict.status === 'pending' || verdict.status === previous.status) {
    return { state: previous, from: null, incident: null };
  }
  const state: CheckState = { status: verdict.status, since: now, cause: verdict.cause === '' ? null : verdict.cause, regions: verdict.regions };
  const from = previous.status;
  if (verdict.status === 'up') return { state, from, incident: isTrouble(from) ? { type: 'close', endedAt: now } : null };
  if (!isTrouble(from)) return { state, from, incident: { type: 'open', severity: verdict.status, startedAt: now, cause: verdict.cause, regions: verdict.regions } };
  if (from === 'degraded' && verdict.status === 'down') return { state, from, incident: { type: 'escalate', severity: 'down', cause: verdict.cause, regions: verdict.regions } };
  return { state, from, incident: null };
}

/**
 * Pausing (disabling) a check ends its open incident at that moment (nothing would close it
 * otherwise); resuming starts it over as pending.
 */
export function pauseTransition(previous: CheckState, enabled: boolean, now: number): StateTransition {
  if (!enabled && previous.status !== 'paused') {
    return { state: { status: 'paused', since: now, cause: null, regions: [] }, from: previous.status, incident: isTrouble(previous.status) ? { type: 'close', endedAt: now } : null };
  }
  if (enabled && previous.status === 'paused') return { state: newCheckState(now), from: 'paused', incident: null };
  return { state: previous, from: null, incident: null };
}
