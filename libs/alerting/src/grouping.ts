import type { AlertEvidence, AlertSeverity, Policy } from '@vigil/contracts';
import { digestOf, nameBasedId } from './identity';
import type { NotificationIntent } from './instance-types';
import type { GroupRoute } from './routing';

/**
 * Notification groups with Alertmanager's timing (dispatch.go aggrGroup, notify.go DedupStage):
 * - group_wait: a new group waits this long after its first alert before the first notification,
 *   so alerts firing together go out together;
 * - group_interval: after that the group is looked at every interval; it notifies when its
 *   firing set holds an alert (or severity, no-data or flapping flag) not in the last
 *   notification, or when alerts it notified as firing resolved (and the policy sends resolved);
 * - repeat_interval: a group still firing and unchanged is sent again after this long;
 * - resolved alerts are sent once (when sendResolved, and only if the group told them firing),
 *   then dropped; a group left without alerts is deleted.
 * Two deliberate differences: an alert that resolved unnoticed (sendResolved off) and fires
 * again is notified again (Alertmanager's log would still hold it); and a resolved alert the
 * group told firing is sent even if a silence now mutes it, so receivers can close what they
 * opened. Muted firing alerts are left out of notifications (and of "changed").
 *
 * The state is plain JSON the caller persists per group; `flushDecision` is pure, and its
 * notification id is derived from the group (its key and creation time) and the flush number,
 * so a retried flush (state not yet saved) produces the same id and receivers can drop the
 * duplicate.
 */
export interface GroupAlert {
  instanceKey: string;
  ruleId: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  status: 'firing' | 'resolved';
  severity: AlertSeverity | null;
  noData: boolean;
  flapping: boolean;
  value: number | null;
  evidence: AlertEvidence | null;
  startsAt: number | null;
  endsAt: number | null;
  /** Sent as firing in a notification of this group. */
  notifiedFiring: boolean;
}

export interface NotificationGroupState {
  key: string;
  policyId: string;
  groupLabels: Record<string, string>;
  /** Ordered by instance key. */
  alerts: GroupAlert[];
  createdAt: number;
  /** When flushDecision should be called next. */
  nextFlushAt: number;
  lastNotifiedAt: number | null;
  /** Entries (instance, severity, no-data, flapping) of the firing alerts the last notification held, still firing. */
  lastFiring: string[];
  flushCount: number;
}

export type GroupPolicy = Pick<Policy, 'id' | 'channelIds' | 'groupWaitSeconds' | 'groupIntervalSeconds' | 'repeatIntervalSeconds' | 'sendResolved'>;

/** A new group: its first notification is due after group_wait. */
export function newGroup(route: Pick<GroupRoute, 'policyId' | 'groupKey' | 'groupLabels'>, policy: Pick<GroupPolicy, 'groupWaitSeconds'>, now: number): NotificationGroupState {
  return {
    key: route.groupKey,
    policyId: route.policyId,
    groupLabels: { ...route.groupLabels },
    alerts: [],
    createdAt: now,
    nextFlushAt: now + policy.groupWaitSeconds * 1000,
    lastNotifiedAt: null,
    lastFiring: [],
    flushCount: 0,
  };
}

/**
 * A routed intent applied to its group (undefined: no group yet). Returns the group to save, or
 * undefined when there is none (a resolve for an alert this group never had creates nothing).
 */
export function applyIntent(
  group: NotificationGroupState | undefined,
  route: GroupRoute,
  intent: NotificationIntent,
  policy: Pick<GroupPolicy, 'groupWaitSeconds'>,
  now: number,
): NotificationGroupState | undefined {
  const existing = group?.alerts.find((alert) => alert.instanceKey === intent.instanceKey);
  if (route.action === 'leave') return group && { ...group, alerts: group.alerts.filter((alert) => alert !== existing) };
  if (!existing && intent.status === 'resolved') return group;
  const target = group ?? newGroup(route, policy, now);
  const alert: GroupAlert = {
    instanceKey: intent.instanceKey,
    ruleId: intent.ruleId,
    labels: { ...intent.labels },
    annotations: { ...intent.annotations },
    status: intent.status,
    severity: intent.severity,
    noData: intent.noData,
    flapping: intent.flapping,
    value: intent.value,
    evidence: intent.evidence,
    startsAt: intent.startsAt,
    endsAt: intent.endsAt,
    notifiedFiring: existing?.notifiedFiring ?? false,
  };
  const alerts = [...target.alerts.filter((other) => other !== existing), alert].sort((a, b) => (a.instanceKey < b.instanceKey ? -1 : a.instanceKey > b.instanceKey ? 1 : 0));
  return { ...target, alerts };
}

export type FlushReason = 'first' | 'changed' | 'resolved' | 'repeat';

export interface GroupNotification {
  /** Deterministic per (group, flush): the same on a retried flush. */
  id: string;
  groupKey: string;
  policyId: string;
  channelIds: string[];
  groupLabels: Record<string, string>;
  reason: FlushReason;
  firing: GroupAlert[];
  resolved: GroupAlert[];
  /** 1 for the group's first notification, then 2, 3, … */
  flushNumber: number;
}

export interface FlushDecision {
  send: boolean;
  notification: GroupNotification | null;
  /** When to call flushDecision again; null: the group is empty, delete it. */
  nextFlushAt: number | null;
  /** Digest of the firing set sent (or that would be sent): equal digests, unchanged group. */
  digest: string;
  /** The group to save; null: delete it. */
  state: NotificationGroupState | null;
}

function entryOf(alert: GroupAlert): string {
  return `${alert.instanceKey}|${alert.severity ?? ''}|${alert.noData ? 'nodata' : ''}|${alert.flapping ? 'flapping' : ''}`;
}

/**
 * Whether the group notifies now, what, and when to look again. `muted`: instance keys a
 * silence or maintenance window mutes now (silences.ts). Before `nextFlushAt` nothing changes.
 */
export function flushDecision(group: NotificationGroupState, policy: GroupPolicy, now: number, muted: ReadonlySet<string> = new Set()): FlushDecision {
  const firing = group.alerts.filter((alert) => alert.status === 'firing' && !muted.has(alert.instanceKey));
  const entries = firing.map(entryOf).sort();
  const digest = digestOf(entries.join('\n'));
  if (now < group.nextFlushAt) return { send: false, notification: null, nextFlushAt: group.nextFlushAt, digest, state: group };

  const resolved = policy.sendResolved ? group.alerts.filter((alert) => alert.status === 'resolved' && alert.notifiedFiring) : [];
  const told = new Set(group.lastFiring);
  let reason: FlushReason | null = null;
  if (entries.some((entry) => !told.has(entry))) reason = group.lastNotifiedAt === null ? 'first' : 'changed';
  else if (resolved.length > 0) reason = 'resolved';
  else if (firing.length > 0 && group.lastNotifiedAt !== null && now - group.lastNotifiedAt >= policy.repeatIntervalSeconds * 1000) reason = 'repeat';

  const sent = new Set(firing.map((alert) => alert.instanceKey));
  // Resolved alerts leave the group at its first flush after resolving, sent or not.
  const alerts = group.alerts.filter((alert) => alert.status === 'firing').map((alert) => (reason !== null && sent.has(alert.instanceKey) ? { ...alert, notifiedFiring: true } : alert));
  const current = new Set(entries);
  const state: NotificationGroupState = {
    ...group,
    alerts,
    nextFlushAt: now + policy.groupIntervalSeconds * 1000,
    ...(reason === null
      ? { lastFiring: group.lastFiring.filter((entry) => current.has(entry)) }
      : { lastFiring: entries, lastNotifiedAt: now, flushCount: group.flushCount + 1 }),
  };
  const notification: GroupNotification | null =
    reason === null
      ? null
      : {
          // The group's creation time names this life of the group: a group that emptied and was
          // deleted starts counting flushes again when its key comes back, and its first
          // notification must not take the id (and so the webhook-id) of an earlier one.
          id: nameBasedId('notification', group.key, String(group.createdAt), String(group.flushCount + 1)),
          groupKey: group.key,
          policyId: group.policyId,
          channelIds: [...policy.channelIds],
          groupLabels: { ...group.groupLabels },
          reason,
          firing,
          resolved,
          flushNumber: group.flushCount + 1,
        };
  const empty = alerts.length === 0;
  return { send: reason !== null, notification, nextFlushAt: empty ? null : state.nextFlushAt, digest, state: empty ? null : state };
}
