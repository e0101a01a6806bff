import { z } from 'zod';

/** One evaluation tick of every enabled rule with this interval (a job scheduler per interval). */
export const evaluateTickPayloadSchema = z.object({ intervalSeconds: z.number().int().min(10).max(86_400) });

/** An immediate evaluation of these rules: a raw-threshold breach seen at ingest (docs/alerting.md). */
export const evaluateRulesPayloadSchema = z.object({
  ruleIds: z.array(z.string().uuid()).min(1).max(1_000),
  reason: z.enum(['breach', 'changed']),
});

/** Looks at notification groups whose next flush time has come (a job scheduler, every second). */
export const flushGroupsPayloadSchema = z.object({});

/**
 * One attempt of one delivery (the Postgres outbox row is the truth; this job is its transport).
 * `attempt`: the delivery's run count when queued (as in its job id); a job the delivery has moved
 * past — one BullMQ runs again after a Redis restart left it stalled — does nothing.
 */
export const deliverPayloadSchema = z.object({ deliveryId: z.string().uuid(), attempt: z.number().int().min(0).optional() });

/** Re-queues deliveries whose time has come but whose job is missing (a Redis that lost its data). */
export const sweepDeliveriesPayloadSchema = z.object({});

/**
 * The job id of a delivery's attempt number `attempt` (its Postgres attempt count when queued):
 * a re-queued attempt (the sweeper, a retry) is not queued twice, and each attempt has its own.
 */
export function deliveryJobId(deliveryId: string, attempt: number): string {
  return `delivery.${deliveryId}.${attempt}`;
}
