import type { CheckWithState, ConfigStore } from '@vigil/config-store';
import { type CheckSnapshot, detectionWindowMs } from '@vigil/probing';
import type { ExtensionSource } from './telemetry-source';

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

/**
 * The `checks` source of check_down rules: every check of the project with its state, read from
 * Postgres once per project evaluation and shared by all its check_down rules.
 */
export function checksSource(store: ConfigStore): ExtensionSource {
  return {
    fetch: async (projectId, requests) => {
      const snapshots = (await store.checks.listWithStates(projectId)).map(toCheckSnapshot);
      const answers = new Map<string, Map<string, unknown>>();
      for (const { ruleId, request } of requests) answers.set(ruleId, (answers.get(ruleId) ?? new Map<string, unknown>()).set(request.id, snapshots));
      return answers;
    },
  };
}
