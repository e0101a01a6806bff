import { z } from 'zod';

/**
 * Ingest limits a project may override (docs/ingest.md names each): the keys of ingest's
 * IngestLimits plus the series limiter's two; a unit test in feature-api keeps them in step.
 */
export const PROJECT_LIMIT_KEYS = [
  'labelsPerSeries',
  'labelNameLength',
  'labelValueLength',
  'metricNameLength',
  'maxAgeMs',
  'maxFutureMs',
  'logBodyBytes',
  'logAttributes',
  'maxDecompressedBytes',
  'maxActiveSeriesPerMetric',
  'maxActiveSeriesPerProject',
] as const;
export type ProjectLimitKey = (typeof PROJECT_LIMIT_KEYS)[number];

const limitValue = z.number().int('must be a whole number').positive('must be positive').max(Number.MAX_SAFE_INTEGER);

/** Body of `PATCH /api/v1/project-settings`: only what changes; a limit set to null goes back to its default. */
export const updateProjectSettingsRequestSchema = z
  .strictObject({
    retentionDays: z.number().int('must be a whole number of days').min(1, 'must be at least 1 day').max(3650, 'must be at most 3650 days').optional(),
    ingestLimits: z.strictObject(Object.fromEntries(PROJECT_LIMIT_KEYS.map((key) => [key, limitValue.nullable().optional()])) as Record<ProjectLimitKey, z.ZodOptional<z.ZodNullable<typeof limitValue>>>).optional(),
  })
  .refine((body) => body.retentionDays !== undefined || body.ingestLimits !== undefined, 'name retentionDays or ingestLimits');
export type UpdateProjectSettingsRequest = z.output<typeof updateProjectSettingsRequestSchema>;

/**
 * A project's settings: retention, the limits in force (defaults with the overrides applied;
 * maxAgeMs is also capped at the retention, since older rows would expire on insert) and the
 * overrides as stored.
 */
export const projectSettingsResponseSchema = z.object({
  retentionDays: z.number().int(),
  ingestLimits: z.record(z.string(), z.number()),
  overrides: z.record(z.string(), z.number()),
});
export type ProjectSettingsResponse = z.infer<typeof projectSettingsResponseSchema>;
