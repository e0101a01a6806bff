import { CHECKS_SOURCE } from '@vigil/alerting';
import type { CheckWithState, ConfigStore } from '@vigil/config-store';
import { type CheckSnapshot, detectionWindowMs } from '@vigil/probing';
import type { ExtensionSources } from './telemetry-source';

export function toCheckSnapshot(check: CheckWithState): CheckSnapshot {
  return {
    id: check.id,
    name: check.name,
    kind: check.kind,
    labels: check.labels,
    parentId: check.parentId,
    status: check.state.status,
    since: check.state.since.getTime(),
    cause: check.state.cause,
    troubleSince: check.state.troubleSince?.getTime() ?? null,
    detectionWindowMs: detectionWindowMs(check),
    regions: check.state.regions,
  };
}

/** The `checks` source of check_down rules: every check of the project with its state, from Postgres. */
export function checkSources(store: ConfigStore): ExtensionSources {
  return { [CHECKS_SOURCE]: async (projectId) => (await store.checks.listWithStates(projectId)).map(toCheckSnapshot) };
}
