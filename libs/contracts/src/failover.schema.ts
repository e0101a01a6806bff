import { z } from 'zod';

/**
 * Failover groups (docs/checks.md, Failover groups): ordered targets, each watched by one of the
 * project's probed checks; fall/rise thresholds as HAProxy's; an optional region quorum; a pin.
 */

export const FAILOVER_REASONS = ['pinned', 'healthy', 'all-unhealthy'] as const;
export type FailoverReasonView = (typeof FAILOVER_REASONS)[number];

export const failoverTargetRequestSchema = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(200, 'at most 200 characters'),
  /** What a load balancer needs to send traffic there: host:port, a URL, a server name. */
  address: z.string().trim().min(1, 'must not be empty').max(500, 'at most 500 characters'),
  checkId: z.string().uuid('must be a check id'),
});

export const failoverGroupRequestSchema = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(200, 'at most 200 characters'),
  /** Primary first, then standbys in order of preference. */
  targets: z.array(failoverTargetRequestSchema).min(2, 'needs a primary and at least one standby').max(10, 'at most 10 targets'),
  fall: z.number().int().min(1).max(100).default(3),
  rise: z.number().int().min(1).max(100).default(2),
  /** Regions that must find a target unhealthy (absolute, as a check's quorum). */
  quorum: z.number().int().min(1).max(20).default(1),
  /** Channels of the project told of every switch: webhook channels get the signed failover payload, Slack and Alertmanager ones a notification. */
  channelIds: z.array(z.string().uuid('must be a channel id')).max(10).default([]),
});
export type FailoverGroupRequest = z.output<typeof failoverGroupRequestSchema>;
export type FailoverGroupRequestInput = z.input<typeof failoverGroupRequestSchema>;

/** Pin a target (traffic stays there whatever the health), or `null` to unpin. */
export const failoverPinRequestSchema = z.strictObject({ targetId: z.string().uuid('must be a target id').nullable() });

/** `?wait=30s` on /active: hold the answer until the active target changes (at most 60 s). */
export const failoverActiveQuerySchema = z.object({
  wait: z
    .string()
    .regex(/^\d{1,2}s$/, 'must be seconds like 30s')
    .transform((value) => Number(value.slice(0, -1)))
    .refine((seconds) => seconds <= 60, 'at most 60s')
    .optional(),
});

export const failoverTargetSchema = z.object({ id: z.string(), name: z.string(), address: z.string(), checkId: z.string() });
export type FailoverTargetView = z.infer<typeof failoverTargetSchema>;

export const failoverActiveSchema = z.object({
  groupId: z.string(),
  target: failoverTargetSchema.nullable(),
  reason: z.enum(FAILOVER_REASONS).nullable(),
  /** True when no target is healthy and traffic stays where it was (fail open). */
  failOpen: z.boolean(),
  since: z.string().nullable(),
  version: z.number(),
});
export type FailoverActiveView = z.infer<typeof failoverActiveSchema>;

export const failoverGroupSchema = z.object({
  id: z.string(),
  name: z.string(),
  fall: z.number(),
  rise: z.number(),
  quorum: z.number(),
  channelIds: z.array(z.string()),
  pinnedTargetId: z.string().nullable(),
  targets: z.array(failoverTargetSchema),
  active: failoverActiveSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type FailoverGroupView = z.infer<typeof failoverGroupSchema>;
export const failoverGroupListResponseSchema = z.object({ groups: z.array(failoverGroupSchema) });

export const failoverEventSchema = z.object({ at: z.string(), fromTargetId: z.string().nullable(), toTargetId: z.string(), reason: z.enum(FAILOVER_REASONS) });
export type FailoverEventView = z.infer<typeof failoverEventSchema>;
export const failoverEventListResponseSchema = z.object({ events: z.array(failoverEventSchema) });

/** The body of the failover webhook (`type` as Standard Webhooks suggest). */
export interface FailoverWebhookPayload {
  type: 'failover.switched';
  timestamp: string;
  data: {
    groupId: string;
    groupName: string;
    from: FailoverTargetView | null;
    to: FailoverTargetView;
    reason: FailoverReasonView;
    failOpen: boolean;
    version: number;
  };
}
