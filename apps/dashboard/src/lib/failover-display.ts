import type { CheckStatus, FailoverEventView, FailoverGroupView, FailoverReasonView } from '@vigil/contracts';

/**
 * How the failover pages say things. A target's health shown here is its check's state (what
 * people read on the check's page); the group's own fall/rise counts decide the switch, and the
 * active target is the group's word.
 */

/** `healthy`, `unhealthy`, `degraded` (still serves), `unknown` (never measured: counts as healthy), `paused`. */
export function targetHealth(status: CheckStatus | undefined): string {
  switch (status) {
    case 'up':
      return 'healthy';
    case 'degraded':
      return 'degraded';
    case 'down':
      return 'unhealthy';
    case 'paused':
      return 'paused';
    case 'pending':
    case undefined:
      return 'unknown';
  }
}

const REASONS: Record<FailoverReasonView, string> = {
  pinned: 'pinned by hand',
  healthy: 'first healthy target in order',
  'all-unhealthy': 'every target unhealthy: staying put (fail open)',
};

export function describeReason(reason: FailoverReasonView | null): string {
  return reason === null ? 'not decided yet' : REASONS[reason];
}

/** A target's name by id (events name ids); a target since removed from the group is said so. */
export function targetName(group: Pick<FailoverGroupView, 'targets'>, targetId: string | null): string {
  if (targetId === null) return 'nothing';
  return group.targets.find((target) => target.id === targetId)?.name ?? 'a removed target';
}

/** `primary → standby` for an event. */
export function describeSwitch(group: Pick<FailoverGroupView, 'targets'>, event: FailoverEventView): string {
  return `${targetName(group, event.fromTargetId)} → ${targetName(group, event.toTargetId)}`;
}
