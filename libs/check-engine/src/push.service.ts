import type { PushCheckSpec } from '@vigil/contracts';
import type { ConfigStore } from '@vigil/config-store';
import { hashToken } from '@vigil/auth';
import { applyPing, missedDeadline, type Ping } from '@vigil/probing';
import type { CheckResultWriter } from './check-results';
import type { CheckStateService } from './check-state.service';

/** The region push results are recorded under. */
export const PUSH_REGION = 'push';
const SWEEP_BATCH = 500;

/**
 * Push checks: pings from the public endpoints (the token is the credential; only its SHA-256 is
 * stored) and the sweep that takes down checks whose deadline passed. The state changes first
 * (one transaction, row locked), then the result is written; the endpoint answers 2xx only after
 * both.
 */
export class PushService {
  constructor(
    private readonly store: ConfigStore,
    private readonly states: CheckStateService,
    private readonly results: CheckResultWriter,
  ) {}

  /** Applies a ping; false when no check has that token. */
  async ping(token: string, ping: Ping, now: number): Promise<boolean> {
    const check = await this.store.checks.findByPushTokenHash(hashToken(token));
    if (check === null || check.kind !== 'push') return false;
    const changed = await this.states.applyPush(check, (state) => applyPing(state, ping, now), now);
    if (changed?.outcome.result) await this.results.write(check, PUSH_REGION, now, changed.outcome.result);
    return true;
  }

  /** Push checks past their deadline go down (one transaction each); answers how many did. */
  async sweep(now: number): Promise<number> {
    // The results share one round (one insert, not one per check); nobody waits on a sweep.
    const written: Promise<void>[] = [];
    for (const checkId of await this.store.checkStates.listDuePush(new Date(now), SWEEP_BATCH)) {
      const check = await this.store.checks.findById(checkId);
      if (check === null) continue;
      const changed = await this.states.applyPush(check, (state) => missedDeadline(state, check.spec as PushCheckSpec, now), now);
      if (changed?.outcome.result) written.push(this.results.write(check, PUSH_REGION, now, changed.outcome.result, { background: true }));
    }
    await Promise.all(written);
    return written.length;
  }
}
