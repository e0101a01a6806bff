import { type AlertRule, type Comparator, logCountSpecSchema, type MetricSelector, metricRatioSpecSchema, metricThresholdSpecSchema, sloBudgetRuleSpecSchema, sloBurnRateRuleSpecSchema } from '@vigil/contracts';
import { formatMatcher } from './label-matchers';
import { formatSpan } from './time-format';

/**
 * A rule's condition in one line, for the list and the rule page: what is read, how it is
 * reduced over which window, and the thresholds. Selectors are written PromQL-like
 * (`sum by (service) (rate(http_requests_total{code="500"}[5m]))`), which on-call engineers read
 * at a glance.
 */

export function describeSelector(selector: MetricSelector): string {
  const matchers = selector.matchers.length > 0 ? `{${selector.matchers.map(formatMatcher).join(', ')}}` : '';
  const series = `${selector.name}${matchers}`;
  const window = selector.window === undefined ? '' : `[${formatSpan(selector.window).replace(/ /g, '')}]`;
  const by = selector.by.length > 0 ? ` by (${selector.by.join(', ')})` : '';
  if (selector.quantile !== undefined) return `p${Math.round(selector.quantile * 1000) / 10}${by} of ${series}${window}`;
  const inner = selector.fn === 'raw' ? (selector.over && selector.over !== 'avg' ? `${selector.over}_over_step(${series})` : series) : `${selector.fn}(${series}${window})`;
  return selector.agg === 'none' ? inner : `${selector.agg}${by} (${inner})`;
}

interface Thresholds {
  comparator: Comparator;
  warning?: number;
  critical?: number;
  recovery?: number;
}

/** `> 100 critical · > 80 warning · recovers at 70`. */
export function describeThresholds(spec: Thresholds): string {
  const parts: string[] = [];
  if (spec.critical !== undefined) parts.push(`${spec.comparator} ${spec.critical} critical`);
  if (spec.warning !== undefined) parts.push(`${spec.comparator} ${spec.warning} warning`);
  if (spec.recovery !== undefined) parts.push(`recovers at ${spec.recovery}`);
  return parts.join(' · ');
}

export function describeRuleCondition(rule: Pick<AlertRule, 'kind' | 'spec'>): string {
  if (rule.kind === 'metric_threshold') {
    const spec = metricThresholdSpecSchema.safeParse(rule.spec);
    if (spec.success) return `${spec.data.reducer} of ${describeSelector(spec.data.query)} over ${formatSpan(spec.data.windowSeconds * 1000)}: ${describeThresholds(spec.data)}`;
  } else if (rule.kind === 'metric_ratio') {
    const spec = metricRatioSpecSchema.safeParse(rule.spec);
    if (spec.success) {
      const { numerator, denominator, percent, reducer, windowSeconds } = spec.data;
      return `${reducer} of ${describeSelector(numerator)} / ${describeSelector(denominator)}${percent ? ' in %' : ''} over ${formatSpan(windowSeconds * 1000)}: ${describeThresholds(spec.data)}`;
    }
  } else if (rule.kind === 'log_count') {
    const spec = logCountSpecSchema.safeParse(rule.spec);
    if (spec.success) {
      const { search, groupBy, windowSeconds } = spec.data;
      const filters = [
        search.q ? `matching "${search.q}"` : '',
        search.service.length > 0 ? `from ${search.service.join(', ')}` : '',
        search.severity.length > 0 ? `at ${search.severity.join('|')}` : '',
        search.attr.length > 0 ? `with ${search.attr.join(', ')}` : '',
      ].filter(Boolean);
      const per = groupBy === 'none' ? '' : ` per ${groupBy.replace(/^attribute:/, '')}`;
      return `log records${filters.length > 0 ? ` ${filters.join(' ')}` : ''}${per} over ${formatSpan(windowSeconds * 1000)}: ${describeThresholds(spec.data)}`;
    }
  } else if (rule.kind === 'slo_burn_rate') {
    const spec = sloBurnRateRuleSpecSchema.safeParse(rule.spec);
    if (spec.success) {
      const { burnRate, longWindowSeconds, shortWindowSeconds, minEvents } = spec.data;
      return `SLO burn rate over ${formatSpan(longWindowSeconds * 1000)} and ${formatSpan(shortWindowSeconds * 1000)} > ${burnRate}×, with at least ${minEvents} events in each`;
    }
  } else if (rule.kind === 'slo_budget') {
    const spec = sloBudgetRuleSpecSchema.safeParse(rule.spec);
    if (spec.success) {
      const { warningPercent, exhausted } = spec.data;
      const parts = [warningPercent === null ? '' : `warning at ≤ ${warningPercent} % left`, exhausted ? 'critical when exhausted' : ''].filter(Boolean);
      return `SLO error budget: ${parts.join(', ')}`;
    }
  }
  return `${rule.kind} rule`;
}
