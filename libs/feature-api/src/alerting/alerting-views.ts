import type { AlertInstanceRecord, AlertRuleRecord, MaintenanceWindowRecord, PolicyRecord, SilenceRecord } from '@vigil/config-store';
import type { AlertRule, AlertSeverity, MaintenanceWindow, Policy, Silence } from '@vigil/contracts';

/** Records as the API shows them (times ISO 8601): one mapping per resource, shared by the controllers. */

export function ruleView(rule: AlertRuleRecord, instances: readonly AlertInstanceRecord[]): AlertRule {
  const own = instances.filter((instance) => instance.ruleId === rule.id);
  const firing = own.filter((instance) => instance.state === 'firing');
  const severity: AlertSeverity | null = firing.some((instance) => instance.severity === 'critical') ? 'critical' : firing.length > 0 ? 'warning' : null;
  return {
    id: rule.id,
    name: rule.name,
    description: rule.description,
    enabled: rule.enabled,
    intervalSeconds: rule.intervalSeconds,
    forSeconds: rule.forSeconds,
    keepFiringForSeconds: rule.keepFiringForSeconds,
    noData: rule.noData,
    labels: rule.labels,
    annotations: rule.annotations,
    kind: rule.kind,
    spec: rule.spec,
    sloId: rule.sloId,
    createdAt: rule.createdAt.toISOString(),
    updatedAt: rule.updatedAt.toISOString(),
    status: {
      firing: firing.length,
      pending: own.filter((instance) => instance.state === 'pending').length,
      severity,
      lastEvaluatedAt: rule.lastEvaluatedAt?.toISOString() ?? null,
      lastError: rule.lastError,
    },
  };
}

export function policyView(policy: PolicyRecord): Policy {
  return {
    id: policy.id,
    name: policy.name,
    matchers: policy.matchers,
    severities: policy.severities,
    channelIds: policy.channelIds,
    groupBy: policy.groupBy,
    groupWaitSeconds: policy.groupWaitSeconds,
    groupIntervalSeconds: policy.groupIntervalSeconds,
    repeatIntervalSeconds: policy.repeatIntervalSeconds,
    sendResolved: policy.sendResolved,
    continue: policy.continue,
    enabled: policy.enabled,
    position: policy.position,
    createdAt: policy.createdAt.toISOString(),
    updatedAt: policy.updatedAt.toISOString(),
  };
}

export function silenceView(silence: SilenceRecord, now: Date): Silence {
  const state = silence.endsAt <= now ? 'expired' : silence.startsAt > now ? 'pending' : 'active';
  return {
    id: silence.id,
    matchers: silence.matchers,
    startsAt: silence.startsAt.toISOString(),
    endsAt: silence.endsAt.toISOString(),
    comment: silence.comment,
    createdBy: silence.createdBy,
    state,
    createdAt: silence.createdAt.toISOString(),
  };
}

export function maintenanceWindowView(window: MaintenanceWindowRecord, schedule: { activeNow: boolean; nextStart: Date | null }): MaintenanceWindow {
  return {
    id: window.id,
    name: window.name,
    cron: window.cron,
    durationMinutes: window.durationMinutes,
    timezone: window.timezone,
    matchers: window.matchers,
    enabled: window.enabled,
    activeNow: schedule.activeNow,
    nextStart: schedule.nextStart?.toISOString() ?? null,
    createdAt: window.createdAt.toISOString(),
    updatedAt: window.updatedAt.toISOString(),
  };
}
