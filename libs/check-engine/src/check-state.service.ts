import type { PushCheckSpec } from '@vigil/contracts';
import type { CheckRecord, CheckStateRecord, ConfigRepositories, ConfigStore } from '@vigil/config-store';
import {
  type CheckState,
  newPushState,
  pauseTransition,
  type PingOutcome,
  pushDeadline,
  type PushState,
  type RegionState,
  type StateTransition,
  transition,
  type Verdict,
} from '@vigil/probing';

/** A change of a check's status, after it is committed: the alerting engine is told (check-alerts.ts). */
export interface CheckTransition {
  projectId: string;
  checkId: string;
  from: CheckState['status'];
  to: CheckState['status'];
  at: number;
}

export type TransitionListener = (change: CheckTransition) => Promise<void>;

function stateOf(row: CheckStateRecord): CheckState {
  return { status: row.status, since: row.since.getTime(), cause: row.cause, regions: row.regions };
}

function statusFields(result: StateTransition) {
  if (result.from === null) return {};
  return { status: result.state.status, since: new Date(result.state.since), cause: result.state.cause, regions: result.state.regions };
}

/**
 * Changes of check state in Postgres, one transaction each with the state row locked, so results
 * of one check arriving from several regions (or pings) change it one at a time and one outage
 * opens one incident. Incidents follow @vigil/probing's `transition`; a child's incident records
 * its parent's open incident. Listeners hear of committed changes only.
 */
export class CheckStateService {
  constructor(
    private readonly store: ConfigStore,
    private readonly onTransition: TransitionListener,
  ) {}

  /** The regions' verdict on a probed check (with every region's state, kept for the API). */
  async applyVerdict(check: CheckRecord, verdict: Verdict, regions: readonly RegionState[], now: number): Promise<StateTransition | null> {
    return this.change(check, now, async (repos, row) => {
      const result = transition(stateOf(row), verdict, now);
      await repos.checkStates.update(check.id, {
        ...statusFields(result),
        regionStates: [...regions],
        troubleSince: verdict.troubleSince === null ? null : new Date(verdict.troubleSince),
        lastResultAt: new Date(now),
      });
      return result;
    });
  }

  /**
   * A push check's state after a ping or a missed deadline (`update` returns null when nothing
   * happened). The push state, its deadline and the check's status change together.
   */
  async applyPush(check: CheckRecord, update: (state: PushState) => PingOutcome | null, now: number): Promise<{ outcome: PingOutcome; transition: StateTransition } | null> {
    let outcome: PingOutcome | null = null;
    const result = await this.change(check, now, async (repos, row) => {
      outcome = update((row.push as PushState | null) ?? newPushState());
      if (outcome === null) return null;
      const push = outcome.state;
      const verdict: Verdict = { status: push.status, regions: ['push'], cause: push.status === 'down' ? (push.lastFailure ?? '') : '', troubleSince: null };
      const changed = transition(stateOf(row), verdict, now);
      await repos.checkStates.update(check.id, {
        ...statusFields(changed),
        push,
        pushDeadline: row.status === 'paused' ? null : toDate(pushDeadline(push, check.spec as PushCheckSpec)),
        lastResultAt: outcome.result === null ? row.lastResultAt : new Date(now),
      });
      return changed;
    });
    return result === null || outcome === null ? null : { outcome, transition: result };
  }

  /** Pausing ends an open incident; resuming starts the check over (pending, regions forgotten). */
  async setEnabled(check: CheckRecord, enabled: boolean, now: number): Promise<StateTransition | null> {
    return this.change(check, now, async (repos, row) => {
      const result = pauseTransition(stateOf(row), enabled, now);
      if (result.from === null) return result;
      const push = check.kind === 'push' ? ((row.push as PushState | null) ?? newPushState()) : null;
      await repos.checkStates.update(check.id, {
        ...statusFields(result),
        regionStates: [],
        troubleSince: null,
        pushDeadline: enabled && push !== null ? toDate(pushDeadline(push, check.spec as PushCheckSpec)) : null,
      });
      return result;
    });
  }

  private async change(check: CheckRecord, now: number, work: (repos: ConfigRepositories, row: CheckStateRecord) => Promise<StateTransition | null>): Promise<StateTransition | null> {
    const result = await this.store.runInTransaction(async (repos) => {
      const row = await repos.checkStates.lock(check.id);
      if (row === null) return null;
      const changed = await work(repos, row);
      if (changed !== null) await applyIncident(repos, check, changed);
      return changed;
    });
    if (result !== null && result.from !== null) await this.onTransition({ projectId: check.projectId, checkId: check.id, from: result.from, to: result.state.status, at: now });
    return result;
  }
}

async function applyIncident(repos: ConfigRepositories, check: CheckRecord, result: StateTransition): Promise<void> {
  const change = result.incident;
  if (change === null) return;
  switch (change.type) {
    case 'open': {
      const parentIncident = check.parentId === null ? null : await repos.incidents.findOpen(check.parentId);
      await repos.incidents.open({
        projectId: check.projectId,
        checkId: check.id,
        severity: change.severity,
        startedAt: new Date(change.startedAt),
        cause: change.cause,
        regions: change.regions,
        parentIncidentId: parentIncident?.id ?? null,
      });
      return;
    }
    case 'escalate':
      await repos.incidents.escalate(check.id, { severity: change.severity, cause: change.cause, regions: change.regions });
      return;
    case 'close':
      await repos.incidents.close(check.id, new Date(change.endedAt));
      return;
  }
}

function toDate(ms: number | null): Date | null {
  return ms === null ? null : new Date(ms);
}
