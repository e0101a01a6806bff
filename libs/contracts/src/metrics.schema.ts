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

/** `label="value"` or `label!="value"` in the `match` query parameter. */
export const labelMatcherSchema = z.object({
  label: z.string().regex(LABEL_NAME_PATTERN),
  op: z.enum(['=', '!=']),
  value: z.string().max(2048),
});
export type LabelMatcher = z.infer<typeof labelMatcherSchema>;

const MATCHER_PATTERN = /^([a-zA-Z_][a-zA-Z0-9_]*)\s*(!=|=)\s*"((?:[^"\\]|\\.)*)"$/;

/** Parses `service="checkout"`; returns undefined when the text is not a matcher. */
export function parseLabelMatcher(text: string): LabelMatcher | undefined {
  const match = MATCHER_PATTERN.exec(text.trim());
  if (!match) return undefined;
  const [, label, op, quoted] = match as unknown as [string, string, '=' | '!=', string];
  return { label, op, value: quoted.replace(/\\(.)/g, '$1') };
}

/** Query string of `GET /api/v1/metrics/query`. */
export const metricQueryRequestSchema = z
  .strictObject({
    name: metricNameSchema,
    match: z
      .union([z.string(), z.array(z.string())])
      .optional()
      .transform((value, ctx) => {
        const texts = value === undefined ? [] : Array.isArray(value) ? value : [value];
        return texts.map((text) => {
          const matcher = parseLabelMatcher(text);
          if (!matcher) {
            ctx.addIssue({ code: 'custom', message: `"${text}" is not a matcher of the form label="value" or label!="value"` });
            return z.NEVER;
          }
          return matcher;
        });
      }),
    from: z.union([z.coerce.number().int().nonnegative(), z.iso.datetime({ offset: true }).transform((v) => Date.parse(v))]),
    to: z.union([z.coerce.number().int().nonnegative(), z.iso.datetime({ offset: true }).transform((v) => Date.parse(v))]),
    step: z.coerce.number().int().min(1000).max(86_400_000).optional(),
  })
  .refine((query) => query.to > query.from, { message: '`to` must be after `from`', path: ['to'] })
  .refine((query) => query.to - query.from <= 31 * 86_400_000, { message: 'the range may span at most 31 days', path: ['to'] });

export type MetricQueryRequest = z.output<typeof metricQueryRequestSchema>;

export const metricSeriesSchema = z.object({
  labels: z.record(z.string(), z.string()),
  /** [epoch milliseconds, value], ascending by time. */
  points: z.array(z.tuple([z.number(), z.number()])),
});

export const metricQueryResponseSchema = z.object({
  name: z.string(),
  from: z.number(),
  to: z.number(),
  step: z.number().nullable(),
  series: z.array(metricSeriesSchema),
});

export type MetricSeries = z.infer<typeof metricSeriesSchema>;
export type MetricQueryResponse = z.infer<typeof metricQueryResponseSchema>;

export const metricNamesResponseSchema = z.object({ names: z.array(z.string()) });
export type MetricNamesResponse = z.infer<typeof metricNamesResponseSchema>;
