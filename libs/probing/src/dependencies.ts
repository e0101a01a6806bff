import type { CheckStatus } from '@vigil/contracts';

/** What dependency decisions need of a check (parent or child). */
export interface CheckHealth {
  id: string;
  status: CheckStatus;
  since: number;
  /** The earliest start of a run of failures in any fresh region (about to go down), else null. */
  troubleSince: number | null;
  /** How long the check takes to say down after its target fails: (retries + 1) × interval + timeout. */
  detectionWindowMs: number;
}

export function detectionWindowMs(check: { intervalSeconds: number | null; retries: number | null; timeoutMs: number | null }): number {
  return ((check.retries ?? 0) + 1) * (check.intervalSeconds ?? 0) * 1000 + (check.timeoutMs ?? 0);
}

/** When the check's trouble began (down, degraded, or failing), or null when it is fine. */
export function troubleStart(check: CheckHealth): number | null {
  if (check.status === 'down' || check.status === 'degraded') return Math.min(check.since, check.troubleSince ?? check.since);
  return check.troubleSince;
}

/**
 * A child's trouble is its parent's (and raises no alert of its own):
 * - when the parent is down or failing, and the child's trouble did not begin earlier than the
 *   parent's by more than the child's own detection window (a child whose target died with the
 *   parent's is held back even if its probe noticed first; one down long before is its own
 *   outage);
 * - while the parent, still fine, has not had its detection window since the child's trouble
 *   began: the parent's probe may not have run yet (its verdict is awaited, not guessed).
 */
export function isSuppressedByParent(child: CheckHealth, parent: CheckHealth | undefined, now: number): boolean {
  if (parent === undefined) return false;
  const childTrouble = troubleStart(child);
  if (childTrouble === null) return false;
  const parentTrouble = troubleStart(parent);
  if (parent.status === 'down' || parent.troubleSince !== null) return parentTrouble !== null && childTrouble >= parentTrouble - child.detectionWindowMs;
  if (parent.status === 'degraded' || parent.status === 'paused') return false;
  return now < childTrouble + parent.detectionWindowMs;
}
