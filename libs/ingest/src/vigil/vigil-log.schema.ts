import { z } from 'zod';

/** Shared with the hand check (vigil-log.check.ts), so the two cannot drift apart. */
export const VIGIL_TIMESTAMP_TEXT = z.iso.datetime({ offset: true });
export const VIGIL_TRACE_ID = /^([0-9a-fA-F]{32})?$/;
export const VIGIL_SPAN_ID = /^([0-9a-fA-F]{16})?$/;

/**
 * A Vigil JSON log record. Strict: an unknown field is refused by name, because a typo
 * (`messsage`, `level`) would otherwise silently lose data.
 */
export const vigilLogRecordSchema = z.strictObject({
  /** Epoch milliseconds or an ISO 8601 date-time with offset; absent means "now". */
  timestamp: z.union([z.number().finite().nonnegative(), VIGIL_TIMESTAMP_TEXT]).optional(),
  /** OTLP severity number (0–24) or text (`info`, `WARN`, `error`…). */
  severity: z.union([z.number().int().min(0).max(24), z.string()]).optional(),
  service: z.string().optional(),
  message: z.string(),
  attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  trace_id: z
    .string()
    .regex(VIGIL_TRACE_ID, 'must be 32 hex characters')
    .optional(),
  span_id: z
    .string()
    .regex(VIGIL_SPAN_ID, 'must be 16 hex characters')
    .optional(),
});

export type VigilLogRecord = z.infer<typeof vigilLogRecordSchema>;
