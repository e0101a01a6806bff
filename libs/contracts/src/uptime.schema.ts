import { z } from 'zod';
import { CHECK_KINDS, incidentSchema } from './checks.schema';
import { isTimeZone } from './slos.schema';

/** Counting rules of uptime figures (docs/checks.md, Uptime and reports). */
export const MAINTENANCE_RULES = ['exclude', 'up', 'count'] as const;
export const DEGRADED_RULES = ['up', 'down'] as const;
/** A day: an outage longer than that is never a blip to leave out. */
export const MAX_MIN_INCIDENT_SECONDS = 86_400;

const rulesShape = {
  maintenance: z.enum(MAINTENANCE_RULES).default('exclude'),
  degraded: z.enum(DEGRADED_RULES).default('up'),
  minIncidentSeconds: z.coerce.number().int('must be whole seconds').min(0).max(MAX_MIN_INCIDENT_SECONDS).default(0),
};
export const uptimeRulesSchema = z.object(rulesShape);
export type UptimeRulesView = z.infer<typeof uptimeRulesSchema>;

/** The fixed windows of a check's uptime cards, ending now. */
export const UPTIME_WINDOWS = { '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000, '90d': 90 * 86_400_000 } as const;
export type UptimeWindow = keyof typeof UPTIME_WINDOWS;
const UPTIME_WINDOW_NAMES = Object.keys(UPTIME_WINDOWS) as [UptimeWindow, ...UptimeWindow[]];
/** The daily rollup's age: the longest range whose response times are all there. */
export const MAX_UPTIME_RANGE_MS = 400 * 86_400_000;

/** `GET /api/v1/checks/{id}/uptime`: a window ending now, or from/to (epoch ms). */
export const checkUptimeRequestSchema = z
  .strictObject({
    window: z.enum(UPTIME_WINDOW_NAMES).optional(),
    from: z.coerce.number().int().nonnegative().optional(),
    to: z.coerce.number().int().nonnegative().optional(),
    ...rulesShape,
  })
  .superRefine((request, ctx) => {
    const hasRange = request.from !== undefined || request.to !== undefined;
    if (request.window !== undefined && hasRange) ctx.addIssue({ code: 'custom', message: 'give a window or from/to, not both', path: ['window'] });
    if (request.window === undefined && !hasRange) ctx.addIssue({ code: 'custom', message: 'give a window (24h, 7d, 30d, 90d) or from and to (epoch ms)', path: ['window'] });
    if (hasRange && request.from === undefined) ctx.addIssue({ code: 'custom', message: 'required with to', path: ['from'] });
    if (hasRange && request.to === undefined) ctx.addIssue({ code: 'custom', message: 'required with from', path: ['to'] });
    if (request.from !== undefined && request.to !== undefined) {
      if (request.to <= request.from) ctx.addIssue({ code: 'custom', message: 'must be after from', path: ['to'] });
      else if (request.to - request.from > MAX_UPTIME_RANGE_MS) ctx.addIssue({ code: 'custom', message: 'a range is at most 400 days (the daily rollup is kept that long)', path: ['from'] });
    }
  });
export type CheckUptimeRequest = z.infer<typeof checkUptimeRequestSchema>;

/** `GET /api/v1/reports/uptime` and `/reports/uptime/checks/{id}`: a calendar month in a time zone. */
export const uptimeReportRequestSchema = z.strictObject({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month as YYYY-MM, e.g. 2026-03'),
  timezone: z
    .string()
    .max(64)
    .default('UTC')
    .superRefine((zone, ctx) => {
      if (!isTimeZone(zone)) ctx.addIssue({ code: 'custom', message: `"${zone}" is not an IANA time zone (e.g. Europe/Berlin, America/New_York, UTC)` });
    }),
  format: z.enum(['json', 'csv']).default('json'),
  ...rulesShape,
});
export type UptimeReportRequest = z.infer<typeof uptimeReportRequestSchema>;

/** A check's uptime figures over a range (seconds; percentages unrounded). */
export const uptimeFiguresSchema = z.object({
  /** The range asked for (ISO). */
  from: z.string(),
  to: z.string(),
  /** The part measured: from the check's creation or the range start, to the range end or now; null when none. */
  measuredFrom: z.string().nullable(),
  measuredTo: z.string().nullable(),
  periodSeconds: z.number(),
  downtimeSeconds: z.number(),
  maintenanceSeconds: z.number(),
  degradedSeconds: z.number(),
  /** Null when nothing was measured. */
  uptimePercent: z.number().nullable(),
  incidents: z.number(),
  mttrSeconds: z.number().nullable(),
  mtbfSeconds: z.number().nullable(),
  /** Response-time percentiles of every result that measured one (t-digest); null without any. */
  latencyP50Ms: z.number().nullable(),
  latencyP95Ms: z.number().nullable(),
});
export type UptimeFiguresView = z.infer<typeof uptimeFiguresSchema>;

export const checkUptimeResponseSchema = uptimeFiguresSchema.extend({ checkId: z.string(), window: z.enum(UPTIME_WINDOW_NAMES).nullable(), rules: uptimeRulesSchema });
export type CheckUptimeResponse = z.infer<typeof checkUptimeResponseSchema>;

export const uptimeReportRowSchema = uptimeFiguresSchema.extend({ checkId: z.string(), checkName: z.string(), kind: z.enum(CHECK_KINDS) });
export type UptimeReportRow = z.infer<typeof uptimeReportRowSchema>;

const reportHeader = {
  month: z.string(),
  timezone: z.string(),
  /** The month's first and last instant in the zone (ISO), and its real length. */
  from: z.string(),
  to: z.string(),
  hours: z.number(),
  rules: uptimeRulesSchema,
  generatedAt: z.string(),
};

export const projectUptimeReportSchema = z.object({
  ...reportHeader,
  /** Over the checks with figures: the mean uptime, and the sums. */
  summary: z.object({ checks: z.number(), uptimePercent: z.number().nullable(), downtimeSeconds: z.number(), incidents: z.number() }),
  checks: z.array(uptimeReportRowSchema),
});
export type ProjectUptimeReport = z.infer<typeof projectUptimeReportSchema>;

export const checkUptimeReportSchema = z.object({ ...reportHeader, check: uptimeReportRowSchema, incidents: z.array(incidentSchema) });
export type CheckUptimeReport = z.infer<typeof checkUptimeReportSchema>;
