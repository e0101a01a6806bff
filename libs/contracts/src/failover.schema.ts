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

export interface FailoverTargetView {
  id: string;
  name: string;
  address: string;
  checkId: string;
}

export interface FailoverActiveView {
  groupId: string;
  target: FailoverTargetView | null;
  reason: FailoverReasonView | null;
  /** True when no target is healthy and traffic stays where it was (fail open). */
  failOpen: boolean;
  since: string | null;
  version: number;
}

export interface FailoverGroupView {
  id: string;
  name: string;
  fall: number;
  rise: number;
  quorum: number;
  channelIds: string[];
  pinnedTargetId: string | null;
  targets: FailoverTargetView[];
  active: FailoverActiveView;
  createdAt: string;
  updatedAt: string;
}

export interface FailoverEventView {
  at: string;
  fromTargetId: string | null;
  toTargetId: string;
  reason: FailoverReasonView;
}

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
