import type { AlertEvidence, AlertSeverity, ChannelKind } from '@vigil/contracts';

/**
 * One notification to one channel, before it is shaped for the channel's kind. Plain JSON
 * (times are ISO 8601 strings) so the worker can keep it in a job or a delivery row and build
 * the same body again on every retry.
 */
export type NotificationKind = 'alert' | 'test';
export type NotificationStatus = 'firing' | 'resolved';
export type Labels = Readonly<Record<string, string>>;

export interface NotificationAlert {
  readonly status: NotificationStatus;
  readonly ruleId: string;
  readonly ruleName: string;
  readonly severity: AlertSeverity | null;
  /** The alert's labels (`alertname`, `rule_id`, `severity`, the rule's static labels, its group). */
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly startsAt: string;
  /** When it resolved; null while firing. */
  readonly endsAt: string | null;
  /** The value at the transition (null: no data). */
  readonly value: number | null;
  /** What crossed: values, threshold, window, first log lines. */
  readonly evidence: AlertEvidence | null;
  /** The alert's page in the dashboard (from the public-URL setting). */
  readonly dashboardUrl: string;
}

export interface NotificationMessage {
  /** The Standard Webhooks `webhook-id` (`msg_…`): the same on every retry, so receivers can drop duplicates. */
  readonly id: string;
  readonly kind: NotificationKind;
  /** `firing` while any alert of the group fires (as Alertmanager decides it). */
  readonly status: NotificationStatus;
  readonly groupKey: string;
  readonly groupLabels: Labels;
  /** Labels and annotations every alert of the group shares. */
  readonly commonLabels: Labels;
  readonly commonAnnotations: Labels;
  /** The dashboard's base URL (public-URL setting). */
  readonly externalUrl: string;
  /** The channel's name. */
  readonly receiver: string;
  readonly channelKind: ChannelKind;
  readonly alerts: readonly NotificationAlert[];
  /** Alerts of the group left out to keep the notification bounded (`maxAlerts`). */
  readonly truncatedAlerts: number;
  /** Rendered from the channel's templates (or the defaults). */
  readonly title: string;
  readonly body: string;
}

/** The group-level fields of a message that the templates see; title and body come from them. */
export type NotificationDraft = Omit<NotificationMessage, 'title' | 'body'>;

export interface NotificationDraftInput {
  readonly id: string;
  readonly kind?: NotificationKind;
  readonly groupKey: string;
  readonly groupLabels: Labels;
  readonly externalUrl: string;
  readonly receiver: string;
  readonly channelKind: ChannelKind;
  readonly alerts: readonly NotificationAlert[];
  /** Keep at most this many alerts (firing first); 0: all. Default 50. */
  readonly maxAlerts?: number;
}

export const DEFAULT_MAX_ALERTS = 50;

/**
 * The group-level facts, computed the way Alertmanager computes them (template.Data): the
 * status is firing if any alert fires, common labels and annotations are those every alert
 * has with the same value. Alerts beyond `maxAlerts` are dropped (firing ones kept first) and
 * counted in `truncatedAlerts`; the common labels are computed over the alerts kept, as
 * Alertmanager does after `max_alerts`.
 */
export function createNotificationDraft(input: NotificationDraftInput): NotificationDraft {
  const maxAlerts = input.maxAlerts ?? DEFAULT_MAX_ALERTS;
  const ordered = [...input.alerts.filter((alert) => alert.status === 'firing'), ...input.alerts.filter((alert) => alert.status !== 'firing')];
  const alerts = maxAlerts > 0 ? ordered.slice(0, maxAlerts) : ordered;
  return {
    id: input.id,
    kind: input.kind ?? 'alert',
    status: input.alerts.some((alert) => alert.status === 'firing') ? 'firing' : 'resolved',
    groupKey: input.groupKey,
    groupLabels: sortedLabels(input.groupLabels),
    commonLabels: commonEntries(alerts.map((alert) => alert.labels)),
    commonAnnotations: commonEntries(alerts.map((alert) => alert.annotations)),
    externalUrl: input.externalUrl,
    receiver: input.receiver,
    channelKind: input.channelKind,
    alerts,
    truncatedAlerts: ordered.length - alerts.length,
  };
}

/** Entries present with the same value in every map (none for an empty list). */
export function commonEntries(maps: readonly Labels[]): Labels {
  const [first, ...rest] = maps;
  if (first === undefined) return {};
  return sortedLabels(Object.fromEntries(Object.entries(first).filter(([name, value]) => rest.every((other) => other[name] === value))));
}

/** Keys in code-point order, as Go writes maps to JSON: stable bodies make stable signatures and snapshots. */
export function sortedLabels(labels: Labels): Labels {
  return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * A group key in Alertmanager's form, `{}:{alertname="HighLatency", service="api"}` (route key,
 * then the group labels, sorted and quoted). Receivers that dedupe or thread by `groupKey` see
 * the same key for the same group on every notification.
 */
export function formatGroupKey(groupLabels: Labels, routeKey = '{}'): string {
  const pairs = Object.entries(sortedLabels(groupLabels)).map(([name, value]) => `${name}=${JSON.stringify(value)}`);
  return `${routeKey}:{${pairs.join(', ')}}`;
}
