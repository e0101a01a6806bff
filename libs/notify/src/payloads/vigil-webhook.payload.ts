import { truncateText } from '../message/evidence-text';
import { sortedLabels, type Labels, type NotificationMessage } from '../message/notification-message';

/**
 * Vigil's own webhook JSON (`webhook` channels), documented field by field in docs/alerting.md
 * (Channels → Generic webhook). `version` changes only when a field changes meaning or goes
 * away; new fields may appear in the same version. Times are ISO 8601 (UTC). Pure.
 */
export const VIGIL_WEBHOOK_VERSION = '1';

export interface VigilWebhookEvidence {
  readonly value: number | null;
  readonly threshold: number | null;
  readonly comparator: string;
  readonly numerator?: number;
  readonly denominator?: number;
  readonly windowStart: string;
  readonly windowEnd: string;
  readonly lines?: readonly { readonly timestamp: string; readonly service: string; readonly severity: string; readonly body: string }[];
}

export interface VigilWebhookAlert {
  readonly status: 'firing' | 'resolved';
  readonly ruleId: string;
  readonly ruleName: string;
  readonly severity: string | null;
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly startsAt: string;
  readonly endsAt: string | null;
  readonly value: number | null;
  readonly evidence: VigilWebhookEvidence | null;
  readonly dashboardUrl: string;
}

export interface VigilWebhookPayload {
  readonly version: string;
  readonly id: string;
  readonly kind: 'alert' | 'test';
  readonly status: 'firing' | 'resolved';
  readonly receiver: string;
  readonly groupKey: string;
  readonly groupLabels: Labels;
  readonly commonLabels: Labels;
  readonly commonAnnotations: Labels;
  readonly externalUrl: string;
  readonly title: string;
  readonly body: string;
  readonly alerts: readonly VigilWebhookAlert[];
  readonly truncatedAlerts: number;
}

/** Log lines beyond this are left out of the webhook (the dashboard link shows them all). */
const MAX_LOG_LINES = 20;
const MAX_LINE_CHARS = 2_000;

export function buildVigilWebhookPayload(message: NotificationMessage): VigilWebhookPayload {
  return {
    version: VIGIL_WEBHOOK_VERSION,
    id: message.id,
    kind: message.kind,
    status: message.status,
    receiver: message.receiver,
    groupKey: message.groupKey,
    groupLabels: sortedLabels(message.groupLabels),
    commonLabels: sortedLabels(message.commonLabels),
    commonAnnotations: sortedLabels(message.commonAnnotations),
    externalUrl: message.externalUrl,
    title: message.title,
    body: message.body,
    alerts: message.alerts.map((alert) => ({
      status: alert.status,
      ruleId: alert.ruleId,
      ruleName: alert.ruleName,
      severity: alert.severity,
      labels: sortedLabels(alert.labels),
      annotations: sortedLabels(alert.annotations),
      startsAt: alert.startsAt,
      endsAt: alert.endsAt,
      value: alert.value,
      evidence:
        alert.evidence === null
          ? null
          : {
              value: alert.evidence.value,
              threshold: alert.evidence.threshold,
              comparator: alert.evidence.comparator,
              ...(alert.evidence.numerator === undefined ? {} : { numerator: alert.evidence.numerator }),
              ...(alert.evidence.denominator === undefined ? {} : { denominator: alert.evidence.denominator }),
              windowStart: new Date(alert.evidence.from).toISOString(),
              windowEnd: new Date(alert.evidence.to).toISOString(),
              ...(alert.evidence.lines === undefined
                ? {}
                : {
                    lines: alert.evidence.lines.slice(0, MAX_LOG_LINES).map((line) => ({
                      timestamp: new Date(line.timestamp).toISOString(),
                      service: line.service,
                      severity: line.severity,
                      body: truncateText(line.body, MAX_LINE_CHARS),
                    })),
                  }),
            },
      dashboardUrl: alert.dashboardUrl,
    })),
    truncatedAlerts: message.truncatedAlerts,
  };
}
