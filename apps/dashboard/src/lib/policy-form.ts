import { type AlertSeverity, type Policy, type PolicyRequest, policyRequestSchema } from '@vigil/contracts';
import { durationField, formatDuration } from './durations';
import { failed, type FieldErrors, type FormResult, placeErrors } from './form-errors';
import { isComplete, type MatcherRow } from './label-matchers';

export interface PolicyForm {
  name: string;
  matchers: MatcherRow[];
  severities: AlertSeverity[];
  channelIds: string[];
  groupBy: string[];
  groupWait: string;
  groupInterval: string;
  repeatInterval: string;
  sendResolved: boolean;
  continue: boolean;
  enabled: boolean;
}

export const POLICY_FIELDS = [
  'name',
  'matchers',
  'severities',
  'channelIds',
  'groupBy',
  'groupWaitSeconds',
  'groupIntervalSeconds',
  'repeatIntervalSeconds',
  'sendResolved',
  'continue',
  'enabled',
  'position',
] as const;
export type PolicyField = (typeof POLICY_FIELDS)[number];

/** The contract's defaults: group by alertname, wait 30 s, 5 min between changes, repeat after 4 h. */
export function emptyPolicyForm(): PolicyForm {
  return { name: '', matchers: [], severities: [], channelIds: [], groupBy: ['alertname'], groupWait: '30s', groupInterval: '5m', repeatInterval: '4h', sendResolved: true, continue: false, enabled: true };
}

export function policyFormFrom(policy: Policy): PolicyForm {
  return {
    name: policy.name,
    matchers: policy.matchers.map(({ label, op, value }) => ({ label, op, value })),
    severities: [...policy.severities],
    channelIds: [...policy.channelIds],
    groupBy: [...policy.groupBy],
    groupWait: formatDuration(policy.groupWaitSeconds),
    groupInterval: formatDuration(policy.groupIntervalSeconds),
    repeatInterval: formatDuration(policy.repeatIntervalSeconds),
    sendResolved: policy.sendResolved,
    continue: policy.continue,
    enabled: policy.enabled,
  };
}

export function policyRequestFromForm(form: PolicyForm, position?: number): FormResult<PolicyRequest, PolicyField> {
  const own: FieldErrors<PolicyField> = {};
  const duration = (field: PolicyField, text: string) => {
    const parsed = durationField(text);
    if (!parsed.ok) own[field] = parsed.message;
    return parsed.ok ? parsed.value : undefined;
  };
  const input = {
    name: form.name,
    matchers: form.matchers.filter(isComplete).map(({ label, op, value }) => ({ label: label.trim(), op, value })),
    severities: form.severities,
    channelIds: form.channelIds,
    groupBy: form.groupBy,
    groupWaitSeconds: duration('groupWaitSeconds', form.groupWait),
    groupIntervalSeconds: duration('groupIntervalSeconds', form.groupInterval),
    repeatIntervalSeconds: duration('repeatIntervalSeconds', form.repeatInterval),
    sendResolved: form.sendResolved,
    continue: form.continue,
    enabled: form.enabled,
    ...(position === undefined ? {} : { position }),
  };
  const parsed = policyRequestSchema.safeParse(input);
  if (parsed.success && Object.keys(own).length === 0) return { ok: true, request: parsed.data };
  return failed(own, parsed.success ? undefined : placeErrors(parsed.error.issues, POLICY_FIELDS));
}

/** A stored policy as the PUT that replaces it, with `change` applied (a new position, enabled). */
export function policyRequestFrom(policy: Policy, change: Partial<Pick<PolicyRequest, 'position' | 'enabled'>>): PolicyRequest {
  const { name, matchers, severities, channelIds, groupBy, groupWaitSeconds, groupIntervalSeconds, repeatIntervalSeconds, sendResolved, enabled, position } = policy;
  return { name, matchers, severities, channelIds, groupBy, groupWaitSeconds, groupIntervalSeconds, repeatIntervalSeconds, sendResolved, continue: policy.continue, enabled, position, ...change };
}

/**
 * Moving a policy one place up or down: the list renumbered 0, 1, 2… in its new order, and the
 * policies whose stored position differs (so positions that were equal or sparse are fixed on
 * the way). Empty when the policy is already at that end.
 */
export function reorderPolicies(policies: readonly Policy[], id: string, direction: -1 | 1): { policy: Policy; position: number }[] {
  const index = policies.findIndex((policy) => policy.id === id);
  const target = index + direction;
  if (index < 0 || target < 0 || target >= policies.length) return [];
  const order = [...policies];
  [order[index], order[target]] = [order[target] as Policy, order[index] as Policy];
  return order.flatMap((policy, position) => (policy.position === position ? [] : [{ policy, position }]));
}
