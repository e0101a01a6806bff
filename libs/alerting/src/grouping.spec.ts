import { describe, expect, it } from 'vitest';
import { applyIntent, flushDecision, type GroupPolicy, type NotificationGroupState } from './grouping';
import type { NotificationIntent, NotificationKind } from './instance-types';
import type { GroupRoute } from './routing';

const S = 1000;
const route: GroupRoute = { policyId: 'p1', groupKey: 'g1', groupLabels: { alertname: 'HighCPU' }, action: 'apply' };
const basePolicy: GroupPolicy = { id: 'p1', channelIds: ['c1'], groupWaitSeconds: 30, groupIntervalSeconds: 300, repeatIntervalSeconds: 3_600, sendResolved: true };

function intent(kind: NotificationKind, alert: string, severity: 'warning' | 'critical' = 'warning', flapping = false): NotificationIntent {
  const status = kind === 'resolved' ? 'resolved' : 'firing';
  return {
    type: 'notify',
    kind,
    at: 0,
    instanceKey: alert,
    ruleId: 'r1',
    labels: { alertname: 'HighCPU', host: alert, severity },
    previousLabels: null,
    annotations: {},
    status,
    severity,
    noData: false,
    flapping,
    value: 1,
    evidence: null,
    startsAt: 0,
    endsAt: status === 'resolved' ? 1 : null,
  };
}

/**
 * A fake clock: applies intents at their times and calls flushDecision whenever the group is
 * due, like a worker would. Returns one line per notification sent.
 */
function simulate(events: [number, NotificationIntent | ((muted: Set<string>) => void)][], until: number, policy = basePolicy) {
  let group: NotificationGroupState | undefined;
  const muted = new Set<string>();
  const lines: string[] = [];
  const queue = [...events].sort((a, b) => a[0] - b[0]);
  for (let t = 0; t <= until; t++) {
    while (queue.length > 0 && (queue[0] as [number, unknown])[0] === t) {
      const [, event] = queue.shift() as [number, NotificationIntent | ((muted: Set<string>) => void)];
      if (typeof event === 'function') event(muted);
      else group = applyIntent(group, route, event, policy, t * S);
    }
    if (group && group.nextFlushAt <= t * S) {
      const decision = flushDecision(group, policy, t * S, muted);
      if (decision.notification) {
        const { reason, firing, resolved } = decision.notification;
        lines.push(`${t} ${reason} firing=${firing.map((a) => a.instanceKey + (a.severity === 'critical' ? '!' : '') + (a.flapping ? '~' : '')).join(',')} resolved=${resolved.map((a) => a.instanceKey).join(',')}`);
      }
      group = decision.state ?? undefined;
      if (!decision.state) lines.push(`${t} deleted`);
    }
  }
  return { lines, group };
}

describe('grouping: Alertmanager timing', () => {
  it('waits group_wait for a new group, then group_interval for changes, and repeats an unchanged group', () => {
    const { lines } = simulate(
      [
        [0, intent('firing', 'a')],
        [10, intent('firing', 'b')],
        [100, intent('firing', 'c')],
        [700, intent('resolved', 'a')],
        [1_000, intent('escalated', 'b', 'critical')],
      ],
      5_000,
    );
    expect(lines).toEqual([
      '30 first firing=a,b resolved=', // a and b went out together after group_wait
      '330 changed firing=a,b,c resolved=', // c waited for the group interval
      '930 resolved firing=b,c resolved=a', // 630: unchanged, not yet repeat
      '1230 changed firing=b!,c resolved=', // an escalation is a change
      '4830 repeat firing=b!,c resolved=', // unchanged for repeat_interval (1 h after 1230, on the interval grid)
    ]);
  });

  it('sends resolved once and deletes the emptied group', () => {
    const { lines, group } = simulate([[0, intent('firing', 'a')], [60, intent('resolved', 'a')]], 1_000);
    expect(lines).toEqual(['30 first firing=a resolved=', '330 resolved firing= resolved=a', '330 deleted']);
    expect(group).toBeUndefined();
  });

  it('never sends an alert that resolved before the group told anyone', () => {
    expect(simulate([[0, intent('firing', 'a')], [10, intent('resolved', 'a')]], 1_000).lines).toEqual(['30 deleted']);
    // A resolve for an alert the group never had creates no group.
    expect(simulate([[0, intent('resolved', 'x')]], 100).lines).toEqual([]);
  });

  it('without sendResolved: no resolved notice; a partial resolve is not a change; a re-fire is notified again', () => {
    const policy = { ...basePolicy, sendResolved: false };
    const { lines } = simulate(
      [
        [0, intent('firing', 'a')],
        [0, intent('firing', 'b')],
        [100, intent('resolved', 'a')],
        [400, intent('firing', 'a')],
        [1_000, intent('resolved', 'a')],
        [1_000, intent('resolved', 'b')],
      ],
      2_000,
      policy,
    );
    expect(lines).toEqual(['30 first firing=a,b resolved=', '630 changed firing=a,b resolved=', '1230 deleted']);
  });

  it('marks a flapping alert as a change (one notice), like a severity change', () => {
    const { lines } = simulate([[0, intent('firing', 'a')], [100, intent('flapping_started', 'a', 'warning', true)]], 700);
    expect(lines).toEqual(['30 first firing=a resolved=', '330 changed firing=a~ resolved=']);
  });

  it('leaves muted alerts out, and notifies them when the mute ends', () => {
    const { lines } = simulate(
      [
        [0, intent('firing', 'a')],
        [0, (muted) => muted.add('b')],
        [0, intent('firing', 'b')],
        [500, (muted) => muted.delete('b')],
      ],
      1_000,
    );
    expect(lines).toEqual(['30 first firing=a resolved=', '630 changed firing=a,b resolved=']);
  });

  it('sends the resolve of an alert it told firing even when a silence now mutes it', () => {
    const { lines } = simulate([[0, intent('firing', 'a')], [100, (muted) => muted.add('a')], [200, intent('resolved', 'a')]], 400);
    expect(lines).toEqual(['30 first firing=a resolved=', '330 resolved firing= resolved=a', '330 deleted']);
  });
});

describe('flushDecision', () => {
  const group = applyIntent(undefined, route, intent('firing', 'a'), basePolicy, 0) as NotificationGroupState;

  it('does nothing before nextFlushAt', () => {
    expect(flushDecision(group, basePolicy, 29_999)).toMatchObject({ send: false, notification: null, nextFlushAt: 30_000, state: group });
  });

  it('gives the same notification id on a retried flush, and a new one for the next flush', () => {
    const first = flushDecision(group, basePolicy, 30_000);
    const retried = flushDecision(group, basePolicy, 31_000);
    expect(first.notification?.id).toBe(retried.notification?.id);
    expect(first.notification?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.notification).toMatchObject({ channelIds: ['c1'], groupLabels: { alertname: 'HighCPU' }, flushNumber: 1, policyId: 'p1', groupKey: 'g1' });
    const changed = applyIntent(first.state as NotificationGroupState, route, intent('firing', 'b'), basePolicy, 40_000) as NotificationGroupState;
    const second = flushDecision(changed, basePolicy, 330_000);
    expect(second.notification?.flushNumber).toBe(2);
    expect(second.notification?.id).not.toBe(first.notification?.id);
  });

  it('gives a group that emptied and formed again (same key) new ids, not those of its earlier life', () => {
    const first = flushDecision(group, basePolicy, 30_000);
    const resolved = applyIntent(first.state as NotificationGroupState, route, intent('resolved', 'a'), basePolicy, 60_000) as NotificationGroupState;
    const last = flushDecision(resolved, basePolicy, 330_000);
    expect(last.state).toBeNull();
    const again = applyIntent(undefined, route, intent('firing', 'a'), basePolicy, 400_000) as NotificationGroupState;
    const refired = flushDecision(again, basePolicy, 430_000);
    expect(refired.notification?.flushNumber).toBe(1);
    expect(refired.notification?.id).not.toBe(first.notification?.id);
  });

  it('digests the firing set: equal digest, unchanged group', () => {
    const first = flushDecision(group, basePolicy, 30_000);
    const again = flushDecision(first.state as NotificationGroupState, basePolicy, 330_000);
    expect(again.send).toBe(false);
    expect(again.digest).toBe(first.digest);
    expect(again.nextFlushAt).toBe(630_000);
  });

  it('drops an alert that leaves the group (its severity moved it to another policy) without a notice', () => {
    const first = flushDecision(group, basePolicy, 30_000).state as NotificationGroupState;
    const left = applyIntent(first, { ...route, action: 'leave' }, intent('escalated', 'a', 'critical'), basePolicy, 40_000) as NotificationGroupState;
    expect(left.alerts).toEqual([]);
    expect(flushDecision(left, basePolicy, 330_000)).toMatchObject({ send: false, state: null, nextFlushAt: null });
  });
});
