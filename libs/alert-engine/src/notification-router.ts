import { applyIntent, newGroup, type NotificationGroupState, type NotificationIntent, routeIntent } from '@vigil/alerting';
import type { ConfigStore, PolicyRecord } from '@vigil/config-store';
import type { IntentSink } from './alert-evaluator';

/**
 * Applies notification intents to the notification groups of the policies they route to
 * (docs/alerting.md): each group's row is locked while it changes, since flushes and other
 * evaluations may touch it at the same time on another replica. Groups that became due are
 * handed to `onDue` (the flusher), so a policy with no group wait notifies in the same tick.
 */
export class NotificationRouter implements IntentSink {
  constructor(
    private readonly store: ConfigStore,
    private readonly onDue: (now: number) => Promise<void>,
  ) {}

  async apply(projectId: string, intents: readonly NotificationIntent[], now: number): Promise<void> {
    const policies = (await this.store.policies.listForProject(projectId)).filter((policy) => policy.enabled);
    if (policies.length === 0) return;
    const byId = new Map(policies.map((policy) => [policy.id, policy]));
    // Per group, its intents in order: one locked change per group, not one per intent.
    const changes = new Map<string, { policy: PolicyRecord; route: ReturnType<typeof routeIntent>[number]; intents: NotificationIntent[] }[]>();
    for (const intent of intents) {
      for (const route of routeIntent(intent, policies)) {
        const policy = byId.get(route.policyId);
        if (!policy) continue;
        const key = `${route.policyId}/${route.groupKey}`;
        changes.set(key, [...(changes.get(key) ?? []), { policy, route, intents: [intent] }]);
      }
    }
    let due = false;
    for (const entries of changes.values()) {
      const [{ policy, route }] = entries as [(typeof entries)[number]];
      await this.store.runInTransaction(async (repos) => {
        const row = await repos.notificationGroups.lock(projectId, route.policyId, route.groupKey, newGroup(route, policy, now));
        let state: NotificationGroupState | undefined = row.engineState as NotificationGroupState;
        for (const entry of entries) for (const intent of entry.intents) state = applyIntent(state, entry.route, intent, entry.policy, now);
        if (state === undefined || state.alerts.length === 0) {
          await repos.notificationGroups.delete(row.id);
          return;
        }
        await repos.notificationGroups.save(row.id, { engineState: state, nextFlushAt: new Date(state.nextFlushAt) });
        if (state.nextFlushAt <= now) due = true;
      });
    }
    if (due) await this.onDue(now);
  }
}
