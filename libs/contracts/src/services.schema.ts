import { z } from 'zod';
import { MAX_QUERY_RANGE_MS, queryTimeSchema } from './metrics.schema';

/** Which naming convention a service's golden signals were read from (docs/query.md). */
export const SIGNAL_SOURCES = ['otel-http', 'otel-http-legacy', 'prometheus'] as const;
export type SignalSource = (typeof SIGNAL_SOURCES)[number];

/** Query string of `GET /api/v1/services` and `GET /api/v1/services/{service}/signals`. */
export const servicesRequestSchema = z
  .strictObject({
    from: queryTimeSchema,
    to: queryTimeSchema,
    step: z.coerce.number().int().min(1000, 'must be at least 1000 ms').max(86_400_000, 'must be at most 1 day (86400000 ms)').optional(),
  })
  .superRefine((query, ctx) => {
    if (query.to <= query.from) ctx.addIssue({ code: 'custom', message: '`to` must be after `from`', path: ['to'] });
    else if (query.to - query.from > MAX_QUERY_RANGE_MS) ctx.addIssue({ code: 'custom', message: 'the range may span at most 31 days', path: ['to'] });
  });
export type ServicesRequest = z.output<typeof servicesRequestSchema>;

/** `service` path parameter: any non-empty label value. */
export const serviceNameSchema = z.string().min(1).max(2048);

/** Golden-signal points are always finite (steps without an answer are left out). */
const pointsSchema = z.array(z.tuple([z.number(), z.number()]));

export const latencySummarySchema = z.object({ p50: z.number().nullable(), p95: z.number().nullable(), p99: z.number().nullable() });

export const serviceSummarySchema = z.object({
  service: z.string(),
  /** null for a service seen only in logs (no HTTP metrics). */
  source: z.enum(SIGNAL_SOURCES).nullable(),
  /** Milliseconds over the whole range; null when there is no latency histogram or no request. */
  latency: latencySummarySchema.nullable(),
  /**
   * Requests per second now: the rate over the last `throughputWindow` ms before `to` (a rate
   * over the whole range would read low for a service that started during it).
   */
  throughput: z.number().nullable(),
  /** Percent of requests answered 5xx over the whole range. */
  errorRate: z.number().nullable(),
  sparklines: z.object({ latencyP95: pointsSchema, throughput: pointsSchema, errorRate: pointsSchema }),
});
export type ServiceSummary = z.infer<typeof serviceSummarySchema>;

export const servicesResponseSchema = z.object({
  from: z.number(),
  to: z.number(),
  step: z.number(),
  /** The recent window (ms, ending at `to`) that each summary's `throughput` is a rate over. */
  throughputWindow: z.number(),
  services: z.array(serviceSummarySchema),
});
export type ServicesResponse = z.infer<typeof servicesResponseSchema>;

export const serviceSignalsResponseSchema = z.object({
  service: z.string(),
  source: z.enum(SIGNAL_SOURCES).nullable(),
  from: z.number(),
  to: z.number(),
  step: z.number(),
  latency: z.object({ p50: pointsSchema, p95: pointsSchema, p99: pointsSchema }),
  throughput: pointsSchema,
  errorRate: pointsSchema,
});
export type ServiceSignalsResponse = z.infer<typeof serviceSignalsResponseSchema>;
