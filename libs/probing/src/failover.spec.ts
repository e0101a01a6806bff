import type { CheckResultStatus } from '@vigil/contracts';
import { describe, expect, it } from 'vitest';
import {
  compareDecision,
  decideActiveTarget,
  failbackWithinMs,
  type FailoverThresholds,
  failoverWithinMs,
  isFailure,
  isTargetUnhealthy,
  observeTarget,
  type TargetRegionHealth,
} from './failover';

/** Feeds results one per second and answers the region's health after each. */
function run(statuses: readonly CheckResultStatus[], thresholds: FailoverThresholds, start?: TargetRegionHealth): TargetRegionHealth[] {
  const seen: TargetRegionHealth[] = [];
  let health = start;
  statuses.forEach((status, index) => {
    health = observeTarget(health, 'eu', status, thresholds, (index + 1) * 1_000);
    seen.push(health);
  });
  return seen;
}

const healthyAfter = (statuses: readonly CheckResultStatus[], thresholds: FailoverThresholds, start?: TargetRegionHealth) => run(statuses, thresholds, start).map((health) => health.healthy);
const region = (name: string, healthy: boolean, at: number): TargetRegionHealth => ({ region: name, healthy, streak: 0, at });

describe('isFailure', () => {
  it('only down fails: degraded still serves traffic', () => {
    expect(isFailure('down')).toBe(true);
    expect(isFailure('degraded')).toBe(false);
    expect(isFailure('up')).toBe(false);
  });
});

describe('observeTarget (fall and rise, as HAProxy)', () => {
  it('a target never seen starts healthy, and a good result keeps it so with no streak', () => {
    expect(observeTarget(undefined, 'eu', 'up', { fall: 3, rise: 2 }, 1_000)).toEqual({ region: 'eu', healthy: true, streak: 0, at: 1_000 });
  });

  it('turns unhealthy on the fall-th failure in a row, not before', () => {
    expect(healthyAfter(['down', 'down', 'down'], { fall: 3, rise: 2 })).toEqual([true, true, false]);
    expect(run(['down', 'down'], { fall: 3, rise: 2 }).map((health) => health.streak)).toEqual([1, 2]);
  });

  it('fall 1 fails over on the first failure', () => {
    expect(healthyAfter(['down'], { fall: 1, rise: 1 })).toEqual([false]);
  });

  it('a good result in between starts the count of failures over', () => {
    expect(healthyAfter(['down', 'down', 'up', 'down', 'down', 'down'], { fall: 3, rise: 2 })).toEqual([true, true, true, true, true, false]);
  });

  it('degraded results count as good ones', () => {
    expect(healthyAfter(['down', 'down', 'degraded', 'down', 'down'], { fall: 3, rise: 2 })).toEqual([true, true, true, true, true]);
  });

  it('an unhealthy target rises after rise good results in a row; a failure in between starts over', () => {
    const down = region('eu', false, 0);
    expect(healthyAfter(['up', 'up'], { fall: 3, rise: 2 }, down)).toEqual([false, true]);
    expect(healthyAfter(['up', 'down', 'up', 'degraded'], { fall: 3, rise: 2 }, down)).toEqual([false, false, false, true]);
  });

  it('further failures of an unhealthy target change nothing', () => {
    expect(run(['down', 'down', 'down'], { fall: 1, rise: 5 }, region('eu', false, 0)).map((health) => [health.healthy, health.streak])).toEqual([
      [false, 0],
      [false, 0],
      [false, 0],
    ]);
  });

  it('the streak resets when the health flips, so falling again needs fall failures anew', () => {
    expect(healthyAfter(['down', 'down', 'up', 'up', 'down', 'down'], { fall: 2, rise: 2 })).toEqual([true, false, false, true, true, false]);
  });

  it('records the region and the time of the last result', () => {
    expect(observeTarget(region('us', true, 0), 'us', 'down', { fall: 2, rise: 2 }, 7_000)).toEqual({ region: 'us', healthy: true, streak: 1, at: 7_000 });
  });
});

describe('isTargetUnhealthy (region quorum)', () => {
  const policy = (quorum: number) => ({ quorum, staleAfterMs: 30_000 });

  it('quorum 1: one fresh region that says unhealthy is enough', () => {
    expect(isTargetUnhealthy([region('eu', false, 1_000), region('us', true, 1_000)], policy(1), 2_000)).toBe(true);
  });

  it('quorum 2: one region is not enough, two are', () => {
    expect(isTargetUnhealthy([region('eu', false, 1_000), region('us', true, 1_000)], policy(2), 2_000)).toBe(false);
    expect(isTargetUnhealthy([region('eu', false, 1_000), region('us', false, 1_000), region('ap', true, 1_000)], policy(2), 2_000)).toBe(true);
  });

  it('stale regions do not count, either way', () => {
    expect(isTargetUnhealthy([region('eu', false, 0)], policy(1), 30_001)).toBe(false);
    expect(isTargetUnhealthy([region('eu', false, 0)], policy(1), 30_000)).toBe(true);
  });

  it('the quorum is absolute: with one region left reporting, quorum 2 never fails a target', () => {
    expect(isTargetUnhealthy([region('eu', false, 40_000), region('us', false, 0)], policy(2), 45_000)).toBe(false);
  });

  it('no region at all is not unhealthy', () => {
    expect(isTargetUnhealthy([], policy(1), 0)).toBe(false);
  });
});

describe('decideActiveTarget', () => {
  const targets = ['primary', 'standby-1', 'standby-2'];
  const group = (activeTargetId: string | null, pinnedTargetId: string | null = null) => ({ targetIds: targets, activeTargetId, pinnedTargetId });

  it('the primary while it is healthy', () => {
    expect(decideActiveTarget(group(null), new Set())).toEqual({ activeTargetId: 'primary', reason: 'healthy' });
  });

  it('the first healthy standby in order when the primary is unhealthy', () => {
    expect(decideActiveTarget(group('primary'), new Set(['primary']))).toEqual({ activeTargetId: 'standby-1', reason: 'healthy' });
    expect(decideActiveTarget(group('primary'), new Set(['primary', 'standby-1']))).toEqual({ activeTargetId: 'standby-2', reason: 'healthy' });
  });

  it('fails back to the primary once it is healthy again', () => {
    expect(decideActiveTarget(group('standby-1'), new Set())).toEqual({ activeTargetId: 'primary', reason: 'healthy' });
  });

  it('moves up to a better standby when one recovers (order is preference)', () => {
    expect(decideActiveTarget(group('standby-2'), new Set(['primary']))).toEqual({ activeTargetId: 'standby-1', reason: 'healthy' });
  });

  it('fails open when every target is unhealthy: stays on the active one and says so', () => {
    expect(decideActiveTarget(group('standby-1'), new Set(targets))).toEqual({ activeTargetId: 'standby-1', reason: 'all-unhealthy' });
  });

  it('fails open on the primary when every target is unhealthy before any decision', () => {
    expect(decideActiveTarget(group(null), new Set(targets))).toEqual({ activeTargetId: 'primary', reason: 'all-unhealthy' });
  });

  it('fails open on the primary when the active target left the group', () => {
    expect(decideActiveTarget(group('removed'), new Set(targets))).toEqual({ activeTargetId: 'primary', reason: 'all-unhealthy' });
  });

  it('a pin wins over health, even an unhealthy pinned target', () => {
    expect(decideActiveTarget(group('primary', 'standby-2'), new Set())).toEqual({ activeTargetId: 'standby-2', reason: 'pinned' });
    expect(decideActiveTarget(group('primary', 'standby-2'), new Set(['standby-2']))).toEqual({ activeTargetId: 'standby-2', reason: 'pinned' });
  });

  it('a pin to a target no longer in the group is ignored', () => {
    expect(decideActiveTarget(group('primary', 'gone'), new Set(['primary']))).toEqual({ activeTargetId: 'standby-1', reason: 'healthy' });
  });

  it('refuses a group without targets', () => {
    expect(() => decideActiveTarget({ targetIds: [], activeTargetId: null, pinnedTargetId: null }, new Set())).toThrow(/at least one target/);
  });
});

describe('compareDecision', () => {
  it('a switch of target, with where from and why', () => {
    expect(compareDecision({ activeTargetId: 'primary', reason: 'healthy' }, { activeTargetId: 'standby', reason: 'healthy' })).toEqual({
      switched: { from: 'primary', to: 'standby', reason: 'healthy' },
      reasonChanged: false,
    });
  });

  it('the first decision is a switch from nothing', () => {
    expect(compareDecision({ activeTargetId: null, reason: null }, { activeTargetId: 'primary', reason: 'healthy' })).toEqual({
      switched: { from: null, to: 'primary', reason: 'healthy' },
      reasonChanged: true,
    });
  });

  it('going all-unhealthy in place is no switch but a change of reason', () => {
    expect(compareDecision({ activeTargetId: 'standby', reason: 'healthy' }, { activeTargetId: 'standby', reason: 'all-unhealthy' })).toEqual({ switched: null, reasonChanged: true });
  });

  it('the same decision changes nothing', () => {
    expect(compareDecision({ activeTargetId: 'primary', reason: 'pinned' }, { activeTargetId: 'primary', reason: 'pinned' })).toEqual({ switched: null, reasonChanged: false });
  });
});

describe('detection bounds', () => {
  it('fails over within fall intervals and a timeout, and back within rise intervals', () => {
    expect(failoverWithinMs({ fall: 3, rise: 2 }, 10, 2_000)).toBe(32_000);
    expect(failbackWithinMs({ fall: 3, rise: 2 }, 10)).toBe(20_000);
  });

  it('fall intervals of results after a death are enough, by the model itself', () => {
    // A primary dies just after a good run at t=0; runs every 10 s, each failing after its 2 s timeout.
    const thresholds = { fall: 3, rise: 2 };
    let health: TargetRegionHealth | undefined = observeTarget(undefined, 'eu', 'up', thresholds, 0);
    let switchedAt: number | null = null;
    for (let run = 1; switchedAt === null; run++) {
      const at = run * 10_000 + 2_000;
      health = observeTarget(health, 'eu', 'down', thresholds, at);
      if (!health.healthy) switchedAt = at;
    }
    expect(switchedAt).toBeLessThanOrEqual(failoverWithinMs(thresholds, 10, 2_000));
  });
});
