import type { AlertEvidence, AlertSeverity } from '@vigil/contracts';
import type { Labels } from '@vigil/metrics-query';
import { alertLabels, type InstanceRule, noDataSeverity } from './alert-labels';
import { applyFlapDamping, DEFAULT_FLAP_DAMPING, type FlapDampingOptions, type IntentFactory } from './flap-damping';
import { instanceKey } from './identity';
import type { InstanceState, NotificationIntent, NotificationKind, StepResult, TransitionEvent, TransitionTarget } from './instance-types';
import type { Observation } from './rule-kinds/rule-kind';
import { isRecovered, loosestThreshold, recoveryThreshold, severityOf, thresholdFor } from './thresholds';

/** A new instance: inactive since `now`. */
export function newInstanceState(ruleId: string, groupLabels: Labels, now: number): InstanceState {
  return {
    key: instanceKey(ruleId, groupLabels),
    ruleId,
    groupLabels: { ...groupLabels },
    status: 'inactive',
    severity: null,
    noData: false,
    since: now,
    activeAt: null,
    firedAt: null,
    resolvedAt: null,
    lastActiveAt: null,
    lastValue: null,
    lastEvaluatedAt: null,
    evidence: null,
    flapping: false,
    flappingSince: null,
    changes: [],
    lastChangeAt: null,
    notified: null,
  };
}

type Condition =
  | { kind: 'breach'; severity: AlertSeverity; noData: boolean; threshold: number | null }
  /** Not breaching, not recovered: inside the hysteresis band. */
  | { kind: 'hold' }
  | { kind: 'clear' }
  /** No data with `keep`: leave everything as it is. */
  | { kind: 'keep' };

function conditionOf(observation: Observation, rule: InstanceRule): Condition {
  const { value } = observation;
  if (value !== undefined) {
    const severity = severityOf(value, rule.thresholds);
    if (severity !== undefined) return { kind: 'breach', severity, noData: false, threshold: thresholdFor(severity, rule.thresholds) ?? null };
    return isRecovered(value, rule.thresholds) ? { kind: 'clear' } : { kind: 'hold' };
  }
  if (observation.absent) return { kind: 'clear' };
  switch (rule.noData) {
    case 'ok':
      return { kind: 'clear' };
    case 'keep':
      return { kind: 'keep' };
    case 'alert':
      return { kind: 'breach', severity: noDataSeverity(rule.thresholds), noData: true, threshold: null };
  }
}

/**
 * The state machine of one alert instance (one rule × one label group):
 *
 *   inactive ──breach──► pending ──breach held `for`──► firing ──recovered, `keepFiringFor` over──► resolved (= inactive)
 *      ▲                   │ not breaching                 │ ▲ severity changes (escalated / deescalated)
 *      └───────────────────┘                               └─┘
 *
 * - breach: the value breaches warning or critical (severityOf); with `for` = 0 inactive goes
 *   straight to firing. A pending instance falls back to inactive as soon as it stops breaching.
 * - recovery uses the recovery threshold (hysteresis): a firing instance whose value no longer
 *   breaches any threshold but still breaches `recovery` keeps firing (and that counts as active
 *   for keepFiringFor).
 * - keepFiringFor: a recovered instance keeps firing until that long after the last evaluation
 *   at which it was still active; breaching again meanwhile continues the same alert silently.
 * - severity while firing follows the value at once (the rule waited `for` already): warning →
 *   critical is an escalation, critical → warning a de-escalation, both notified.
 * - no data (observation value undefined) per the rule's `noData`: `ok` is treated as recovered,
 *   `keep` changes nothing, `alert` is a breach at the no-data severity (noDataSeverity) with
 *   `alertstate="nodata"` on the alert, through `for` like any breach. A no-data flag flipping on a
 *   firing alert at the same severity is notified as `updated` (its labels changed).
 * - an absent group (its series went away while others remain) is treated as recovered.
 * - flap damping (flap-damping.ts) may suppress the notifications and emit flapping notices.
 *
 * Pure: `now` is an input, the state is plain JSON the caller persists per instance.
 *
 * One evaluation of one instance: the new state, the transitions to record and the notifications to route.
 */
export function step(previous: InstanceState | undefined, observation: Observation, rule: InstanceRule, now: number, flapOptions: FlapDampingOptions = DEFAULT_FLAP_DAMPING): StepResult {
  const before = previous ?? newInstanceState(rule.id, observation.labels, now);
  const condition = conditionOf(observation, rule);
  const state: InstanceState = { ...before, changes: [...before.changes], lastEvaluatedAt: now };
  // The threshold the outcome was decided on: the breached one; for a firing alert the recovery
  // threshold (hysteresis); otherwise the loosest, which the value did not breach.
  const threshold = condition.kind === 'breach' ? condition.threshold : ((before.status === 'firing' ? recoveryThreshold(rule.thresholds) : loosestThreshold(rule.thresholds)) ?? null);
  const evidence: AlertEvidence = { ...observation.evidence, threshold };
  if (condition.kind !== 'keep') {
    state.lastValue = observation.value ?? null;
    state.evidence = evidence;
  }
  const transitions: TransitionEvent[] = [];
  const intents: NotificationIntent[] = [];
  const labelsOf = (severity: AlertSeverity | null, noData: boolean) => alertLabels(rule, state.groupLabels, severity, noData);
  const record = (to: TransitionTarget, severity: AlertSeverity | null, noData: boolean): void => {
    transitions.push({ type: 'transition', at: now, instanceKey: state.key, ruleId: rule.id, labels: labelsOf(severity, noData), from: before.status, to, severity, value: observation.value ?? null, evidence, noData });
  };
  const intentOf: IntentFactory = (kind, severity, noData, previousLabels = null) => {
    const firing = state.status === 'firing';
    return {
      type: 'notify',
      kind,
      at: now,
      instanceKey: state.key,
      ruleId: rule.id,
      labels: labelsOf(severity, noData),
      previousLabels,
      annotations: { ...rule.annotations },
      status: firing ? 'firing' : 'resolved',
      severity,
      noData,
      flapping: state.flapping,
      value: observation.value ?? null,
      evidence,
      startsAt: state.firedAt,
      endsAt: firing ? null : state.resolvedAt,
    };
  };
  const notify = (kind: NotificationKind, previousLabels: Record<string, string> | null = null): void => {
    // A resolved alert is told with the severity it fired with.
    const [severity, noData] = state.status === 'firing' ? [state.severity, state.noData] : [before.severity, before.noData];
    intents.push(intentOf(kind, severity, noData, previousLabels));
  };
  const fire = (breach: Extract<Condition, { kind: 'breach' }>): void => {
    Object.assign(state, { status: 'firing', severity: breach.severity, noData: breach.noData, since: now, firedAt: now, resolvedAt: null, lastActiveAt: now });
    record('firing', breach.severity, breach.noData);
    notify('firing');
  };
  const deactivate = (): void => {
    Object.assign(state, { status: 'inactive', severity: null, noData: false, since: now, activeAt: null, lastActiveAt: null });
  };

  switch (before.status) {
    case 'inactive':
      if (condition.kind !== 'breach') break;
      state.activeAt = now;
      if (rule.forSeconds === 0) {
        fire(condition);
      } else {
        Object.assign(state, { status: 'pending', severity: condition.severity, noData: condition.noData, since: now, lastActiveAt: now });
        record('pending', condition.severity, condition.noData);
      }
      break;
    case 'pending':
      if (condition.kind === 'keep') break;
      if (condition.kind !== 'breach') {
        deactivate();
        record('inactive', null, false);
        break;
      }
      if (now - (before.activeAt ?? before.since) >= rule.forSeconds * 1000) {
        fire(condition);
      } else {
        Object.assign(state, { severity: condition.severity, noData: condition.noData, lastActiveAt: now });
      }
      break;
    case 'firing':
      if (condition.kind === 'keep') break;
      if (condition.kind === 'hold') {
        state.lastActiveAt = now;
        break;
      }
      if (condition.kind === 'breach') {
        state.lastActiveAt = now;
        if (condition.severity === before.severity && condition.noData === before.noData) break;
        Object.assign(state, { severity: condition.severity, noData: condition.noData });
        record('firing', condition.severity, condition.noData);
        const kind = condition.severity === before.severity ? 'updated' : condition.severity === 'critical' ? 'escalated' : 'deescalated';
        notify(kind, labelsOf(before.severity, before.noData));
        break;
      }
      if (now - (before.lastActiveAt ?? before.since) < rule.keepFiringForSeconds * 1000) break;
      deactivate();
      state.resolvedAt = now;
      record('resolved', before.severity, before.noData);
      notify('resolved');
      break;
  }

  const damped = applyFlapDamping(state, intents, now, flapOptions, intentOf);
  return { state: damped.state, events: [...transitions, ...damped.intents] };
}

/**
 * An instance the caller may delete: inactive, not flapping, and without a notifiable change
 * inside the flap window (its history could still make it flap). A group seen again later
 * starts over as a new inactive instance, which is what it would be.
 */
export function isDormant(state: InstanceState, now: number, flapOptions: FlapDampingOptions = DEFAULT_FLAP_DAMPING): boolean {
  return state.status === 'inactive' && !state.flapping && (state.lastChangeAt === null || now - state.lastChangeAt >= flapOptions.windowSeconds * 1000);
}
