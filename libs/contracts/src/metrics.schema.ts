import { z } from 'zod';

/** Prometheus' metric-name grammar; OTLP names are translated into it before storage. */
export const METRIC_NAME_PATTERN = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
export const LABEL_NAME_PATTERN = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export const metricNameSchema = z
  .string()
  .min(1)
  .max(1024)
  .regex(METRIC_NAME_PATTERN, 'must match [a-zA-Z_:][a-zA-Z0-9_:]* (Prometheus metric name)');

// Hard caps against abuse only; each project's ingest limits (label count and lengths) are
// applied per sample after validation, so one over-long label refuses its sample, not the request.
export const labelsSchema = z
  .record(
    z.string().max(1024).regex(LABEL_NAME_PATTERN, 'label names must match [a-zA-Z_][a-zA-Z0-9_]*'),
    z.string().max(65_536),
  )
  .refine((labels) => Object.keys(labels).length <= 256, 'at most 256 labels per sample')
  .refine((labels) => !('__name__' in labels), 'the metric name goes in `name`, not in a __name__ label');

/** A timestamp as epoch milliseconds or an ISO 8601 string; stored with millisecond precision. */
export const timestampSchema = z.union([
  z.number().int().nonnegative().max(8_640_000_000_000_000),
  z.iso.datetime({ offset: true }).transform((value) => Date.parse(value)),
]);

export const metricSampleSchema = z.strictObject({
  name: metricNameSchema,
  labels: labelsSchema.default({}),
  value: z.number(),
  timestamp: timestampSchema.optional(),
});

/** Body of `POST /api/v1/ingest/metrics`. */
export const ingestMetricsRequestSchema = z.strictObject({
  samples: z.array(metricSampleSchema).min(1).max(100_000),
});

export const ingestMetricsResponseSchema = z.object({
  accepted: z.number().int(),
  /** Samples left out because they broke a limit; `reasons` names the limits. */
  rejected: z.number().int(),
  reasons: z.array(z.string()),
});

export type MetricSampleInput = z.input<typeof metricSampleSchema>;
export type IngestMetricsRequest = z.output<typeof ingestMetricsRequestSchema>;
export type IngestMetricsResponse = z.infer<typeof ingestMetricsResponseSchema>;

/** Matcher operators, as in PromQL: equal, not equal, regex match, regex not match. */
export const LABEL_MATCHER_OPS = ['=', '!=', '=~', '!~'] as const;
export type LabelMatcherOp = (typeof LABEL_MATCHER_OPS)[number];
/** Regexes are RE2 (ClickHouse `match`), anchored at both ends; longer ones are refused. */
export const MAX_MATCHER_REGEX_LENGTH = 1024;
export const MAX_MATCHER_VALUE_LENGTH = 2048;

/**
 * `label="value"`, `label!="value"`, `label=~"re"` or `label!~"re"` in the `match` query parameter.
 * Strict, like the bodies that hold it (alert rules, policies, silences, maintenance windows): a
 * misspelt or unknown field is refused, not dropped.
 */
export const labelMatcherSchema = z.strictObject({
  label: z.string().regex(LABEL_NAME_PATTERN),
  op: z.enum(LABEL_MATCHER_OPS),
  value: z.string().max(MAX_MATCHER_VALUE_LENGTH),
});
export type LabelMatcher = z.infer<typeof labelMatcherSchema>;

const MATCHER_PATTERN = /^([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"$/s;
const ESCAPES: Record<string, string> = { '\\': '\\', '"': '"', n: '\n', t: '\t' };

/**
 * Parses `service="checkout"` or `path=~"/api/.*"`; returns undefined when the text is not a
 * matcher. Inside the quotes `\\`, `\"`, `\n` and `\t` are escapes; any other backslash is
 * kept, so regex classes such as `\d` can be written as they are.
 */
export function parseLabelMatcher(text: string): LabelMatcher | undefined {
  const match = MATCHER_PATTERN.exec(text.trim());
  if (!match) return undefined;
  const [, label, op, quoted] = match as unknown as [string, string, LabelMatcherOp, string];
  return { label, op, value: quoted.replace(/\\(.)/gs, (whole: string, next: string) => ESCAPES[next] ?? whole) };
}

/** Why a matcher text is refused, or undefined when it is a valid matcher. */
function matcherProblem(text: string): string | undefined {
  const matcher = parseLabelMatcher(text);
  if (!matcher) return `"${text}" is not a matcher of the form label="value", label!="value", label=~"regex" or label!~"regex"`;
  const regex = matcher.op === '=~' || matcher.op === '!~';
  if (regex && matcher.value.length > MAX_MATCHER_REGEX_LENGTH) return `the regex of ${matcher.label} is longer than ${MAX_MATCHER_REGEX_LENGTH} characters`;
  if (matcher.value.length > MAX_MATCHER_VALUE_LENGTH) return `the value of ${matcher.label} is longer than ${MAX_MATCHER_VALUE_LENGTH} characters`;
  return undefined;
}

/** Repeatable `match` parameter → parsed matchers (one issue per bad matcher). */
export const matchersParamSchema = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value, ctx) => {
    const texts = value === undefined ? [] : Array.isArray(value) ? value : [value];
    const matchers: LabelMatcher[] = [];
    for (const text of texts) {
      const problem = matcherProblem(text);
      if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
      else matchers.push(parseLabelMatcher(text) as LabelMatcher);
    }
    return matchers;
  });

/** Epoch milliseconds or ISO 8601 with an offset, in a query string. */
export const queryTimeSchema = z.union([
  z.coerce.number().int().nonnegative().max(8_640_000_000_000_000),
  z.iso.datetime({ offset: true }).transform((value) => Date.parse(value)),
], { error: 'must be epoch milliseconds or an ISO 8601 time with an offset' });

/** Repeatable label-name parameter (`by`). */
const labelNamesParamSchema = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]))
  .pipe(z.array(z.string().regex(LABEL_NAME_PATTERN, 'label names must match [a-zA-Z_][a-zA-Z0-9_]*')).max(32));

export const MAX_QUERY_RANGE_MS = 31 * 86_400_000;
export const METRIC_FNS = ['raw', 'rate', 'increase'] as const;
export const OVER_TIME_AGGREGATIONS = ['avg', 'sum', 'min', 'max', 'count', 'last'] as const;
export const ACROSS_SERIES_AGGREGATIONS = ['none', 'sum', 'avg', 'min', 'max', 'count'] as const;
export type MetricFn = (typeof METRIC_FNS)[number];
export type OverTimeAggregation = (typeof OVER_TIME_AGGREGATIONS)[number];
export type AcrossSeriesAggregation = (typeof ACROSS_SERIES_AGGREGATIONS)[number];

/** `from`/`to` (required), at most 31 days apart. */
function checkRange(query: { from: number; to: number }, ctx: z.RefinementCtx): void {
  if (query.to <= query.from) ctx.addIssue({ code: 'custom', message: '`to` must be after `from`', path: ['to'] });
  else if (query.to - query.from > MAX_QUERY_RANGE_MS) ctx.addIssue({ code: 'custom', message: 'the range may span at most 31 days', path: ['to'] });
}

/** Query string of `GET /api/v1/metrics/query`. */
export const metricQueryRequestSchema = z
  .strictObject({
    name: metricNameSchema,
    match: matchersParamSchema,
    from: queryTimeSchema,
    to: queryTimeSchema,
    step: z.coerce.number().int().min(1000, 'must be at least 1000 ms').max(86_400_000, 'must be at most 1 day (86400000 ms)').optional(),
    fn: z.enum(METRIC_FNS).optional(),
    over: z.enum(OVER_TIME_AGGREGATIONS).optional(),
    agg: z.enum(ACROSS_SERIES_AGGREGATIONS).optional(),
    by: labelNamesParamSchema,
    quantile: z.coerce.number().gt(0, 'must be between 0 and 1 (exclusive)').lt(1, 'must be between 0 and 1 (exclusive)').optional(),
    window: z.coerce.number().int().min(1000, 'must be at least 1000 ms').max(86_400_000, 'must be at most 1 day (86400000 ms)').optional(),
  })
  .superRefine((query, ctx) => {
    checkRange(query, ctx);
    if (query.window !== undefined && (query.fn === undefined || query.fn === 'raw') && query.quantile === undefined) {
      ctx.addIssue({ code: 'custom', message: '`window` is the look-back of fn=rate, fn=increase and quantile; leave it out for raw values', path: ['window'] });
    }
    if (query.over !== undefined && query.fn !== undefined && query.fn !== 'raw') {
      ctx.addIssue({ code: 'custom', message: '`over` aggregates raw samples within a step; leave it out with fn=rate or fn=increase', path: ['over'] });
    }
    if (query.quantile !== undefined) {
      for (const key of ['fn', 'over', 'agg'] as const) {
        if (query[key] !== undefined) ctx.addIssue({ code: 'custom', message: `\`quantile\` reads the bucket increases itself; leave out \`${key}\``, path: [key] });
      }
    } else if (query.by.length > 0 && (query.agg === undefined || query.agg === 'none')) {
      ctx.addIssue({ code: 'custom', message: '`by` groups an aggregation: add agg=sum|avg|min|max|count (or quantile)', path: ['by'] });
    }
  })
  .transform((query) => ({ ...query, fn: query.fn ?? 'raw', over: query.over ?? 'avg', agg: query.agg ?? 'none' }));

export type MetricQueryRequest = z.output<typeof metricQueryRequestSchema>;

/**
 * A value as the read API sends it: a JSON number when finite, else the text Prometheus' API
 * uses (`"NaN"`, `"+Inf"`, `"-Inf"`), so the three stay distinguishable (JSON has no NaN).
 */
export const NON_FINITE_VALUES = ['NaN', '+Inf', '-Inf'] as const;
export type NonFiniteValue = (typeof NON_FINITE_VALUES)[number];
export const metricValueSchema = z.union([z.number(), z.enum(NON_FINITE_VALUES)]);
export type MetricValue = z.infer<typeof metricValueSchema>;

/** A number as the read API writes it (see metricValueSchema). */
export function encodeMetricValue(value: number): MetricValue {
  if (Number.isFinite(value)) return value;
  if (Number.isNaN(value)) return 'NaN';
  return value > 0 ? '+Inf' : '-Inf';
}

/** The number behind an API value: `"NaN"` → NaN, `"+Inf"` → Infinity, `"-Inf"` → -Infinity. */
export function decodeMetricValue(value: MetricValue): number {
  if (typeof value === 'number') return value;
  if (value === 'NaN') return Number.NaN;
  return value === '+Inf' ? Infinity : -Infinity;
}

/** [epoch milliseconds, value], ascending by time. */
export const metricPointsSchema = z.array(z.tuple([z.number(), metricValueSchema]));
export type MetricPoints = z.infer<typeof metricPointsSchema>;

export const metricSeriesSchema = z.object({
  labels: z.record(z.string(), z.string()),
  points: metricPointsSchema,
});

export const METRIC_RESOLUTIONS = ['raw', '1h'] as const;
export type MetricResolution = (typeof METRIC_RESOLUTIONS)[number];

export const metricQueryResponseSchema = z.object({
  name: z.string(),
  from: z.number(),
  to: z.number(),
  /** null for stored points (fn=raw without step or aggregation). */
  step: z.number().nullable(),
  /** Which table answered: raw samples or the 1-hour rollup. */
  resolution: z.enum(METRIC_RESOLUTIONS),
  /**
   * The look-back of rates, increases and quantiles in ms as asked (`window`); null when each
   * series' window is chosen from its sample interval, or for raw values (docs/query.md).
   */
  window: z.number().nullable(),
  /**
   * The unit of the values (UCUM, as OpenTelemetry declares units): the metric's declared unit,
   * else one read from a Prometheus suffix (`_seconds` → `s`, `_bytes` → `By`, `_ratio` → `1`);
   * `/s` appended for rates (`By/s`; a rate of a count is `/s`); null when unknown or for counts.
   */
  unit: z.string().nullable(),
  series: z.array(metricSeriesSchema),
});

export type MetricSeries = z.infer<typeof metricSeriesSchema>;
export type MetricQueryResponse = z.infer<typeof metricQueryResponseSchema>;

/** Query string of `GET /api/v1/metrics/names`. */
/** `from`/`to` are optional in discovery, but come together. */
const optionalRangeShape = { from: queryTimeSchema.optional(), to: queryTimeSchema.optional() };
function checkOptionalRange(query: { from?: number; to?: number }, ctx: z.RefinementCtx): void {
  if ((query.from === undefined) !== (query.to === undefined)) {
    ctx.addIssue({ code: 'custom', message: 'give both `from` and `to`, or neither', path: [query.from === undefined ? 'from' : 'to'] });
  } else if (query.from !== undefined && query.to !== undefined && query.to <= query.from) {
    ctx.addIssue({ code: 'custom', message: '`to` must be after `from`', path: ['to'] });
  }
}

/** Query string of `GET /api/v1/metrics/names`; with `from`/`to`, only metrics with series seen in the range. */
export const metricNamesRequestSchema = z
  .strictObject({
    prefix: z.string().max(1024).optional(),
    limit: z.coerce.number().int().min(1).max(10_000).default(1_000),
    ...optionalRangeShape,
  })
  .superRefine(checkOptionalRange);
export type MetricNamesRequest = z.output<typeof metricNamesRequestSchema>;

/** Query string of `GET /api/v1/metrics/labels`. */
export const metricLabelsRequestSchema = z
  .strictObject({ name: metricNameSchema.optional(), match: matchersParamSchema, ...optionalRangeShape })
  .superRefine(checkOptionalRange);
export type MetricLabelsRequest = z.output<typeof metricLabelsRequestSchema>;

/** Query string of `GET /api/v1/metrics/label-values`. */
export const metricLabelValuesRequestSchema = z
  .strictObject({
    label: z.string().regex(LABEL_NAME_PATTERN, 'must match [a-zA-Z_][a-zA-Z0-9_]*'),
    name: metricNameSchema.optional(),
    match: matchersParamSchema,
    prefix: z.string().max(2048).optional(),
    limit: z.coerce.number().int().min(1).max(10_000).default(1_000),
    ...optionalRangeShape,
  })
  .superRefine(checkOptionalRange);
export type MetricLabelValuesRequest = z.output<typeof metricLabelValuesRequestSchema>;

export const metricLabelsResponseSchema = z.object({ labels: z.array(z.string()) });
export type MetricLabelsResponse = z.infer<typeof metricLabelsResponseSchema>;
export const metricLabelValuesResponseSchema = z.object({ values: z.array(z.string()) });
export type MetricLabelValuesResponse = z.infer<typeof metricLabelValuesResponseSchema>;

export const metricNamesResponseSchema = z.object({ names: z.array(z.string()) });
export type MetricNamesResponse = z.infer<typeof metricNamesResponseSchema>;
