import { z } from 'zod';
import {
  formatLogTextTerm,
  isEmptyLogTextTerm,
  LOG_SEVERITY_NAMES,
  type LogAttributeFilter,
  type LogSeverityName,
  parseLogAttributeFilter,
  parseLogSearchText,
} from './log-search';

export * from './log-search';

/** At most this many values of one repeatable parameter (service, severity, attr). */
export const MAX_LOG_FILTER_VALUES = 50;
export const MAX_LOG_QUERY_LENGTH = 1024;
export const MAX_LOG_QUERY_TERMS = 64;
/** Histogram buckets per response; a longer range needs a larger `step`. */
export const MAX_LOG_HISTOGRAM_BUCKETS = 1000;
export const MAX_LOG_SEARCH_LIMIT = 1000;

/** Epoch milliseconds (digits) or ISO 8601 with an offset, as a query parameter. */
const timestamp = z.union([z.number().int().nonnegative(), z.string()]).transform((value, context) => {
  if (typeof value === 'number') return value;
  if (/^\d{1,15}$/.test(value)) return Number(value);
  const parsed = z.iso.datetime({ offset: true }).safeParse(value);
  if (parsed.success) return Date.parse(parsed.data);
  context.addIssue({ code: 'custom', message: 'must be epoch milliseconds or an ISO 8601 time with an offset (2025-11-25T10:00:00Z)' });
  return z.NEVER;
});

/** A repeatable query parameter: Fastify gives one value as a string and several as an array. */
function repeatable<T extends z.ZodType>(item: T) {
  return z.preprocess(
    (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]),
    z.array(item).max(MAX_LOG_FILTER_VALUES, `at most ${MAX_LOG_FILTER_VALUES} values`),
  );
}

const attributeFilter = z
  .string()
  .max(4096, 'at most 4,096 characters')
  .transform((text, context): LogAttributeFilter => {
    const filter = parseLogAttributeFilter(text);
    if (filter) return filter;
    context.addIssue({ code: 'custom', message: 'must be key=value or key!=value (resource.key=value for resource attributes)' });
    return z.NEVER;
  });

const severityName = z.enum(LOG_SEVERITY_NAMES as [LogSeverityName, ...LogSeverityName[]], {
  message: `must be one of ${LOG_SEVERITY_NAMES.join(', ')}`,
});

const searchText = z
  .string()
  .max(MAX_LOG_QUERY_LENGTH, `at most ${MAX_LOG_QUERY_LENGTH} characters`)
  .transform((q, context) => {
    const terms = parseLogSearchText(q);
    const empty = terms.find(isEmptyLogTextTerm);
    if (empty) {
      context.addIssue({ code: 'custom', message: `\`${formatLogTextTerm(empty)}\` has nothing to search for: each word or phrase needs a letter or a digit` });
      return z.NEVER;
    }
    if (terms.length <= MAX_LOG_QUERY_TERMS) return terms;
    context.addIssue({ code: 'custom', message: `at most ${MAX_LOG_QUERY_TERMS} words and phrases` });
    return z.NEVER;
  });

/** The filters search, histogram, count and tail share (docs/query.md, Logs). */
const filterShape = {
  service: repeatable(z.string().min(1, 'must not be empty').max(256, 'at most 256 characters')),
  severity: repeatable(severityName),
  attr: repeatable(attributeFilter),
  q: searchText.optional().transform((terms) => terms ?? []),
  trace_id: z
    .string()
    .regex(/^[0-9a-fA-F]{32}$/, 'must be 32 hexadecimal characters (a W3C trace id)')
    .transform((id) => id.toLowerCase())
    .optional(),
};

const rangeShape = { from: timestamp, to: timestamp };
const toAfterFrom = { message: '`to` must not be before `from`', path: ['to'] };

/** Query string of `GET /api/v1/logs`. */
export const logsQueryRequestSchema = z
  .strictObject({
    ...rangeShape,
    ...filterShape,
    limit: z
      .string()
      .regex(/^\d+$/, 'must be a whole number')
      .transform(Number)
      .pipe(z.number().min(1, 'must be at least 1').max(MAX_LOG_SEARCH_LIMIT, `must be at most ${MAX_LOG_SEARCH_LIMIT}`))
      .default(100),
    /** Opaque; the store decodes and validates it. */
    cursor: z.string().min(1, 'must not be empty').max(512, 'is not a cursor this API issued').optional(),
  })
  .refine((query) => query.to >= query.from, toAfterFrom);
export type LogsQueryRequest = z.output<typeof logsQueryRequestSchema>;

/** Query string of `GET /api/v1/logs/count`. */
export const logsCountRequestSchema = z.strictObject({ ...rangeShape, ...filterShape }).refine((query) => query.to >= query.from, toAfterFrom);
export type LogsCountRequest = z.output<typeof logsCountRequestSchema>;
export const logsCountResponseSchema = z.object({ count: z.number().int() });
export type LogsCountResponse = z.infer<typeof logsCountResponseSchema>;

/** Query string of `GET /api/v1/logs/histogram`. */
export const logsHistogramRequestSchema = z
  .strictObject({
    ...rangeShape,
    ...filterShape,
    step: z
      .string()
      .regex(/^\d+$/, 'must be a whole number of milliseconds')
      .transform(Number)
      .pipe(z.number().min(1, 'must be at least 1 ms').max(31 * 86_400_000, 'must be at most 31 days'))
      .optional(),
  })
  .refine((query) => query.to >= query.from, toAfterFrom);
export type LogsHistogramRequest = z.output<typeof logsHistogramRequestSchema>;

export const MAX_LOG_SERVICES_LIMIT = 1000;

/** Query string of `GET /api/v1/logs/services`: services with records in the range, for pickers. */
export const logsServicesRequestSchema = z
  .strictObject({
    ...rangeShape,
    prefix: z.string().max(256, 'must be at most 256 characters').optional(),
    limit: z
      .string()
      .regex(/^\d+$/, 'must be a whole number')
      .transform(Number)
      .pipe(z.number().min(1, 'must be at least 1').max(MAX_LOG_SERVICES_LIMIT, `must be at most ${MAX_LOG_SERVICES_LIMIT}`))
      .default(100),
  })
  .refine((query) => query.to >= query.from, toAfterFrom);
export type LogsServicesRequest = z.output<typeof logsServicesRequestSchema>;
export const logsServicesResponseSchema = z.object({ services: z.array(z.string()) });
export type LogsServicesResponse = z.infer<typeof logsServicesResponseSchema>;

const pickerLimit = z
  .string()
  .regex(/^\d+$/, 'must be a whole number')
  .transform(Number)
  .pipe(z.number().min(1, 'must be at least 1').max(MAX_LOG_SERVICES_LIMIT, `must be at most ${MAX_LOG_SERVICES_LIMIT}`))
  .default(100);

/** Query string of `GET /api/v1/logs/attributes`: attribute keys seen in the newest records of the range. */
export const logsAttributeKeysRequestSchema = z
  .strictObject({ ...rangeShape, prefix: z.string().max(256, 'must be at most 256 characters').optional(), limit: pickerLimit })
  .refine((query) => query.to >= query.from, toAfterFrom);
export type LogsAttributeKeysRequest = z.output<typeof logsAttributeKeysRequestSchema>;
export const logsAttributeKeysResponseSchema = z.object({ keys: z.array(z.string()) });
export type LogsAttributeKeysResponse = z.infer<typeof logsAttributeKeysResponseSchema>;

/** Query string of `GET /api/v1/logs/attribute-values`: values of one attribute key, same sampling. */
export const logsAttributeValuesRequestSchema = z
  .strictObject({
    ...rangeShape,
    key: z.string().min(1, 'must not be empty').max(256, 'must be at most 256 characters'),
    prefix: z.string().max(256, 'must be at most 256 characters').optional(),
    limit: pickerLimit,
  })
  .refine((query) => query.to >= query.from, toAfterFrom);
export type LogsAttributeValuesRequest = z.output<typeof logsAttributeValuesRequestSchema>;
export const logsAttributeValuesResponseSchema = z.object({ values: z.array(z.string()) });
export type LogsAttributeValuesResponse = z.infer<typeof logsAttributeValuesResponseSchema>;

/** Query string of `GET /api/v1/logs/tail` (it starts now: no range). */
export const logsTailRequestSchema = z.strictObject(filterShape);
export type LogsTailRequest = z.output<typeof logsTailRequestSchema>;

/** The histogram's default step: the range / 60, rounded to a whole second (at least 1 s). */
export function defaultLogHistogramStep(from: number, to: number): number {
  return Math.max(1000, Math.round((to - from) / 60 / 1000) * 1000);
}

export const logRecordSchema = z.object({
  timestampMs: z.number(),
  observedTimestampMs: z.number(),
  severityNumber: z.number().int(),
  severityText: z.string(),
  service: z.string(),
  body: z.string(),
  attributes: z.record(z.string(), z.string()),
  resource: z.record(z.string(), z.string()),
  traceId: z.string(),
  spanId: z.string(),
});
export type LogRecordView = z.infer<typeof logRecordSchema>;

/** `GET /api/v1/logs`: newest first; `nextCursor` is null on the last page. */
export const logsSearchResponseSchema = z.object({ records: z.array(logRecordSchema), nextCursor: z.string().nullable() });
export type LogsSearchResponse = z.infer<typeof logsSearchResponseSchema>;
/** The earlier names of the search response. */
export const logsQueryResponseSchema = logsSearchResponseSchema;
export type LogsQueryResponse = LogsSearchResponse;

export const logsHistogramBucketSchema = z.object({ t: z.number(), total: z.number().int(), bySeverity: z.record(z.string(), z.number().int()) });
/** `GET /api/v1/logs/histogram`: one bucket per step from `from` to `to` (empty ones included). */
export const logsHistogramResponseSchema = z.object({ step: z.number().int(), buckets: z.array(logsHistogramBucketSchema) });
export type LogsHistogramResponse = z.infer<typeof logsHistogramResponseSchema>;

/** The `data` of a `records` event of `GET /api/v1/logs/tail`, oldest first. */
export const logsTailEventSchema = z.object({ records: z.array(logRecordSchema) });
export type LogsTailEvent = z.infer<typeof logsTailEventSchema>;
