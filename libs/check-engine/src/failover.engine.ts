import type { CheckResultStatus, FailoverActiveView, FailoverReasonView, FailoverTargetView, FailoverWebhookPayload } from '@vigil/contracts';
import type { ConfigStore, FailoverGroupRecord, FailoverTargetRecord } from '@vigil/config-store';
import { newWebhookId } from '@vigil/notify';
import { compareDecision, decideActiveTarget, type FailoverReason, isTargetUnhealthy, observeTarget, staleAfterMs, type TargetRegionHealth } from '@vigil/probing';
import { createQueue, deliveryJobId, notificationsQueue, type QueueConnectionOptions, type QueueHandle } from '@vigil/queue';
import type { Redis } from 'ioredis';
import { failoverBody } from './failover-notification';
import type { CheckRedisKeys } from './redis-keys';

/** Group definitions are re-read this often by a prober (a result per check and region would otherwise query Postgres each time). */
const GROUPS_CACHE_MS = 2_000;
/** Health counts of a group nobody probes any more are forgotten after a week. */
const HEALTH_TTL_MS = 7 * 86_400_000;

export function targetView(target: FailoverTargetRecord): FailoverTargetView {
  return { id: target.id, name: target.name, address: target.address, checkId: target.checkId };
}

/** The group's active target as the API and the webhook tell it. */
export function activeView(group: FailoverGroupRecord): FailoverActiveView {
  const target = group.targets.find((one) => one.id === group.activeTargetId);
  return {
    groupId: group.id,
    target: target === undefined ? null : targetView(target),
    reason: (group.activeReason as FailoverReasonView | null) ?? null,
    failOpen: group.activeReason === 'all-unhealthy',
    since: group.activeSince?.toISOString() ?? null,
    version: group.version,
  };
}

/**
 * Failover groups at run time (docs/checks.md, Failover groups): every probe result of a check
 * that watches a target updates that target's fall/rise count for the region (Redis, one hash per
 * group); when @vigil/probing's decision differs from the stored one, the group is locked in
 * Postgres, decided again, and the new active target and its event are written together. After
 * the commit: a message on Redis pub/sub (long-polls on every API replica answer at once) and one
 * delivery per channel of the group through the alerting engine's outbox (signed, retried,
 * logged): the failover payload to webhook channels, a notification to Slack and Alertmanager ones.
 */
export class FailoverEngine {
  private groups = new Map<string, { at: number; groups: FailoverGroupRecord[] }>();
  private watched: { at: number; checkIds: Promise<Set<string>> } | undefined;
  private notifications: QueueHandle<typeof notificationsQueue> | undefined;

  constructor(
    private readonly store: ConfigStore,
    private readonly redis: Redis,
    private readonly keys: CheckRedisKeys,
    private readonly redisUrl: string,
    private readonly connection: QueueConnectionOptions = {},
    /** The dashboard's address, for links in people's notifications. */
    private readonly publicUrl = '',
  ) {}

  /** One probe result of `checkId` from `region`. */
  async observe(checkId: string, region: string, status: CheckResultStatus, at: number): Promise<void> {
    for (const group of await this.groupsOf(checkId, at)) {
      const key = this.keys.failoverHealth(group.id);
      for (const target of group.targets.filter((one) => one.checkId === checkId)) {
        const field = `${target.id}:${region}`;
        const previous = await this.redis.hget(key, field);
        const next = observeTarget(previous === null ? undefined : (JSON.parse(previous) as TargetRegionHealth), region, status, group, at);
        await this.redis.multi().hset(key, field, JSON.stringify(next)).pexpire(key, HEALTH_TTL_MS).exec();
      }
      const decision = decideActiveTarget(groupView(group), await this.unhealthy(group, at));
      const { switched, reasonChanged } = compareDecision({ activeTargetId: group.activeTargetId, reason: group.activeReason as FailoverReason | null }, decision);
      if (switched !== null || reasonChanged) await this.decide(group.id, at);
    }
  }

  /**
   * Decides the group again with it locked (results from several regions and probers, and a pin
   * from the API, change it one at a time) and tells everyone when the decision changed.
   */
  async decide(groupId: string, at: number): Promise<FailoverGroupRecord | null> {
    const outcome = await this.store.runInTransaction(async (repos) => {
      const group = await repos.failoverGroups.lock(groupId);
      if (group === null || group.targets.length === 0) return null;
      const decision = decideActiveTarget(groupView(group), await this.unhealthy(group, at));
      const { switched, reasonChanged } = compareDecision({ activeTargetId: group.activeTargetId, reason: group.activeReason as FailoverReason | null }, decision);
      if (switched === null && !reasonChanged) return null;
      const updated = await repos.failoverGroups.setActive(groupId, { activeTargetId: decision.activeTargetId, reason: decision.reason, at: new Date(at), fromTargetId: group.activeTargetId, switched: switched !== null });
      return { group: updated, from: group.activeTargetId, switched: switched !== null };
    });
    if (outcome === null) return null;
    this.groups.clear();
    this.watched = undefined;
    await this.redis.publish(this.keys.failoverChanged(), groupId);
    if (outcome.switched) await this.sendWebhooks(outcome.group, outcome.from, at);
    return outcome.group;
  }

  /** Forgets a group's health counts (deleted, or its targets changed). */
  async forget(groupId: string): Promise<void> {
    this.groups.clear();
    this.watched = undefined;
    await this.redis.del(this.keys.failoverHealth(groupId));
  }

  async close(): Promise<void> {
    await this.notifications?.close();
  }

  private async unhealthy(group: FailoverGroupRecord, now: number): Promise<Set<string>> {
    const fields = await this.redis.hgetall(this.keys.failoverHealth(group.id));
    const unhealthy = new Set<string>();
    for (const target of group.targets) {
      const regions = Object.entries(fields)
        .filter(([field]) => field.startsWith(`${target.id}:`))
        .map(([, text]) => JSON.parse(text) as TargetRegionHealth);
      if (isTargetUnhealthy(regions, { quorum: group.quorum, staleAfterMs: staleAfterMs(target.checkIntervalSeconds, target.checkTimeoutMs) }, now)) unhealthy.add(target.id);
    }
    return unhealthy;
  }

  /** One query per prober every 2 s tells which checks matter; a result of any other check costs nothing. */
  private async groupsOf(checkId: string, now: number): Promise<FailoverGroupRecord[]> {
    if (this.watched === undefined || now - this.watched.at >= GROUPS_CACHE_MS) {
      const checkIds = this.store.failoverGroups.watchedCheckIds();
      this.watched = { at: now, checkIds };
      // A failed query is not kept: the next result asks again.
      checkIds.catch(() => {
        if (this.watched?.checkIds === checkIds) this.watched = undefined;
      });
    }
    if (!(await this.watched.checkIds).has(checkId)) return [];
    const cached = this.groups.get(checkId);
    if (cached !== undefined && now - cached.at < GROUPS_CACHE_MS) return cached.groups;
    const groups = await this.store.failoverGroups.listByCheck(checkId);
    this.groups.set(checkId, { at: now, groups });
    return groups;
  }

  /** One outbox delivery per channel: the alerting worker signs (Standard Webhooks), sends through the outbound guard and retries. */
  private async sendWebhooks(group: FailoverGroupRecord, fromTargetId: string | null, at: number): Promise<void> {
    if (group.channelIds.length === 0) return;
    const from = group.targets.find((target) => target.id === fromTargetId);
    const active = activeView(group);
    if (active.target === null) return;
    const payload: FailoverWebhookPayload = {
      type: 'failover.switched',
      timestamp: new Date(at).toISOString(),
      data: { groupId: group.id, groupName: group.name, from: from === undefined ? null : targetView(from), to: active.target, reason: active.reason ?? 'healthy', failOpen: active.failOpen, version: group.version },
    };
    const title = `Failover: ${group.name} → ${active.target.name}`;
    this.notifications ??= createQueue(notificationsQueue, this.redisUrl, this.connection);
    for (const channelId of group.channelIds) {
      const channel = await this.store.channels.findById(channelId);
      if (channel === null || channel.projectId !== group.projectId) continue;
      const webhookId = newWebhookId();
      const body = failoverBody(channel, payload, webhookId, this.publicUrl);
      const delivery = await this.store.deliveries.createIfAbsent({ projectId: group.projectId, channelId, webhookId, kind: 'failover', title, body, nextAttemptAt: new Date(at) });
      await this.notifications.add('deliver', { deliveryId: delivery.id, attempt: 0 }, { jobId: deliveryJobId(delivery.id, 0) });
    }
  }
}

function groupView(group: FailoverGroupRecord) {
  return { targetIds: group.targets.map((target) => target.id), pinnedTargetId: group.pinnedTargetId, activeTargetId: group.activeTargetId };
}
