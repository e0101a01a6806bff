import { flushDecision, type GroupAlert, type GroupNotification, muteSnapshot, nameBasedId, type NotificationGroupState } from '@vigil/alerting';
import type { ChannelRecord, ConfigRepositories, ConfigStore } from '@vigil/config-store';
import { buildNotificationBody, createNotificationMessage, type NotificationAlert } from '@vigil/notify';
import type { Logger } from '@vigil/server-kit';
import { engineStateOf, muteEndedAnnotation } from './alert-evaluator';

/** Where a created delivery's first attempt is queued (the notifications queue). */
export interface DeliveryQueue {
  enqueue(deliveryId: string, attempt: number, delayMs: number): Promise<void>;
}

const DUE_BATCH = 200;

/**
 * Flushes notification groups whose time has come (Alertmanager's group_wait, group_interval,
 * repeat_interval; docs/alerting.md): the decision is @vigil/alerting's `flushDecision`; a
 * notification becomes one delivery per channel in the same transaction as the group's new
 * state, so a crash cannot send a flush twice or lose it, and its webhook id is derived from the
 * (group, flush) id so a flush retried after a crash keeps its id.
 */
export class GroupFlusher {
  constructor(
    private readonly store: ConfigStore,
    private readonly deliveries: DeliveryQueue,
    private readonly publicUrl: string,
    private readonly logger: Logger,
  ) {}

  async flushDue(now: number): Promise<number> {
    const due = await this.store.notificationGroups.listDue(new Date(now), DUE_BATCH);
    let sent = 0;
    for (const group of due) {
      try {
        sent += await this.flushOne(group.projectId, group.policyId, group.groupKey, now);
      } catch (error) {
        this.logger.error({ err: error, groupKey: group.groupKey }, 'notification group flush failed; retried at the next flush');
      }
    }
    return sent;
  }

  private async flushOne(projectId: string, policyId: string, groupKey: string, now: number): Promise<number> {
    const policy = await this.store.policies.find(projectId, policyId);
    const muted = await this.mutedKeys(projectId, now);
    const created: string[] = [];
    await this.store.runInTransaction(async (repos) => {
      const row = await repos.notificationGroups.lock(projectId, policyId, groupKey, null);
      const state = row.engineState as NotificationGroupState | null;
      if (state === null || !policy) {
        // The policy was deleted (or the row is a leftover): nothing to send any more.
        await repos.notificationGroups.delete(row.id);
        return;
      }
      const decision = flushDecision(state, policy, now, muted(state.alerts));
      if (decision.notification) {
        const notices = await muteEndedSinceEvaluation(repos, decision.notification.firing);
        const channels = (await repos.channels.listForProject(projectId)).filter((channel) => decision.notification?.channelIds.includes(channel.id) && channel.enabled);
        for (const channel of channels) {
          const delivery = await repos.deliveries.createIfAbsent({ projectId, channelId: channel.id, ...this.render(decision.notification, channel, notices), nextAttemptAt: new Date(now) });
          created.push(delivery.id);
        }
      }
      if (decision.state === null) await repos.notificationGroups.delete(row.id);
      else await repos.notificationGroups.save(row.id, { engineState: decision.state, nextFlushAt: decision.nextFlushAt === null ? null : new Date(decision.nextFlushAt) });
    });
    for (const id of created) await this.deliveries.enqueue(id, 0, 0);
    return created.length;
  }

  /** Instance keys muted now by the project's silences and maintenance windows. */
  private async mutedKeys(projectId: string, now: number): Promise<(alerts: readonly GroupAlert[]) => Set<string>> {
    const [silences, windows] = await Promise.all([this.store.silences.listCurrent([projectId], new Date(now)), this.store.maintenanceWindows.listEnabled([projectId])]);
    const snapshot = muteSnapshot(
      silences.map((silence) => ({ id: silence.id, matchers: silence.matchers, startsAt: silence.startsAt.getTime(), endsAt: silence.endsAt.getTime() })),
      windows,
      now,
    );
    return (alerts) => new Set(alerts.filter((alert) => snapshot.mutedBy(alert.labels).length > 0).map((alert) => alert.instanceKey));
  }

  /** The notification as this channel sends it: its own webhook id, title and exact body. */
  private render(notification: GroupNotification, channel: ChannelRecord, notices: ReadonlyMap<string, Record<string, string>>): { webhookId: string; kind: string; title: string; body: string } {
    const webhookId = `msg_${nameBasedId('delivery', notification.id, channel.id).replaceAll('-', '')}`;
    const alerts: NotificationAlert[] = [...notification.firing, ...notification.resolved].map((alert) => this.alertOf(alert, notices.get(alert.instanceKey)));
    const message = createNotificationMessage({
      id: webhookId,
      groupKey: notification.groupKey,
      groupLabels: notification.groupLabels,
      externalUrl: this.publicUrl,
      receiver: channel.name,
      channelKind: channel.kind,
      alerts,
      ...(channel.titleTemplate === null ? {} : { titleTemplate: channel.titleTemplate }),
      ...(channel.bodyTemplate === null ? {} : { bodyTemplate: channel.bodyTemplate }),
    });
    return { webhookId, kind: message.status, title: message.title, body: buildNotificationBody(message) };
  }

  private alertOf(alert: GroupAlert, notice: Record<string, string> | undefined): NotificationAlert {
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    return {
      status: alert.status,
      ruleId: alert.ruleId,
      ruleName: alert.labels['alertname'] ?? alert.ruleId,
      severity: alert.severity,
      labels: alert.labels,
      annotations: { ...alert.annotations, ...notice },
      startsAt: iso(alert.startsAt) ?? new Date(0).toISOString(),
      endsAt: iso(alert.endsAt),
      value: alert.value,
      evidence: alert.evidence,
      dashboardUrl: `${this.publicUrl}/alerts/rules/${alert.ruleId}`,
    };
  }
}

/**
 * The "still firing" notice for alerts of a notification whose last evaluation found them muted:
 * they are not muted now, so their mute ended since. That evaluation's successor notices it too
 * (AlertEvaluator.updateMutes), but a flush usually comes first — silences are checked every
 * second — and once this notification told the alert, the evaluation's notice changes nothing.
 */
async function muteEndedSinceEvaluation(repos: ConfigRepositories, firing: readonly GroupAlert[]): Promise<Map<string, Record<string, string>>> {
  const notices = new Map<string, Record<string, string>>();
  if (firing.length === 0) return notices;
  const keys = new Set(firing.map((alert) => alert.instanceKey));
  for (const instance of await repos.alertInstances.listForRules([...new Set(firing.map((alert) => alert.ruleId))])) {
    const mutedBy = engineStateOf(instance).silencedBy ?? [];
    if (keys.has(instance.key) && instance.state === 'firing' && mutedBy.length > 0) notices.set(instance.key, muteEndedAnnotation(mutedBy));
  }
  return notices;
}
