import { toCheckSnapshot } from '@vigil/alert-engine';
import type { CheckView, IncidentView, PushCheckSpec } from '@vigil/contracts';
import type { CheckWithState, IncidentRecord } from '@vigil/config-store';
import { isSuppressedByParent, pushFlags, type PushState } from '@vigil/probing';

const iso = (date: Date | null): string | null => date?.toISOString() ?? null;
const isoMs = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** A check as the API shows it; `parent` (with its state) decides whether its trouble is held back. */
export function checkView(check: CheckWithState, parent: CheckWithState | undefined): CheckView {
  const { state } = check;
  const push = check.kind === 'push' ? ((state.push as PushState | null) ?? null) : null;
  return {
    id: check.id,
    name: check.name,
    description: check.description,
    enabled: check.enabled,
    kind: check.kind,
    spec: check.spec,
    intervalSeconds: check.intervalSeconds,
    timeoutMs: check.timeoutMs,
    retries: check.retries,
    regions: check.regions,
    quorum: check.quorum,
    labels: check.labels,
    parentId: check.parentId,
    pushTokenPrefix: check.pushTokenPrefix,
    createdAt: check.createdAt.toISOString(),
    updatedAt: check.updatedAt.toISOString(),
    state: {
      status: state.status,
      since: state.since.toISOString(),
      cause: state.cause,
      lastResultAt: iso(state.lastResultAt),
      regions: state.regionStates,
      suppressedByParent: parent !== undefined && isSuppressedByParent(toCheckSnapshot(check), toCheckSnapshot(parent), Date.now()),
      push:
        check.kind === 'push'
          ? {
              lastPingAt: isoMs(push?.lastPingAt ?? null),
              runningSince: isoMs(push?.runningSince ?? null),
              lastDurationMs: push?.lastDurationMs ?? null,
              lastFailure: push?.lastFailure ?? null,
              deadline: iso(state.pushDeadline),
              flags: push === null ? [] : pushFlags(push, check.spec as PushCheckSpec),
            }
          : null,
    },
  };
}

export function incidentView(incident: IncidentRecord): IncidentView {
  return {
    id: incident.id,
    checkId: incident.checkId,
    checkName: incident.checkName,
    severity: incident.severity,
    startedAt: incident.startedAt.toISOString(),
    endedAt: iso(incident.endedAt),
    durationMs: incident.endedAt === null ? null : incident.endedAt.getTime() - incident.startedAt.getTime(),
    cause: incident.cause,
    regions: incident.regions,
    parentIncidentId: incident.parentIncidentId,
  };
}
