import type { AlertRulePreviewResponse, AlertRuleRequest, AlertSeverity } from '@vigil/contracts';
import { alignSeries, seriesLabel } from './chart-data';

/**
 * The rule form's preview chart: the reduced value per label group at each evaluation, the
 * thresholds as horizontal lines across the whole range, and the spans where the rule would have
 * fired as shaded bands. Built as uPlot's aligned columns: [xs, ...groups, ...thresholds].
 */

export const THRESHOLD_KINDS = ['critical', 'warning', 'recovery'] as const;
export type ThresholdKind = (typeof THRESHOLD_KINDS)[number];

export const THRESHOLD_COLORS: Record<ThresholdKind, string> = { critical: '#dc2626', warning: '#d97706', recovery: '#16a34a' };
/** Band fills, faint enough that the lines stay readable over them. */
export const FIRING_FILLS: Record<AlertSeverity, string> = { critical: 'rgba(220, 38, 38, 0.12)', warning: 'rgba(217, 119, 6, 0.12)' };

export interface PreviewThreshold {
  kind: ThresholdKind;
  value: number;
  label: string;
}

export interface PreviewBand {
  /** Seconds (uPlot's time unit). */
  from: number;
  to: number;
  severity: AlertSeverity;
  group: string;
}

export interface PreviewPlot {
  groups: string[];
  thresholds: PreviewThreshold[];
  bands: PreviewBand[];
  /** [xs in seconds, one column per group, one per threshold]. */
  columns: (number | null | undefined)[][];
}

/** `service="api"`, or `all` for a rule whose values are not grouped. */
export function groupLabel(labels: Record<string, string>): string {
  return seriesLabel('all', labels);
}

export function previewPlot(response: AlertRulePreviewResponse, range: { from: number; to: number }): PreviewPlot {
  const aligned = alignSeries(response.series.map((one) => ({ points: one.points })));
  const from = range.from / 1000;
  const to = range.to / 1000;
  // The range's ends are added so that threshold lines span all of it even where no value was computed.
  const head = aligned.xs.length === 0 || (aligned.xs[0] as number) > from;
  const tail = aligned.xs.length === 0 || (aligned.xs.at(-1) as number) < to;
  const xs = [...(head ? [from] : []), ...aligned.xs, ...(tail ? [to] : [])];
  const pad = (ys: readonly (number | null | undefined)[]) => [...(head ? [undefined] : []), ...ys, ...(tail ? [undefined] : [])];
  const thresholds = THRESHOLD_KINDS.flatMap((kind): PreviewThreshold[] => {
    const value = response.thresholds[kind];
    return value === null ? [] : [{ kind, value, label: `${kind} ${response.thresholds.comparator} ${value}` }];
  });
  return {
    groups: response.series.map((one) => groupLabel(one.labels)),
    thresholds,
    bands: response.firing.map((one) => ({ from: one.from / 1000, to: one.to / 1000, severity: one.severity, group: groupLabel(one.labels) })),
    columns: [xs, ...aligned.ys.map(pad), ...thresholds.map((threshold) => xs.map(() => threshold.value))],
  };
}

/** `Would have fired 2 times (1 h 5 min in all)`, or that it would not have. */
export function firingSummary(response: AlertRulePreviewResponse, rangeLabel: string): string {
  const count = response.firing.length;
  if (count === 0) return `Would not have fired in the ${rangeLabel}.`;
  const totalMs = response.firing.reduce((sum, one) => sum + (one.to - one.from), 0);
  const minutes = Math.round(totalMs / 60_000);
  const total = minutes >= 60 ? `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ''}` : `${minutes} min`;
  return `Would have fired ${count === 1 ? 'once' : `${count} times`} in the ${rangeLabel} (${total} in all).`;
}

/** The unit of a rule's values, for the y axis: percent for ratios in %, none otherwise (a preview does not carry the metric's unit). */
export function previewUnit(rule: AlertRuleRequest): string | null {
  return rule.kind === 'metric_ratio' && rule.spec.percent ? '%' : null;
}
