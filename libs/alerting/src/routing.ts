import type { Policy } from '@vigil/contracts';
import type { Labels } from '@vigil/metrics-query';
import { nameBasedId } from './identity';
import type { NotificationIntent } from './instance-types';
import { compileMatchers, labelValue } from './matchers';

/**
 * Routing alerts to notification policies, as Alertmanager's routes do (flattened to an
 * ordered list): policies are tried in `position` order; an alert matches one when its labels
 * match all the policy's matchers and its severity is among the policy's severities (none: any);
 * the first match wins unless it says `continue`; disabled policies are skipped. No match, no
 * notification (the caller may append a catch-all default policy).
 */
export type RoutingPolicy = Pick<Policy, 'id' | 'matchers' | 'severities' | 'groupBy' | 'continue' | 'enabled' | 'position'>;

export function matchesPolicy(policy: Pick<RoutingPolicy, 'matchers' | 'severities'>, labels: Labels): boolean {
  if (policy.severities.length > 0 && !policy.severities.some((severity) => severity === labelValue(labels, 'severity'))) return false;
  return compileMatchers(policy.matchers)(labels);
}

/** The policies an alert goes to, in order. */
export function routeAlert<P extends RoutingPolicy>(labels: Labels, policies: readonly P[]): P[] {
  const ordered = policies.filter((policy) => policy.enabled).sort((a, b) => a.position - b.position);
  const matched: P[] = [];
  for (const policy of ordered) {
    if (!matchesPolicy(policy, labels)) continue;
    matched.push(policy);
    if (!policy.continue) break;
  }
  return matched;
}

/**
 * The notification group an alert joins under a policy: one per (policy, values of its groupBy
 * labels). A missing label groups as "" and is left out of the group labels, as in Alertmanager.
 */
export function groupOf(policy: Pick<RoutingPolicy, 'id' | 'groupBy'>, labels: Labels): { groupKey: string; groupLabels: Record<string, string> } {
  const groupLabels: Record<string, string> = {};
  for (const name of policy.groupBy) {
    const value = labelValue(labels, name);
    if (value !== '') groupLabels[name] = value;
  }
  const values = policy.groupBy.map((name) => `${name}=${JSON.stringify(labelValue(labels, name))}`).join(',');
  return { groupKey: nameBasedId('notification-group', policy.id, values), groupLabels };
}

/** Where an intent goes: apply it to a group, or leave a group the alert no longer belongs to. */
export interface GroupRoute {
  policyId: string;
  groupKey: string;
  groupLabels: Record<string, string>;
  action: 'apply' | 'leave';
}

/**
 * The groups an intent touches. An intent routes by the alert's labels; a severity or no-data
 * change (previousLabels) may move the alert out of groups it was in — a warning-only policy
 * after an escalation to critical — and those get `leave`: the alert is dropped from them
 * without a resolved notice (it did not resolve; it went where critical alerts go).
 */
export function routeIntent(intent: Pick<NotificationIntent, 'labels' | 'previousLabels'>, policies: readonly RoutingPolicy[]): GroupRoute[] {
  const routes = routeAlert(intent.labels, policies).map((policy): GroupRoute => ({ policyId: policy.id, ...groupOf(policy, intent.labels), action: 'apply' }));
  if (intent.previousLabels === null) return routes;
  const current = new Set(routes.map((route) => route.groupKey));
  for (const policy of routeAlert(intent.previousLabels, policies)) {
    const previous = groupOf(policy, intent.previousLabels);
    if (!current.has(previous.groupKey)) routes.push({ policyId: policy.id, ...previous, action: 'leave' });
  }
  return routes;
}
