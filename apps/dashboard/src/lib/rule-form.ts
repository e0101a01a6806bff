import {
  type AlertRule,
  type AlertRuleKind,
  type EditableAlertRuleKind,
  type AlertRuleRequest,
  type AlertRuleRequestInput,
  alertRuleRequestSchema,
  type Comparator,
  logCountSpecSchema,
  type LogSeverityLevel,
  metricRatioSpecSchema,
  metricThresholdSpecSchema,
  type NoDataHandling,
  type Reducer,
} from '@vigil/contracts';
import { durationField, formatDuration, optionalNumberField } from './durations';
import { failed, type FieldErrors, type FormResult, placeErrors } from './form-errors';
import { type KeyValueRow, recordFromRows, rowsFromRecord } from './key-value-rows';
import { emptySelectorForm, type MetricSelectorForm, selectorFormFrom, selectorRequest } from './metric-selector-form';

export interface LogCountForm {
  q: string;
  services: string[];
  severities: LogSeverityLevel[];
  /** `key=value`, `key!=value`, as the logs explorer writes them. */
  attrs: string[];
  groupBy: 'none' | 'service' | 'attribute';
  groupByAttribute: string;
}

/**
 * The rule form's state. Every kind's part is kept while another kind is chosen, so switching
 * kinds and back loses nothing typed; numbers and durations are kept as typed and read on saving.
 */
export interface RuleForm {
  kind: EditableAlertRuleKind;
  name: string;
  description: string;
  enabled: boolean;
  interval: string;
  forDuration: string;
  keepFiringFor: string;
  noData: NoDataHandling;
  labels: KeyValueRow[];
  annotations: KeyValueRow[];
  query: MetricSelectorForm;
  numerator: MetricSelectorForm;
  denominator: MetricSelectorForm;
  percent: boolean;
  log: LogCountForm;
  window: string;
  reducer: Reducer;
  comparator: Comparator;
  warning: string;
  critical: string;
  recovery: string;
}

/** Fields messages are placed on, named by their request paths (see form-errors). */
export const RULE_FIELDS = [
  'name',
  'description',
  'kind',
  'intervalSeconds',
  'forSeconds',
  'keepFiringForSeconds',
  'noData',
  'labels',
  'annotations',
  'spec',
  ...(['query', 'numerator', 'denominator'] as const).flatMap((side) => [`spec.${side}`, `spec.${side}.name`, `spec.${side}.matchers`, `spec.${side}.by`, `spec.${side}.window`] as const),
  'spec.percent',
  'spec.windowSeconds',
  'spec.reducer',
  'spec.comparator',
  'spec.warning',
  'spec.critical',
  'spec.recovery',
  'spec.search.q',
  'spec.search.service',
  'spec.search.severity',
  'spec.search.attr',
  'spec.groupBy',
] as const;
export type RuleField = (typeof RULE_FIELDS)[number];
export type RuleFieldErrors = FieldErrors<RuleField>;

export const KIND_LABELS: Record<AlertRuleKind, string> = { metric_threshold: 'Metric threshold', metric_ratio: 'Metric ratio', log_count: 'Log count', check_down: 'Check down' };

/** A new rule: the contract's defaults (5 min window, every minute, no `for`). */
export function emptyRuleForm(kind: EditableAlertRuleKind = 'metric_threshold'): RuleForm {
  return {
    kind,
    name: '',
    description: '',
    enabled: true,
    interval: '1m',
    forDuration: '0s',
    keepFiringFor: '0s',
    noData: 'ok',
    labels: [],
    annotations: [],
    query: emptySelectorForm(),
    numerator: emptySelectorForm(),
    denominator: emptySelectorForm(),
    percent: true,
    log: { q: '', services: [], severities: [], attrs: [], groupBy: 'service', groupByAttribute: '' },
    window: '5m',
    reducer: 'last',
    comparator: '>',
    warning: '',
    critical: '',
    recovery: '',
  };
}

const numberText = (value: number | undefined) => (value === undefined ? '' : String(value));

/** A stored rule in the form; undefined for a kind (or a spec) this dashboard cannot edit. */
export function ruleFormFromRule(rule: AlertRule): RuleForm | undefined {
  const common = {
    ...emptyRuleForm(),
    name: rule.name,
    description: rule.description,
    enabled: rule.enabled,
    interval: formatDuration(rule.intervalSeconds),
    forDuration: formatDuration(rule.forSeconds),
    keepFiringFor: formatDuration(rule.keepFiringForSeconds),
    noData: rule.noData,
    labels: rowsFromRecord(rule.labels),
    annotations: rowsFromRecord(rule.annotations),
  };
  const thresholds = (spec: { comparator: Comparator; warning?: number; critical?: number; recovery?: number }) => ({
    comparator: spec.comparator,
    warning: numberText(spec.warning),
    critical: numberText(spec.critical),
    recovery: numberText(spec.recovery),
  });
  if (rule.kind === 'metric_threshold') {
    const spec = metricThresholdSpecSchema.safeParse(rule.spec);
    if (!spec.success) return undefined;
    return { ...common, kind: 'metric_threshold', query: selectorFormFrom(spec.data.query), window: formatDuration(spec.data.windowSeconds), reducer: spec.data.reducer, ...thresholds(spec.data) };
  }
  if (rule.kind === 'metric_ratio') {
    const spec = metricRatioSpecSchema.safeParse(rule.spec);
    if (!spec.success) return undefined;
    const { numerator, denominator, percent, windowSeconds, reducer } = spec.data;
    return { ...common, kind: 'metric_ratio', numerator: selectorFormFrom(numerator), denominator: selectorFormFrom(denominator), percent, window: formatDuration(windowSeconds), reducer, ...thresholds(spec.data) };
  }
  if (rule.kind === 'log_count') {
    const spec = logCountSpecSchema.safeParse(rule.spec);
    if (!spec.success) return undefined;
    const { search, groupBy, windowSeconds } = spec.data;
    const attribute = groupBy.startsWith('attribute:') ? groupBy.slice('attribute:'.length) : '';
    const log: LogCountForm = {
      q: search.q,
      services: [...search.service],
      // `unspecified` has no button in the form; a rule that names it keeps it through the API only.
      severities: search.severity.filter((one): one is LogSeverityLevel => one !== 'unspecified'),
      attrs: [...search.attr],
      groupBy: attribute ? 'attribute' : groupBy === 'none' ? 'none' : 'service',
      groupByAttribute: attribute,
    };
    return { ...common, kind: 'log_count', log, window: formatDuration(windowSeconds), ...thresholds(spec.data) };
  }
  return undefined;
}

/**
 * The request the form makes, checked with the contract's own schema (`alertRuleRequestSchema`)
 * so every message the API would give is shown next to its field before anything is sent.
 * Durations and thresholds that cannot be read say how to write them.
 */
export function ruleRequestFromForm(form: RuleForm): FormResult<AlertRuleRequest, RuleField> {
  const own: RuleFieldErrors = {};
  const duration = (field: RuleField, text: string) => {
    const parsed = durationField(text);
    if (!parsed.ok) own[field] = parsed.message;
    return parsed.ok ? parsed.value : undefined;
  };
  const threshold = (field: RuleField, text: string) => {
    const parsed = optionalNumberField(text);
    if (!parsed.ok) own[field] = parsed.message;
    return parsed.ok ? parsed.value : undefined;
  };
  const record = (field: 'labels' | 'annotations', rows: readonly KeyValueRow[]) => {
    const read = recordFromRows(rows);
    if (!read.ok) own[field] = read.message;
    return read.ok ? read.record : {};
  };
  const selector = (side: 'query' | 'numerator' | 'denominator') => {
    // zod's "Too small: expected string to have >=1 characters" says less than this.
    if (form[side].metric.trim() === '') own[`spec.${side}.name`] = 'Pick a metric: start typing its name.';
    const read = selectorRequest(form[side]);
    if (read.windowError) own[`spec.${side}.window`] = read.windowError;
    return read.selector;
  };

  const windowSeconds = duration('spec.windowSeconds', form.window);
  const thresholds = {
    comparator: form.comparator,
    warning: threshold('spec.warning', form.warning),
    critical: threshold('spec.critical', form.critical),
    recovery: threshold('spec.recovery', form.recovery),
  };
  const common = {
    name: form.name,
    description: form.description,
    enabled: form.enabled,
    intervalSeconds: duration('intervalSeconds', form.interval),
    forSeconds: duration('forSeconds', form.forDuration),
    keepFiringForSeconds: duration('keepFiringForSeconds', form.keepFiringFor),
    noData: form.noData,
    labels: record('labels', form.labels),
    annotations: record('annotations', form.annotations),
  };
  let input: AlertRuleRequestInput;
  switch (form.kind) {
    case 'metric_threshold':
      input = { ...common, kind: 'metric_threshold', spec: { query: selector('query'), windowSeconds, reducer: form.reducer, ...thresholds } };
      break;
    case 'metric_ratio':
      input = {
        ...common,
        kind: 'metric_ratio',
        spec: { numerator: selector('numerator'), denominator: selector('denominator'), percent: form.percent, windowSeconds, reducer: form.reducer, ...thresholds },
      };
      break;
    case 'log_count':
      input = { ...common, kind: 'log_count', spec: { search: { q: form.log.q, service: form.log.services, severity: form.log.severities, attr: form.log.attrs }, groupBy: logGroupBy(form.log), windowSeconds, ...thresholds } };
      break;
  }
  const parsed = alertRuleRequestSchema.safeParse(withoutUndefined(input));
  if (parsed.success && Object.keys(own).length === 0) return { ok: true, request: parsed.data };
  return failed(own, parsed.success ? undefined : placeErrors(parsed.error.issues, RULE_FIELDS));
}

function logGroupBy(log: LogCountForm): string {
  return log.groupBy === 'attribute' ? `attribute:${log.groupByAttribute.trim()}` : log.groupBy;
}

/** Optional fields left out rather than sent as undefined, which a strict schema reads the same but JSON would drop anyway. */
function withoutUndefined<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** The request that changes only whether a stored rule is evaluated (the rule page's switch). */
export function ruleRequestWithEnabled(rule: AlertRule, enabled: boolean): AlertRuleRequestInput | undefined {
  const kind = rule.kind as AlertRuleKind;
  if (!(['metric_threshold', 'metric_ratio', 'log_count'] as string[]).includes(kind)) return undefined;
  const { name, description, intervalSeconds, forSeconds, keepFiringForSeconds, noData, labels, annotations, spec } = rule;
  return { name, description, enabled, intervalSeconds, forSeconds, keepFiringForSeconds, noData, labels, annotations, kind, spec } as AlertRuleRequestInput;
}
