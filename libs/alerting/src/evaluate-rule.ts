import type { AlertEvidence } from '@vigil/contracts';
import type { CompiledRule } from './compile-rule';
import { DEFAULT_FLAP_DAMPING, type FlapDampingOptions } from './flap-damping';
import { instanceKey } from './identity';
import { isDormant, step } from './instance-state';
import type { InstanceEvent, InstanceState } from './instance-types';
import type { Observation, RuleData } from './rule-kinds/rule-kind';

export interface RuleEvaluation {
  /** The new state of every instance evaluated (persist them). */
  instances: InstanceState[];
  /** Transitions to record and notifications to route, in order. */
  events: InstanceEvent[];
  /** Keys of instances now dormant: the caller may delete them (isDormant). */
  dormant: string[];
}

/**
 * One evaluation of one rule at `now`, from its data and its instances' states:
 * 1. the kind observes its label groups (`observe`);
 * 2. observations are completed against the instances the rule has:
 *    - no group at all (the rule read nothing): every instance gets a no-data observation, and
 *      with no instance yet, the empty group `{}` does — so `noData: alert` has an alert to
 *      fire (alertstate="nodata"), and `ok` leaves a dormant instance the caller drops;
 *    - some groups but not an instance's: that group's series went away — it is observed as
 *      absent and recovers (as Prometheus resolves an alert whose series vanished; a rule that
 *      must alert when one service stops reporting uses `noData: alert` on a query per service,
 *      or a log count `< 1`, whose known groups count 0);
 * 3. each instance takes a step of its state machine.
 */
export function evaluateRule(
  rule: CompiledRule,
  data: RuleData,
  instances: readonly InstanceState[],
  now: number,
  flapOptions: FlapDampingOptions = DEFAULT_FLAP_DAMPING,
): RuleEvaluation {
  const observations = rule.observe(
    data,
    now,
    instances.map((instance) => instance.groupLabels),
  );
  const byKey = new Map(instances.map((instance) => [instance.key, instance]));
  const observed = new Set<string>();
  const inputs: { observation: Observation; previous: InstanceState | undefined }[] = [];
  for (const observation of observations) {
    const key = instanceKey(rule.id, observation.labels);
    if (observed.has(key)) continue; // a kind returning one group twice: the first wins
    observed.add(key);
    inputs.push({ observation, previous: byKey.get(key) });
  }
  const evidence = noDataEvidence(rule, now);
  if (observations.length === 0 && instances.length === 0) inputs.push({ observation: { labels: {}, value: undefined, evidence }, previous: undefined });
  for (const instance of instances) {
    if (observed.has(instance.key)) continue;
    const absent = observations.length > 0;
    inputs.push({ observation: { labels: instance.groupLabels, value: undefined, evidence, ...(absent ? { absent } : {}) }, previous: instance });
  }
  const result: RuleEvaluation = { instances: [], events: [], dormant: [] };
  for (const { observation, previous } of inputs) {
    const { state, events } = step(previous, observation, rule.instanceRule, now, flapOptions);
    result.instances.push(state);
    result.events.push(...events);
    if (isDormant(state, now, flapOptions)) result.dormant.push(state.key);
  }
  return result;
}

/** Evidence of a group without data: no value, over the window the rule's requests read. */
function noDataEvidence(rule: CompiledRule, now: number): AlertEvidence {
  const starts = rule.dataRequests(now).flatMap((request) => (request.type === 'extension' ? [] : [request.from]));
  return { value: null, threshold: null, comparator: rule.instanceRule.thresholds.comparator, from: starts.length > 0 ? Math.min(...starts) : now, to: now };
}
