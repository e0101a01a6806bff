import { describeEvidence, formatNumber } from '../message/evidence-text';
import { commonEntries, sortedLabels, type Labels, type NotificationAlert, type NotificationMessage } from '../message/notification-message';

/**
 * Alertmanager's webhook payload, version "4", as `notify/webhook/webhook.go` sends it: the
 * `Message` struct embeds `template.Data` (receiver, status, alerts, groupLabels, commonLabels,
 * commonAnnotations, externalURL) and adds version, groupKey and truncatedAlerts, in that JSON
 * order. Receivers written for Alertmanager (and Alertmanager's own templates' data) work
 * unchanged. Pure.
 */
export interface AlertmanagerAlert {
  readonly status: 'firing' | 'resolved';
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly generatorURL: string;
  readonly fingerprint: string;
}

export interface AlertmanagerWebhookPayload {
  readonly receiver: string;
  readonly status: 'firing' | 'resolved';
  readonly alerts: readonly AlertmanagerAlert[];
  readonly groupLabels: Labels;
  readonly commonLabels: Labels;
  readonly commonAnnotations: Labels;
  readonly externalURL: string;
  readonly version: '4';
  readonly groupKey: string;
  readonly truncatedAlerts: number;
}

/** Go's zero `time.Time` in JSON: what Alertmanager sends as `endsAt` of an alert still firing. */
export const GO_ZERO_TIME = '0001-01-01T00:00:00Z';

/** Most log lines put into the `vigil_log_lines` annotation. */
const MAX_LOG_LINES = 10;

/**
 * Go writes times as RFC 3339 with the fraction's trailing zeros cut (`…:27.3Z`, `…:00Z`);
 * receivers that compare or parse strictly see the same text Alertmanager would send.
 */
export function goTimeText(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return GO_ZERO_TIME;
  return date.toISOString().replace(/\.(\d*?)0*Z$/, (_match, digits: string) => (digits === '' ? 'Z' : `.${digits}Z`));
}

/** Go's `regexp.QuoteMeta`, which Alertmanager applies to the receiver name in `Data`. */
export function quoteMeta(text: string): string {
  return text.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK_64 = 0xffffffffffffffffn;

/**
 * Prometheus' label-set fingerprint (`model.LabelSet.Fingerprint`): FNV-1a 64 over the sorted
 * names and values, each followed by the byte 0xff, as 16 hex digits. The same labels give the
 * same fingerprint Alertmanager would compute.
 */
export function labelsFingerprint(labels: Labels): string {
  let hash = FNV_OFFSET;
  const encoder = new TextEncoder();
  for (const [name, value] of Object.entries(sortedLabels(labels))) {
    for (const part of [name, value]) {
      for (const byte of encoder.encode(part)) hash = ((hash ^ BigInt(byte)) * FNV_PRIME) & MASK_64;
      hash = ((hash ^ 0xffn) * FNV_PRIME) & MASK_64;
    }
  }
  return hash.toString(16).padStart(16, '0');
}

/** Labels as Alertmanager would have them: an `alertname` always, `severity` when known. */
function alertmanagerLabels(alert: NotificationAlert): Labels {
  return sortedLabels({
    alertname: alert.ruleName,
    ...(alert.severity === null ? {} : { severity: alert.severity }),
    ...alert.labels,
  });
}

/**
 * The rule's annotations, then what Vigil adds where the rule is silent: `summary` and
 * `description` from the channel's title and body (Alertmanager templates commonly show
 * `.CommonAnnotations.summary`), and the evidence under `vigil_*` names, because version 4 has
 * no other field for it.
 */
function alertmanagerAnnotations(alert: NotificationAlert, message: NotificationMessage): Labels {
  const evidence: Record<string, string> = {};
  if (alert.evidence !== null) {
    const facts = describeEvidence(alert.evidence, { maxLines: MAX_LOG_LINES });
    evidence.vigil_evidence = facts.text;
    evidence.vigil_value = facts.value;
    if (facts.threshold !== null) evidence.vigil_threshold = facts.threshold;
    if (facts.ratio !== null) evidence.vigil_ratio = facts.ratio;
    evidence.vigil_window_from = facts.from;
    evidence.vigil_window_to = facts.to;
    if (facts.slo !== null) {
      evidence.vigil_budget_left = facts.slo.budgetLeft;
      evidence.vigil_burn_rate = `${facts.slo.burnRate} over ${facts.slo.burnRateWindow}`;
      evidence.vigil_budget_runs_out = facts.slo.runsOut;
    }
    if (facts.lines.length > 0) {
      const more = facts.moreLines > 0 ? `\n…and ${facts.moreLines} more lines` : '';
      evidence.vigil_log_lines = facts.lines.map((line) => `${line.time} ${line.service} ${line.severity}: ${line.body}`).join('\n') + more;
    }
  } else if (alert.value !== null) {
    evidence.vigil_value = formatNumber(alert.value);
  }
  return sortedLabels({
    summary: message.title,
    description: message.body,
    ...evidence,
    vigil_dashboard_url: alert.dashboardUrl,
    ...alert.annotations,
  });
}

export function buildAlertmanagerPayload(message: NotificationMessage): AlertmanagerWebhookPayload {
  const alerts = message.alerts.map(
    (alert): AlertmanagerAlert => {
      const labels = alertmanagerLabels(alert);
      return {
        status: alert.status,
        labels,
        annotations: alertmanagerAnnotations(alert, message),
        startsAt: goTimeText(alert.startsAt),
        endsAt: alert.status === 'firing' || alert.endsAt === null ? GO_ZERO_TIME : goTimeText(alert.endsAt),
        generatorURL: alert.dashboardUrl,
        fingerprint: labelsFingerprint(labels),
      };
    },
  );
  return {
    receiver: quoteMeta(message.receiver),
    status: message.status,
    alerts,
    groupLabels: sortedLabels(message.groupLabels),
    // Recomputed over the labels and annotations as sent (with alertname, severity, summary…),
    // as Alertmanager computes them over what it sends.
    commonLabels: commonEntries(alerts.map((alert) => alert.labels)),
    commonAnnotations: commonEntries(alerts.map((alert) => alert.annotations)),
    externalURL: message.externalUrl,
    version: '4',
    groupKey: message.groupKey,
    truncatedAlerts: message.truncatedAlerts,
  };
}
