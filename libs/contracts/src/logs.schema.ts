import { z } from 'zod';

const timestamp = z.union([z.coerce.number().int().nonnegative(), z.iso.datetime({ offset: true }).transform((value) => Date.parse(value))]);

/** Query string of `GET /api/v1/logs`. */
export const logsQueryRequestSchema = z
  .strictObject({
    from: timestamp,
    to: timestamp,
    service: z.string().min(1).max(256).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .refine((query) => query.to > query.from, { message: '`to` must be after `from`', path: ['to'] });

/** Query string of `GET /api/v1/logs/count`. */
export const logsCountRequestSchema = z
  .strictObject({ from: timestamp, to: timestamp, service: z.string().min(1).max(256).optional() })
  .refine((query) => query.to > query.from, { message: '`to` must be after `from`', path: ['to'] });
export const logsCountResponseSchema = z.object({ count: z.number().int() });
export type LogsCountResponse = z.infer<typeof logsCountResponseSchema>;

export type LogsQueryRequest = z.output<typeof logsQueryRequestSchema>;

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

export const logsQueryResponseSchema = z.object({ records: z.array(logRecordSchema) });
export type LogsQueryResponse = z.infer<typeof logsQueryResponseSchema>;
