import { describeEvidence, formatNumber, type EvidenceLine, type SloFacts } from '../message/evidence-text';
import type { Labels, NotificationAlert, NotificationDraft } from '../message/notification-message';

/**
 * What a title or body template sees (documented in docs/alerting.md, Channels → Templates).
 * Mustache is logic-less, so everything a good default needs is computed here: upper-case
 * status, counts, labels as text, evidence as text. Keep `TEMPLATE_FIELDS` in step: template
 * validation reads it to tell a typo from a field.
 */
export interface TemplateView {
  readonly kind: string;
  readonly status: string;
  /** FIRING, RESOLVED, or TEST for a "send test" notification. */
  readonly statusUpper: string;
  readonly isFiring: boolean;
  readonly isResolved: boolean;
  readonly isTest: boolean;
  readonly receiver: string;
  readonly externalUrl: string;
  readonly groupKey: string;
  readonly groupLabels: Labels;
  readonly commonLabels: Labels;
  readonly commonAnnotations: Labels;
  /** The group labels other than `alertname`, as `service=api, env=prod`. */
  readonly groupLabelsText: string;
  /** The rule names of the alerts, each once. */
  readonly ruleNames: string;
  readonly alertCount: number;
  readonly firingCount: number;
  readonly resolvedCount: number;
  readonly truncatedAlerts: number;
  readonly alerts: readonly AlertView[];
  readonly firing: readonly AlertView[];
  readonly resolved: readonly AlertView[];
}

export interface AlertView {
  readonly status: string;
  readonly statusUpper: string;
  readonly isFiring: boolean;
  readonly isResolved: boolean;
  readonly ruleId: string;
  readonly ruleName: string;
  readonly severity: string;
  readonly labels: Labels;
  readonly annotations: Labels;
  /** Labels other than `alertname`, `rule_id` and `severity`, as `service=api, env=prod`. */
  readonly labelsText: string;
  readonly summary: string;
  readonly description: string;
  readonly startsAt: string;
  readonly endsAt: string;
  /** Formatted (`0.932`), empty when there was no data. */
  readonly value: string;
  readonly dashboardUrl: string;
  /** Absent (falsy) when the alert carries no evidence. */
  readonly evidence: EvidenceView | null;
}

export interface EvidenceView {
  readonly value: string;
  readonly threshold: string;
  readonly ratio: string;
  readonly window: string;
  readonly from: string;
  readonly to: string;
  readonly text: string;
  readonly lines: readonly EvidenceLine[];
  readonly moreLines: number;
  /** SLO rules only (absent otherwise): budget left, burn rate, when the budget runs out. */
  readonly slo: SloFacts | null;
}

/** Field names by scope, for `validateTemplate`: `map` takes any key (labels), a list or object opens a scope. */
export type FieldShape = 'value' | 'map' | { readonly object: Readonly<Record<string, FieldShape>> } | { readonly list: FieldShape };

const LINE_FIELDS: Record<string, FieldShape> = { time: 'value', service: 'value', severity: 'value', body: 'value' };
const SLO_FIELDS: Record<string, FieldShape> = {
  budgetLeft: 'value',
  burnRate: 'value',
  burnRateWindow: 'value',
  shortBurnRate: 'value',
  shortWindow: 'value',
  runsOut: 'value',
  exhaustsAt: 'value',
};
const EVIDENCE_FIELDS: Record<string, FieldShape> = {
  slo: { object: SLO_FIELDS },
  value: 'value',
  threshold: 'value',
  ratio: 'value',
  window: 'value',
  from: 'value',
  to: 'value',
  text: 'value',
  lines: { list: { object: LINE_FIELDS } },
  moreLines: 'value',
};
const ALERT_FIELDS: Record<string, FieldShape> = {
  status: 'value',
  statusUpper: 'value',
  isFiring: 'value',
  isResolved: 'value',
  ruleId: 'value',
  ruleName: 'value',
  severity: 'value',
  labels: 'map',
  annotations: 'map',
  labelsText: 'value',
  summary: 'value',
  description: 'value',
  startsAt: 'value',
  endsAt: 'value',
  value: 'value',
  dashboardUrl: 'value',
  evidence: { object: EVIDENCE_FIELDS },
};
export const TEMPLATE_FIELDS: Readonly<Record<string, FieldShape>> = {
  kind: 'value',
  status: 'value',
  statusUpper: 'value',
  isFiring: 'value',
  isResolved: 'value',
  isTest: 'value',
  receiver: 'value',
  externalUrl: 'value',
  groupKey: 'value',
  groupLabels: 'map',
  commonLabels: 'map',
  commonAnnotations: 'map',
  groupLabelsText: 'value',
  ruleNames: 'value',
  alertCount: 'value',
  firingCount: 'value',
  resolvedCount: 'value',
  truncatedAlerts: 'value',
  alerts: { list: { object: ALERT_FIELDS } },
  firing: { list: { object: ALERT_FIELDS } },
  resolved: { list: { object: ALERT_FIELDS } },
};

const HIDDEN_IN_LABELS_TEXT = new Set(['alertname', 'rule_id', 'severity']);

function labelsText(labels: Labels, hidden: ReadonlySet<string>): string {
  return Object.entries(labels)
    .filter(([name]) => !hidden.has(name))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join(', ');
}

function alertView(alert: NotificationAlert): AlertView {
  const facts = alert.evidence === null ? null : describeEvidence(alert.evidence);
  return {
    status: alert.status,
    statusUpper: alert.status.toUpperCase(),
    isFiring: alert.status === 'firing',
    isResolved: alert.status === 'resolved',
    ruleId: alert.ruleId,
    ruleName: alert.ruleName,
    severity: alert.severity ?? '',
    labels: alert.labels,
    annotations: alert.annotations,
    labelsText: labelsText(alert.labels, HIDDEN_IN_LABELS_TEXT),
    summary: alert.annotations.summary ?? '',
    description: alert.annotations.description ?? '',
    startsAt: alert.startsAt,
    endsAt: alert.endsAt ?? '',
    value: alert.value === null ? '' : formatNumber(alert.value),
    dashboardUrl: alert.dashboardUrl,
    evidence:
      facts === null
        ? null
        : { ...facts, threshold: facts.threshold ?? '', ratio: facts.ratio ?? '' },
  };
}

export function buildTemplateView(draft: NotificationDraft): TemplateView {
  const alerts = draft.alerts.map(alertView);
  const isTest = draft.kind === 'test';
  return {
    kind: draft.kind,
    status: draft.status,
    statusUpper: isTest ? 'TEST' : draft.status.toUpperCase(),
    isFiring: !isTest && draft.status === 'firing',
    isResolved: !isTest && draft.status === 'resolved',
    isTest,
    receiver: draft.receiver,
    externalUrl: draft.externalUrl,
    groupKey: draft.groupKey,
    groupLabels: draft.groupLabels,
    commonLabels: draft.commonLabels,
    commonAnnotations: draft.commonAnnotations,
    groupLabelsText: labelsText(draft.groupLabels, new Set(['alertname'])),
    ruleNames: [...new Set(draft.alerts.map((alert) => alert.ruleName))].join(', '),
    alertCount: alerts.length,
    firingCount: alerts.filter((alert) => alert.isFiring).length,
    resolvedCount: alerts.filter((alert) => alert.isResolved).length,
    truncatedAlerts: draft.truncatedAlerts,
    alerts,
    firing: alerts.filter((alert) => alert.isFiring),
    resolved: alerts.filter((alert) => alert.isResolved),
  };
}
