import type { NoDataHandling } from '@vigil/contracts';
import { describe, expect, it } from 'vitest';
import { alertLabels, type InstanceRule, noDataSeverity } from './alert-labels';
import { instanceKey } from './identity';
import { isDormant, newInstanceState, step } from './instance-state';
import type { InstanceState, NotificationIntent, TransitionEvent } from './instance-types';
import type { Observation } from './rule-kinds/rule-kind';

const S = 1000;
const rule = (overrides: Partial<InstanceRule> = {}): InstanceRule => ({
  id: 'rule-1',
  name: 'HighCPU',
  labels: { team: 'infra' },
  annotations: { summary: 'CPU is high' },
  forSeconds: 0,
  keepFiringForSeconds: 0,
  noData: 'ok',
  thresholds: { comparator: '>', warning: 80, critical: 90 },
  ...overrides,
});
const observation = (value: number | undefined | 'absent'): Observation => ({
  labels: { host: 'a' },
  value: value === 'absent' ? undefined : value,
  evidence: { value: typeof value === 'number' ? value : null, threshold: null, comparator: '>', from: 0, to: 0 },
  ...(value === 'absent' ? { absent: true } : {}),
});

/** One line per evaluation: time (s), status, severity, then the notifications (and transitions). */
function run(r: InstanceRule, timeline: [number, number | undefined | 'absent'][], initial?: InstanceState) {
  let state = initial;
  const lines: string[] = [];
  const intents: NotificationIntent[] = [];
  const transitions: TransitionEvent[] = [];
  for (const [seconds, value] of timeline) {
    const result = step(state, observation(value), r, seconds * S);
    state = result.state;
    const notes = result.events.map((e) => (e.type === 'notify' ? `!${e.kind}` : `${e.from}>${e.to}`));
    intents.push(...result.events.filter((e): e is NotificationIntent => e.type === 'notify'));
    transitions.push(...result.events.filter((e): e is TransitionEvent => e.type === 'transition'));
    lines.push([seconds, state.status, state.severity ?? '-', ...notes].join(' '));
  }
  return { lines, state: state as InstanceState, intents, transitions };
}

describe('step: inactive → pending → firing → resolved', () => {
  it('fires at once without `for`', () => {
    expect(run(rule(), [[0, 50], [60, 85], [120, 95]]).lines).toEqual(['0 inactive -', '60 firing warning inactive>firing !firing', '120 firing critical firing>firing !escalated']);
  });

  it('waits `for` in pending, then fires; notifies only when firing', () => {
    expect(run(rule({ forSeconds: 120 }), [[0, 95], [60, 85], [120, 95], [180, 95]]).lines).toEqual([
      '0 pending critical inactive>pending',
      '60 pending warning',
      '120 firing critical pending>firing !firing',
      '180 firing critical',
    ]);
  });

  it('falls back from pending to inactive as soon as the breach stops, silently', () => {
    expect(run(rule({ forSeconds: 120 }), [[0, 95], [60, 10], [120, 95], [180, 95], [240, 95]]).lines).toEqual([
      '0 pending critical inactive>pending',
      '60 inactive - pending>inactive',
      '120 pending critical inactive>pending',
      '180 pending critical',
      '240 firing critical pending>firing !firing',
    ]);
  });

  it('a pending instance in the hysteresis band is not breaching: back to inactive', () => {
    expect(run(rule({ forSeconds: 60, thresholds: { comparator: '>', critical: 90, recovery: 80 } }), [[0, 95], [30, 85]]).lines).toEqual(['0 pending critical inactive>pending', '30 inactive - pending>inactive']);
  });

  it('resolves at the first recovered evaluation, told with the severity it fired with', () => {
    const { lines, intents, state } = run(rule(), [[0, 95], [60, 10]]);
    expect(lines).toEqual(['0 firing critical inactive>firing !firing', '60 inactive - firing>resolved !resolved']);
    expect(intents[1]).toMatchObject({ kind: 'resolved', status: 'resolved', severity: 'critical', startsAt: 0, endsAt: 60 * S, labels: { severity: 'critical', alertname: 'HighCPU' } });
    expect(state).toMatchObject({ firedAt: 0, resolvedAt: 60 * S, since: 60 * S, activeAt: null, lastValue: 10 });
  });

  it('recovers only below the recovery threshold (hysteresis)', () => {
    expect(run(rule({ thresholds: { comparator: '>', critical: 90, recovery: 80 } }), [[0, 95], [60, 85], [120, 81], [180, 80]]).lines).toEqual([
      '0 firing critical inactive>firing !firing',
      '60 firing critical',
      '120 firing critical',
      '180 inactive - firing>resolved !resolved',
    ]);
  });

  it('keeps firing for keepFiringFor after the last active evaluation; a breach meanwhile continues silently', () => {
    expect(run(rule({ keepFiringForSeconds: 300 }), [[0, 95], [60, 10], [120, 10], [180, 95], [240, 10], [420, 10], [480, 10]]).lines).toEqual([
      '0 firing critical inactive>firing !firing',
      '60 firing critical',
      '120 firing critical',
      '180 firing critical',
      '240 firing critical',
      '420 firing critical',
      '480 inactive - firing>resolved !resolved',
    ]);
  });

  it('de-escalates critical → warning with a notification', () => {
    const { lines, intents } = run(rule(), [[0, 95], [60, 85]]);
    expect(lines[1]).toBe('60 firing warning firing>firing !deescalated');
    expect(intents[1]).toMatchObject({ kind: 'deescalated', labels: { severity: 'warning' }, previousLabels: { severity: 'critical' } });
  });

  it('records transitions with the threshold decided on: breach → its threshold, resolve → the recovery threshold', () => {
    const { transitions } = run(rule({ thresholds: { comparator: '>', warning: 80, critical: 90, recovery: 70 } }), [[0, 85], [60, 95], [120, 60]]);
    expect(transitions.map((t) => [t.from, t.to, t.severity, t.value, t.evidence.threshold])).toEqual([
      ['inactive', 'firing', 'warning', 85, 80],
      ['firing', 'firing', 'critical', 95, 90],
      ['firing', 'resolved', 'critical', 60, 70],
    ]);
    // A pending instance falls back on the loosest threshold it no longer breaches, not on recovery.
    const pending = run(rule({ forSeconds: 60, thresholds: { comparator: '>', warning: 80, critical: 90, recovery: 70 } }), [[0, 95], [30, 75]]);
    expect(pending.transitions.map((t) => [t.from, t.to, t.evidence.threshold])).toEqual([
      ['inactive', 'pending', 90],
      ['pending', 'inactive', 80],
    ]);
  });
});

describe('step: no data', () => {
  const noData = (mode: NoDataHandling, overrides: Partial<InstanceRule> = {}) => rule({ noData: mode, ...overrides });

  it('ok: no data resolves a firing instance and leaves an inactive one alone', () => {
    expect(run(noData('ok'), [[0, undefined], [60, 95], [120, undefined]]).lines).toEqual(['0 inactive -', '60 firing critical inactive>firing !firing', '120 inactive - firing>resolved !resolved']);
  });

  it('keep: no data changes nothing, not even timers or the last value', () => {
    const { lines, state } = run(noData('keep', { forSeconds: 60 }), [[0, 95], [60, undefined], [120, undefined], [180, 95], [240, 95], [300, undefined], [360, 10]]);
    expect(lines).toEqual([
      '0 pending critical inactive>pending',
      '60 pending critical',
      '120 pending critical',
      '180 firing critical pending>firing !firing',
      '240 firing critical',
      '300 firing critical',
      '360 inactive - firing>resolved !resolved',
    ]);
    expect(state.lastEvaluatedAt).toBe(360 * S);
  });

  it('alert: fires a no-data alert (alertstate="nodata", the rule’s most severe severity), through `for`', () => {
    const { lines, intents } = run(noData('alert', { forSeconds: 60 }), [[0, undefined], [60, undefined], [120, 50]]);
    expect(lines).toEqual(['0 pending critical inactive>pending', '60 firing critical pending>firing !firing', '120 inactive - firing>resolved !resolved']);
    expect(intents[0]?.labels).toEqual({ host: 'a', team: 'infra', alertname: 'HighCPU', rule_id: 'rule-1', severity: 'critical', alertstate: 'nodata' });
    expect(intents[0]).toMatchObject({ noData: true, value: null, evidence: { value: null, threshold: null } });
    expect(intents[1]?.labels.alertstate).toBe('nodata');
    expect(noDataSeverity({ comparator: '>', warning: 1 })).toBe('warning');
  });

  it('alert: a threshold alert that loses its data becomes a no-data alert at the same severity (updated), and back', () => {
    const { lines, intents } = run(noData('alert'), [[0, 95], [60, undefined], [120, 95]]);
    expect(lines).toEqual(['0 firing critical inactive>firing !firing', '60 firing critical firing>firing !updated', '120 firing critical firing>firing !updated']);
    expect(intents[1]).toMatchObject({ labels: { alertstate: 'nodata' }, previousLabels: { severity: 'critical' } });
    expect(intents[1]?.previousLabels?.alertstate).toBeUndefined();
  });

  it('an absent group recovers, whatever noData says', () => {
    expect(run(noData('alert'), [[0, 95], [60, 'absent']]).lines).toEqual(['0 firing critical inactive>firing !firing', '60 inactive - firing>resolved !resolved']);
    expect(run(noData('keep'), [[0, 95], [60, 'absent']]).lines[1]).toBe('60 inactive - firing>resolved !resolved');
  });
});

describe('step: flap damping', () => {
  // Crossing the threshold every minute: fire, resolve, fire, …
  const flapping = (from: number, count: number): [number, number][] => Array.from({ length: count }, (_, i) => [from + i * 60, i % 2 === 0 ? 95 : 10]);

  it('marks an instance flapping at the 6th change in 30 minutes and suppresses what follows', () => {
    const { lines, state, intents } = run(rule(), [...flapping(0, 9), [540, 95]]);
    expect(lines).toEqual([
      '0 firing critical inactive>firing !firing',
      '60 inactive - firing>resolved !resolved',
      '120 firing critical inactive>firing !firing',
      '180 inactive - firing>resolved !resolved',
      '240 firing critical inactive>firing !firing',
      '300 inactive - firing>resolved !flapping_started',
      '360 firing critical inactive>firing',
      '420 inactive - firing>resolved',
      '480 firing critical inactive>firing',
      '540 firing critical',
    ]);
    expect(state).toMatchObject({ flapping: true, flappingSince: 300 * S, notified: { status: 'resolved', severity: 'critical' } });
    expect(intents.at(-1)).toMatchObject({ kind: 'flapping_started', status: 'resolved', flapping: true });
  });

  it('stops after 30 quiet minutes and tells receivers what they missed', () => {
    const { state: flappingState } = run(rule(), flapping(0, 9));
    // Still firing since 480 s: quiet for 30 minutes at 2,280 s.
    const firing = run(rule(), [[2_220, 95], [2_280, 95]], flappingState);
    expect(firing.lines).toEqual(['2220 firing critical', '2280 firing critical !flapping_stopped !firing']);
    expect(firing.state).toMatchObject({ flapping: false, notified: { status: 'firing', severity: 'critical' } });

    // Resolved meanwhile: receivers last heard "firing" (an escalation made the 6th change, while firing) → resolved.
    const { state: startedFiring, lines } = run(rule(), [[0, 85], [60, 95], [120, 10], [180, 95], [240, 10], [300, 95]]);
    expect(lines.at(-1)).toBe('300 firing critical inactive>firing !flapping_started');
    expect(startedFiring).toMatchObject({ flapping: true, notified: { status: 'firing', severity: 'critical' } });
    const resolved = run(rule(), [[360, 10], [2_100, 10], [2_160, 10]], startedFiring);
    expect(resolved.lines).toEqual(['360 inactive - firing>resolved', '2100 inactive -', '2160 inactive - !flapping_stopped !resolved']);
    expect(resolved.intents.at(-1)).toMatchObject({ kind: 'resolved', severity: 'critical', endsAt: 360 * S, flapping: false });
  });

  it('counts only changes inside the window: slow flapping never damps', () => {
    const slow: [number, number][] = Array.from({ length: 12 }, (_, i) => [i * 400, i % 2 === 0 ? 95 : 10]);
    expect(run(rule(), slow).intents.map((i) => i.kind)).not.toContain('flapping_started');
  });
});

describe('instance identity, labels and dormancy', () => {
  it('instanceKey is stable across label order and distinct per rule and group', () => {
    expect(instanceKey('r', { a: '1', b: '2' })).toBe(instanceKey('r', { b: '2', a: '1' }));
    expect(instanceKey('r', { a: '1' })).not.toBe(instanceKey('r2', { a: '1' }));
    expect(instanceKey('r', { a: '1' })).not.toBe(instanceKey('r', { a: '2' }));
    expect(instanceKey('r', {})).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newInstanceState('r', { b: '2', a: '1' }, 0).key).toBe(instanceKey('r', { a: '1', b: '2' }));
  });

  it('alert labels: group labels, rule labels over them, then alertname, rule_id, severity nothing overrides', () => {
    expect(alertLabels({ id: 'r1', name: 'Disk', labels: { team: 'db', host: 'override', severity: 'low', alertname: 'x' } }, { host: 'a', mount: '/' }, 'warning', false)).toEqual({
      host: 'override',
      mount: '/',
      team: 'db',
      alertname: 'Disk',
      rule_id: 'r1',
      severity: 'warning',
    });
  });

  it('an inactive instance without recent changes is dormant (the caller may delete it)', () => {
    const { state } = run(rule(), [[0, 95], [60, 10]]);
    expect(isDormant(state, 120 * S)).toBe(false);
    expect(isDormant(state, 60 * S + 1_800 * S)).toBe(true);
    expect(isDormant(newInstanceState('r', {}, 0), 0)).toBe(true);
    expect(isDormant(run(rule(), [[0, 95]]).state, 10_000 * S)).toBe(false);
  });
});
