import type { AlertSeverity, NoDataHandling } from '@vigil/contracts';
import type { Labels } from '@vigil/metrics-query';
import type { Thresholds } from './thresholds';

/** What the instance state machine needs of a rule (compileRule builds it from the stored rule). */
export interface InstanceRule {
  id: string;
  name: string;
  /** Static labels added to every alert of the rule (routing, silences). */
  labels: Labels;
  annotations: Labels;
  forSeconds: number;
  keepFiringForSeconds: number;
  noData: NoDataHandling;
  thresholds: Thresholds;
}

/** The label no-data alerts carry (`alertstate="nodata"`), so policies and silences can single them out. */
export const NO_DATA_LABEL = 'alertstate';
export const NO_DATA_LABEL_VALUE = 'nodata';

/**
 * A no-data alert's severity: the rule's most severe configured threshold (critical when it has
 * one), so it reaches whoever the rule's worst breach would reach — silence of a metric the rule
 * guards is as bad as what the rule guards against. Single them out with `alertstate="nodata"`.
 */
export function noDataSeverity(thresholds: Thresholds): AlertSeverity {
  return thresholds.critical !== undefined ? 'critical' : 'warning';
}

/**
 * An alert's labels: the group labels, the rule's static labels over them (as Prometheus' rule
 * labels override the expression's), then `alertname` (the rule's name), `rule_id`, `severity`
 * (when known) and `alertstate="nodata"` for no-data alerts, which nothing overrides.
 */
export function alertLabels(rule: Pick<InstanceRule, 'id' | 'name' | 'labels'>, groupLabels: Labels, severity: AlertSeverity | null, noData: boolean): Record<string, string> {
  return {
    ...groupLabels,
    ...rule.labels,
    alertname: rule.name,
    rule_id: rule.id,
    ...(severity === null ? {} : { severity }),
    ...(noData ? { [NO_DATA_LABEL]: NO_DATA_LABEL_VALUE } : {}),
  };
}
