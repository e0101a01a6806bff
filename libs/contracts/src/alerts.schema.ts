import { z } from 'zod';
import { ALERT_SEVERITIES } from './alert-rules.schema';

/**
 * What alerting produces: alert instances (one per rule and label group) with their state,
 * the history of their transitions, and the deliveries of notifications with every attempt.
 */

export const ALERT_STATES = ['inactive', 'pending', 'firing'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

/** The values that made a transition, for notifications and the history. */
export const alertEvidenceSchema = z.object({
  /** The value compared with the thresholds (null: no data). */
  value: z.number().nullable(),
  /** For ratios, the two sides; for log counts, the first matching lines. */
  numerator: z.number().optional(),
  denominator: z.number().optional(),
  lines: z.array(z.object({ timestamp: z.number(), service: z.string(), severity: z.string(), body: z.string() })).optional(),
  threshold: z.number().nullable(),
  comparator: z.string(),
  /** The evaluation window [from, to] in epoch ms. */
  from: z.number(),
  to: z.number(),
  /** SLO rules: the budget left, the burn rate and when the budget runs out at that rate (docs/slo.md). */
  slo: z
    .object({
      id: z.string(),
      name: z.string(),
      objective: z.number(),
      /** Percent of the error budget left in the SLO's window (may be negative). */
      budgetRemainingPercent: z.number().nullable(),
      /** The burn rate the notification is about, and the window it is measured over (s). */
      burnRate: z.number().nullable(),
      burnRateWindowSeconds: z.number(),
      /** Burn-rate rules: the short window's burn rate (both must be above the threshold). */
      shortBurnRate: z.number().nullable().optional(),
      shortWindowSeconds: z.number().optional(),
      /** When the budget runs out at `burnRate` (epoch ms); null when it does not burn or is already out. */
      exhaustsAt: z.number().nullable(),
      /** Valid events in the (long) window; fewer than `minEvents` holds the alert back. */
      validEvents: z.number(),
      minEvents: z.number(),
    })
    .optional(),
});
export type AlertEvidence = z.infer<typeof alertEvidenceSchema>;

/** `GET /api/v1/alerts`: instances that are pending or firing (or all, with `state=all`). */
export const alertInstanceSchema = z.object({
  id: z.string(),
  ruleId: z.string(),
  ruleName: z.string(),
  labels: z.record(z.string(), z.string()),
  state: z.enum(ALERT_STATES),
  severity: z.enum(ALERT_SEVERITIES).nullable(),
  /** Since when in this state (ISO 8601). */
  since: z.string(),
  firedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  lastValue: z.number().nullable(),
  lastEvaluatedAt: z.string(),
  /** Muted by a silence or maintenance window right now (their ids), else empty. */
  silencedBy: z.array(z.string()),
  flapping: z.boolean(),
  evidence: alertEvidenceSchema.nullable(),
  /** The dashboard page of this alert (from the public-URL setting). */
  url: z.string(),
});
export type AlertInstance = z.infer<typeof alertInstanceSchema>;
export const alertInstanceListResponseSchema = z.object({ alerts: z.array(alertInstanceSchema) });

export const alertListRequestSchema = z.strictObject({
  state: z.enum(['active', 'firing', 'pending', 'all']).default('active'),
  ruleId: z.string().uuid().optional(),
});

/** One transition of an instance, as recorded (ClickHouse `alert_events`). */
export const alertEventSchema = z.object({
  time: z.number(),
  ruleId: z.string(),
  ruleName: z.string(),
  instanceId: z.string(),
  labels: z.record(z.string(), z.string()),
  from: z.string(),
  to: z.string(),
  severity: z.string(),
  value: z.number().nullable(),
  evidence: alertEvidenceSchema.nullable(),
});
export type AlertEvent = z.infer<typeof alertEventSchema>;
export const alertEventListResponseSchema = z.object({ events: z.array(alertEventSchema) });

/** `GET /api/v1/alert-events?from&to&ruleId&limit`. */
export const alertEventListRequestSchema = z.strictObject({
  from: z.coerce.number().int().nonnegative(),
  to: z.coerce.number().int().nonnegative(),
  ruleId: z.string().uuid().optional(),
  limit: z.coerce.number().int().min(1).max(1_000).default(200),
});

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * One notification to one channel. Its `webhookId` is the Standard Webhooks `webhook-id`, the
 * same on every attempt, so a receiver can drop duplicates. `dead`: every attempt failed (or
 * the receiver refused it for good); it can be delivered again from the API or the dashboard.
 */
export const deliverySchema = z.object({
  id: z.string(),
  webhookId: z.string(),
  channelId: z.string(),
  channelName: z.string(),
  status: z.enum(DELIVERY_STATUSES),
  /** firing, resolved, test, …: what the notification said. */
  kind: z.string(),
  title: z.string(),
  attempts: z.array(z.object({ at: z.string(), status: z.number().nullable(), error: z.string().nullable(), durationMs: z.number() })),
  nextAttemptAt: z.string().nullable(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
});
export type Delivery = z.infer<typeof deliverySchema>;
export const deliveryListResponseSchema = z.object({ deliveries: z.array(deliverySchema) });
export const deliveryListRequestSchema = z.strictObject({
  status: z.enum(DELIVERY_STATUSES).optional(),
  channelId: z.string().uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
