import { z } from 'zod';

/**
 * A Vigil JSON log record. Strict: an unknown field is refused by name, because a typo
 * (`messsage`, `level`) would otherwise silently lose data.
 */
export const vigilLogRecordSchema = z.strictObject({
  /** Epoch milliseconds or an ISO 8601 date-time with offset; absent means "now". */
  timestamp: z.union([z.number().finite().nonnegative(), z.iso.datetime({ offset: true })]).optional(),
  /** OTLP severity number (0–24) or text (`info`, `WARN`, `error`…). */
  severity: z.union([z.number().int().min(0).max(24), z.string()]).optional(),
  service: z.string().optional(),
  message: z.string(),
  attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  trace_id: z
    .string()
    .regex(/^([0-9a-fA-F]{32})?$/, 'must be 32 hex characters')
    .optional(),
  span_id: z
    .string()
    .regex(/^([0-9a-fA-F]{16})?$/, 'must be 16 hex characters')
    .optional(),
});

export type VigilLogRecord = z.infer<typeof vigilLogRecordSchema>;
