import { CHECK_STATUS_VALUES } from '@vigil/alerting';
import type { ConfigStore } from '@vigil/config-store';
import { alertingQueue, createQueue, type QueueConnectionOptions, type QueueHandle } from '@vigil/queue';
import type { CheckTransition } from './check-state.service';

/**
 * Tells the alerting engine that a check changed state: the project's enabled `check_down` rules
 * are evaluated at once (not at their next interval), so a notification follows the incident
 * within seconds. The engine decides — silences, maintenance windows, dependencies, policies.
 *
 * One evaluation reads every check of the project, so changes are coalesced per rule (BullMQ
 * deduplication with `keepLastIfActive`): at most one evaluation waits and one runs; a change
 * during a running one queues exactly one more, which reads it. Without this, 10,000 new checks
 * going up at their first results queued 10,000 evaluations of 10,000 checks each.
 *
 * A change between statuses the rule kind values alike (pending → up, up → paused: all 0, never
 * firing) cannot fire or resolve anything, so it queues nothing: 10,000 checks created in a row
 * otherwise evaluated every check of the project again after each first result. The rules'
 * own interval still refreshes evidence.
 */
export class CheckAlerts {
  private handle: QueueHandle<typeof alertingQueue> | undefined;

  constructor(
    private readonly store: ConfigStore,
    private readonly redisUrl: string,
    private readonly connection: QueueConnectionOptions = {},
  ) {}

  async changed(change: CheckTransition): Promise<void> {
    if (CHECK_STATUS_VALUES[change.from] === CHECK_STATUS_VALUES[change.to]) return;
    const rules = (await this.store.alertRules.listForProject(change.projectId)).filter((rule) => rule.enabled && rule.kind === 'check_down');
    if (rules.length === 0) return;
    this.handle ??= createQueue(alertingQueue, this.redisUrl, this.connection);
    for (const rule of rules) await this.handle.add('evaluate-rules', { ruleIds: [rule.id], reason: 'changed' }, { deduplication: { id: `check-changed.${rule.id}`, keepLastIfActive: true } });
  }

  async close(): Promise<void> {
    await this.handle?.close();
  }
}
