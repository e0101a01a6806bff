import { z } from 'zod';
import { checkDownSpecSchema } from './checks.schema';
import { LOG_SEVERITY_NAMES, type LogSeverityName } from './log-search';
import {
  ACROSS_SERIES_AGGREGATIONS,
  LABEL_NAME_PATTERN,
  labelMatcherSchema,
  METRIC_FNS,
  metricNameSchema,
  OVER_TIME_AGGREGATIONS,
} from './metrics.schema';

/**
 * Alert rules (docs/alerting.md). A rule is one kind (metric threshold, metric ratio, log count;
 * later check-down and SLO burn rate) with its spec, plus what every kind shares: how often it is
 * evaluated, how long a breach must hold (`for`), how long a recovered alert keeps firing, what
 * no data means, and the labels and annotations its alerts carry.
 */

const labelName = z.string().regex(LABEL_NAME_PATTERN, 'label names must match [a-zA-Z_][a-zA-Z0-9_]*');
const seconds = (min: number, max: number) => z.number().int(`must be a whole number of seconds`).min(min, `must be at least ${min} s`).max(max, `must be at most ${max} s`);

/** What `GET /api/v1/metrics/query` takes, without from/to: the series an alert watches. */
export const metricSelectorSchema = z
  .strictObject({
    name: metricNameSchema,
    matchers: z.array(labelMatcherSchema).max(20, 'at most 20 matchers').default([]),
    fn: z.enum(METRIC_FNS).default('raw'),
    over: z.enum(OVER_TIME_AGGREGATIONS).optional(),
    agg: z.enum(ACROSS_SERIES_AGGREGATIONS).default('none'),
    by: z.array(labelName).max(10, 'at most 10 labels').default([]),
    quantile: z.number().gt(0, 'must be between 0 and 1 (exclusive)').lt(1, 'must be between 0 and 1 (exclusive)').optional(),
    /** Look-back of rate/increase/quantile in ms (docs/query.md, Rates); default per series. */
    window: z.number().int().min(1000, 'must be at least 1000 ms').max(86_400_000, 'must be at most 1 day').optional(),
  })
  .superRefine((query, ctx) => {
    if (query.over !== undefined && query.fn !== 'raw') ctx.addIssue({ code: 'custom', message: '`over` aggregates raw samples within a step; leave it out with fn=rate or fn=increase', path: ['over'] });
    if (query.quantile !== undefined && (query.fn !== 'raw' || query.over !== undefined || query.agg !== 'none')) {
      ctx.addIssue({ code: 'custom', message: '`quantile` reads the bucket increases itself; leave out fn, over and agg', path: ['quantile'] });
    }
    if (query.quantile === undefined && query.by.length > 0 && query.agg === 'none') {
      ctx.addIssue({ code: 'custom', message: '`by` groups an aggregation: add agg=sum|avg|min|max|count (or quantile)', path: ['by'] });
    }
    if (query.window !== undefined && query.fn === 'raw' && query.quantile === undefined) {
      ctx.addIssue({ code: 'custom', message: '`window` is the look-back of rate, increase and quantile; leave it out for raw values', path: ['window'] });
    }
  });
export type MetricSelector = z.output<typeof metricSelectorSchema>;
export type MetricSelectorInput = z.input<typeof metricSelectorSchema>;

export const COMPARATORS = ['>', '>=', '<', '<='] as const;
export type Comparator = (typeof COMPARATORS)[number];
export const ALERT_SEVERITIES = ['warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];
/** How the values of the evaluation window fold into the one compared with the thresholds. */
export const REDUCERS = ['last', 'avg', 'min', 'max', 'sum'] as const;
export type Reducer = (typeof REDUCERS)[number];

/**
 * Thresholds shared by every kind: the value breaches `critical` (or `warning`) when
 * `value comparator threshold`; a firing alert recovers only once it no longer breaches
 * `recovery` (hysteresis; default: the least strict of warning and critical).
 */
const thresholdShape = {
  comparator: z.enum(COMPARATORS),
  warning: z.number().finite().optional(),
  critical: z.number().finite().optional(),
  recovery: z.number().finite().optional(),
};

function checkThresholds(spec: { comparator: Comparator; warning?: number; critical?: number; recovery?: number }, ctx: z.RefinementCtx): void {
  if (spec.warning === undefined && spec.critical === undefined) {
    ctx.addIssue({ code: 'custom', message: 'give a warning or a critical threshold (or both)', path: ['critical'] });
    return;
  }
  const above = spec.comparator === '>' || spec.comparator === '>=';
  if (spec.warning !== undefined && spec.critical !== undefined && (above ? spec.warning > spec.critical : spec.warning < spec.critical)) {
    ctx.addIssue({ code: 'custom', message: `with ${spec.comparator} the warning threshold must not be ${above ? 'above' : 'below'} the critical one`, path: ['warning'] });
  }
  const loosest = above ? Math.min(spec.warning ?? Infinity, spec.critical ?? Infinity) : Math.max(spec.warning ?? -Infinity, spec.critical ?? -Infinity);
  if (spec.recovery !== undefined && (above ? spec.recovery > loosest : spec.recovery < loosest)) {
    ctx.addIssue({ code: 'custom', message: `the recovery threshold must be on the healthy side of ${loosest} (${above ? 'at or below' : 'at or above'} it)`, path: ['recovery'] });
  }
}

/** Range over which the values are reduced: [now − window, now]. */
const evaluationWindow = { windowSeconds: seconds(10, 7 * 86_400).default(300), reducer: z.enum(REDUCERS).default('last') };

export const metricThresholdSpecSchema = z
  .strictObject({ query: metricSelectorSchema, ...evaluationWindow, ...thresholdShape })
  .superRefine(checkThresholds);
export type MetricThresholdSpec = z.output<typeof metricThresholdSpecSchema>;

/**
 * Two selectors joined on their `by` labels (both must group by the same labels), e.g. 5xx
 * requests over all requests per service: each side is reduced over the window, then divided
 * (× 100 with `percent`). A group the numerator lacks counts as 0; one the denominator lacks
 * (or 0) has no value.
 */
export const metricRatioSpecSchema = z
  .strictObject({ numerator: metricSelectorSchema, denominator: metricSelectorSchema, percent: z.boolean().default(true), ...evaluationWindow, ...thresholdShape })
  .superRefine((spec, ctx) => {
    const key = (by: readonly string[]) => [...by].sort().join(',');
    if (key(spec.numerator.by) !== key(spec.denominator.by)) {
      ctx.addIssue({ code: 'custom', message: 'numerator and denominator must group by the same labels (`by`), which join them', path: ['denominator', 'by'] });
    }
    checkThresholds(spec, ctx);
  });
export type MetricRatioSpec = z.output<typeof metricRatioSpecSchema>;

const logSeverity = z.enum(LOG_SEVERITY_NAMES as [LogSeverityName, ...LogSeverityName[]]);

/**
 * Log records matching a search over the window, counted per group: `service`, one attribute
 * (`attribute:<key>`), or all together (`none`). The first matching lines are kept as evidence.
 */
export const logCountSpecSchema = z
  .strictObject({
    search: z.strictObject({
      q: z.string().max(1024).default(''),
      service: z.array(z.string().min(1).max(256)).max(50).default([]),
      severity: z.array(logSeverity).max(6).default([]),
      attr: z.array(z.string().max(4096)).max(50).default([]),
    }),
    groupBy: z.union([z.enum(['none', 'service']), z.string().regex(/^attribute:.{1,256}$/, 'group by none, service or attribute:<key>')]).default('service'),
    windowSeconds: seconds(10, 86_400).default(300),
    ...thresholdShape,
  })
  .superRefine(checkThresholds);
export type LogCountSpec = z.output<typeof logCountSpecSchema>;

export const NO_DATA_HANDLING = ['ok', 'alert', 'keep'] as const;
export type NoDataHandling = (typeof NO_DATA_HANDLING)[number];

/** What every rule kind shares. */
const ruleCommonShape = {
  name: z.string().trim().min(1, 'must not be empty').max(200, 'at most 200 characters'),
  description: z.string().max(4000).default(''),
  enabled: z.boolean().default(true),
  intervalSeconds: seconds(10, 86_400).default(60),
  /** A breach must hold this long (pending) before the alert fires. */
  forSeconds: seconds(0, 86_400).default(0),
  /** A recovered alert keeps firing this long (absorbs a brief dip). */
  keepFiringForSeconds: seconds(0, 86_400).default(0),
  /** No data in the window: resolve (`ok`), fire a no-data alert (`alert`), or leave the state as it is (`keep`). */
  noData: z.enum(NO_DATA_HANDLING).default('ok'),
  /** Labels added to every alert of the rule (for routing and silences). */
  labels: z.record(labelName, z.string().max(1024)).default({}),
  /** Free text shown in notifications: summary, runbook URL, … */
  annotations: z.record(labelName, z.string().max(4000)).default({}),
};

/** Body of `POST /api/v1/alert-rules` (and `PUT /api/v1/alert-rules/{id}`): one kind and its spec. */
export const alertRuleRequestSchema = z.discriminatedUnion('kind', [
  z.strictObject({ ...ruleCommonShape, kind: z.literal('metric_threshold'), spec: metricThresholdSpecSchema }),
  z.strictObject({ ...ruleCommonShape, kind: z.literal('metric_ratio'), spec: metricRatioSpecSchema }),
  z.strictObject({ ...ruleCommonShape, kind: z.literal('log_count'), spec: logCountSpecSchema }),
  z.strictObject({ ...ruleCommonShape, kind: z.literal('check_down'), spec: checkDownSpecSchema }),
]);
export type AlertRuleRequest = z.output<typeof alertRuleRequestSchema>;
export type AlertRuleRequestInput = z.input<typeof alertRuleRequestSchema>;
export type AlertRuleKind = AlertRuleRequest['kind'];
/** The kinds the dashboard's rule form edits; `check_down` rules are made with checks (docs/checks.md). */
export const ALERT_RULE_KINDS = ['metric_threshold', 'metric_ratio', 'log_count'] as const satisfies readonly AlertRuleKind[];
export type EditableAlertRuleKind = (typeof ALERT_RULE_KINDS)[number];

/** A rule as stored, with its id and live summary. Times are ISO 8601. */
export const alertRuleSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  enabled: z.boolean(),
  intervalSeconds: z.number(),
  forSeconds: z.number(),
  keepFiringForSeconds: z.number(),
  noData: z.enum(NO_DATA_HANDLING),
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()),
  kind: z.string(),
  spec: z.unknown(),
  /** Set on the rules an SLO keeps for its alerting (change them through the SLO, docs/slo.md). */
  sloId: z.string().nullable().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Instances by state right now, and when the rule was last evaluated (null: not yet). */
  status: z.object({
    firing: z.number(),
    pending: z.number(),
    severity: z.enum(ALERT_SEVERITIES).nullable(),
    lastEvaluatedAt: z.string().nullable(),
    lastError: z.string().nullable(),
  }),
});
export type AlertRule = z.infer<typeof alertRuleSchema>;
export const alertRuleListResponseSchema = z.object({ rules: z.array(alertRuleSchema) });
export type AlertRuleListResponse = z.infer<typeof alertRuleListResponseSchema>;

/**
 * Body of `POST /api/v1/alert-rules/preview`: a rule (saved or not) and a range; the answer is
 * the values it would have compared at each evaluation and where it would have fired.
 */
export const alertRulePreviewRequestSchema = z.strictObject({
  rule: alertRuleRequestSchema,
  from: z.number().int().nonnegative(),
  to: z.number().int().nonnegative(),
});
export type AlertRulePreviewRequest = z.output<typeof alertRulePreviewRequestSchema>;

export const alertRulePreviewResponseSchema = z.object({
  /** Per label group: the reduced value at each evaluation time ([epoch ms, value]). */
  series: z.array(z.object({ labels: z.record(z.string(), z.string()), points: z.array(z.tuple([z.number(), z.number()])) })),
  thresholds: z.object({ comparator: z.enum(COMPARATORS), warning: z.number().nullable(), critical: z.number().nullable(), recovery: z.number().nullable() }),
  /** Where the rule would have been firing, per label group (`for` and recovery applied). */
  firing: z.array(z.object({ labels: z.record(z.string(), z.string()), from: z.number(), to: z.number(), severity: z.enum(ALERT_SEVERITIES) })),
  /** Evaluations computed: one per interval over the range (fewer, evenly spaced, beyond 10,080; log rules at most 96). */
  evaluations: z.number(),
});
export type AlertRulePreviewResponse = z.infer<typeof alertRulePreviewResponseSchema>;
