import { z } from 'zod';
import { ALERT_SEVERITIES } from './alert-rules.schema';
import { LABEL_NAME_PATTERN, labelMatcherSchema } from './metrics.schema';

/**
 * Noise control (docs/alerting.md): notification policies route alerts to channels and group
 * them (as Alertmanager's routes do), silences mute matching alerts for a while, and recurring
 * maintenance windows mute them on a schedule. Matchers act on an alert's labels: the rule's
 * `alertname`, `rule_id`, `severity`, its static labels and the label group it is for.
 */

const labelName = z.string().regex(LABEL_NAME_PATTERN, 'label names must match [a-zA-Z_][a-zA-Z0-9_]*');
const seconds = (min: number, max: number) => z.number().int().min(min, `must be at least ${min} s`).max(max, `must be at most ${max} s`);
const matchers = z.array(labelMatcherSchema).max(20, 'at most 20 matchers');

const policyShape = {
  name: z.string().trim().min(1, 'must not be empty').max(200, 'at most 200 characters'),
  /** Alerts whose labels match all of these (none: every alert). */
  matchers: matchers.default([]),
  /** Only these severities (none: both). */
  severities: z.array(z.enum(ALERT_SEVERITIES)).max(2).default([]),
  channelIds: z.array(z.string().uuid('must be a channel id')).min(1, 'name at least one channel').max(20),
  /** Alerts with the same values of these labels go out together (Alertmanager's group_by). */
  groupBy: z.array(labelName).max(10).default(['alertname']),
  /** Wait this long after a group's first alert for others to join (group_wait). */
  groupWaitSeconds: seconds(0, 3_600).default(30),
  /** At least this long between notifications of a group that changed (group_interval). */
  groupIntervalSeconds: seconds(1, 86_400).default(300),
  /** Resend a group still firing, unchanged, after this long (repeat_interval). */
  repeatIntervalSeconds: seconds(60, 7 * 86_400).default(4 * 3_600),
  sendResolved: z.boolean().default(true),
  /** Keep looking at later policies after this one matched. */
  continue: z.boolean().default(false),
  enabled: z.boolean().default(true),
};

/** Body of `POST /api/v1/notification-policies`; `position` orders them (first match wins unless `continue`). */
export const policyRequestSchema = z.strictObject({ ...policyShape, position: z.number().int().min(0).max(10_000).optional() });
export type PolicyRequest = z.output<typeof policyRequestSchema>;

export const policySchema = z.object({
  id: z.string(),
  name: z.string(),
  matchers: z.array(labelMatcherSchema),
  severities: z.array(z.enum(ALERT_SEVERITIES)),
  channelIds: z.array(z.string()),
  groupBy: z.array(z.string()),
  groupWaitSeconds: z.number(),
  groupIntervalSeconds: z.number(),
  repeatIntervalSeconds: z.number(),
  sendResolved: z.boolean(),
  continue: z.boolean(),
  enabled: z.boolean(),
  position: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Policy = z.infer<typeof policySchema>;
export const policyListResponseSchema = z.object({ policies: z.array(policySchema) });

/** Body of `POST /api/v1/silences`: mute alerts matching all `matchers` from `startsAt` (default now) to `endsAt`. */
export const silenceRequestSchema = z
  .strictObject({
    matchers: matchers.min(1, 'give at least one matcher (a silence of everything is a maintenance window)'),
    startsAt: z.iso.datetime({ offset: true }).optional(),
    endsAt: z.iso.datetime({ offset: true }),
    comment: z.string().trim().min(1, 'say why').max(2_000),
  })
  .refine((body) => Date.parse(body.endsAt) > (body.startsAt === undefined ? 0 : Date.parse(body.startsAt)), { message: 'endsAt must be after startsAt', path: ['endsAt'] });
export type SilenceRequest = z.output<typeof silenceRequestSchema>;

/** Body of `PATCH /api/v1/silences/{id}`: end it now (`endsAt` now) or move its end. */
export const updateSilenceRequestSchema = z.strictObject({ endsAt: z.iso.datetime({ offset: true }), comment: z.string().trim().min(1).max(2_000).optional() });
export type UpdateSilenceRequest = z.output<typeof updateSilenceRequestSchema>;

export const silenceSchema = z.object({
  id: z.string(),
  matchers: z.array(labelMatcherSchema),
  startsAt: z.string(),
  endsAt: z.string(),
  comment: z.string(),
  /** Who made it: a person's e-mail or an API key's name. */
  createdBy: z.string(),
  /** active: muting now; pending: starts later; expired: over. */
  state: z.enum(['active', 'pending', 'expired']),
  createdAt: z.string(),
});
export type Silence = z.infer<typeof silenceSchema>;
export const silenceListResponseSchema = z.object({ silences: z.array(silenceSchema) });

/**
 * Body of `POST /api/v1/maintenance-windows`: mutes matching alerts for `durationMinutes` from
 * each start the cron expression gives (5 fields, minute to weekday), in `timezone` (IANA).
 */
export const maintenanceWindowRequestSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  cron: z.string().trim().min(9, 'a 5-field cron expression, e.g. "0 2 * * 0"').max(200),
  durationMinutes: z.number().int().min(1).max(7 * 24 * 60),
  timezone: z.string().min(1).max(64).default('UTC'),
  matchers: matchers.default([]),
  enabled: z.boolean().default(true),
});
export type MaintenanceWindowRequest = z.output<typeof maintenanceWindowRequestSchema>;

export const maintenanceWindowSchema = z.object({
  id: z.string(),
  name: z.string(),
  cron: z.string(),
  durationMinutes: z.number(),
  timezone: z.string(),
  matchers: z.array(labelMatcherSchema),
  enabled: z.boolean(),
  /** Whether it mutes right now, and its next start (ISO 8601). */
  activeNow: z.boolean(),
  nextStart: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type MaintenanceWindow = z.infer<typeof maintenanceWindowSchema>;
export const maintenanceWindowListResponseSchema = z.object({ windows: z.array(maintenanceWindowSchema) });
