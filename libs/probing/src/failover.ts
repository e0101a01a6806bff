import type { CheckResultStatus } from '@vigil/contracts';

/**
 * The decisions of a failover group (docs/checks.md, Failover groups): which of its ordered
 * targets (primary first, then standbys) traffic should go to. Health follows HAProxy's
 * `fall`/`rise`: a healthy target turns unhealthy after `fall` failed results in a row, an
 * unhealthy one healthy again after `rise` good results in a row; any other result resets the
 * run. Counted per region (every region probes on its own clock), and a target is unhealthy
 * when at least `quorum` fresh regions say so — as a check's region quorum (region-state.ts).
 */

export interface FailoverThresholds {
  /** Failed results in a row that make a healthy target unhealthy (HAProxy `fall`). */
  fall: number;
  /** Good results in a row that make an unhealthy target healthy again (HAProxy `rise`). */
  rise: number;
}

/** One region's view of one target. */
export interface TargetRegionHealth {
  region: string;
  healthy: boolean;
  /** Results in a row that contradict `healthy` (0 when the last result agreed). */
  streak: number;
  /** When the region's last result came (epoch ms). */
  at: number;
}

/** Only a down result is a failure: degraded (slow, a certificate about to expire) still serves traffic. */
export function isFailure(status: CheckResultStatus): boolean {
  return status === 'down';
}

/**
 * A region's health of a target after one more result. A target never seen is healthy (as
 * HAProxy's servers start up): a group must not fail over before its standby was ever measured.
 */
export function observeTarget(previous: TargetRegionHealth | undefined, region: string, status: CheckResultStatus, thresholds: FailoverThresholds, at: number): TargetRegionHealth {
  const healthy = previous?.healthy ?? true;
  const contradicts = isFailure(status) === healthy;
  if (!contradicts) return { region, healthy, streak: 0, at };
  const streak = (previous?.streak ?? 0) + 1;
  const needed = healthy ? thresholds.fall : thresholds.rise;
  return streak >= needed ? { region, healthy: !healthy, streak: 0, at } : { region, healthy, streak, at };
}

export interface TargetQuorum {
  /** Fresh regions that must say unhealthy for the target to be. */
  quorum: number;
  /** A region whose last result is older than this is not counted (its prober is gone). */
  staleAfterMs: number;
}

/**
 * Whether the regions together find a target unhealthy at `now`: at least `quorum` fresh regions
 * say so. The quorum is absolute, as for checks: one region cut off from the network cannot move
 * traffic alone when the quorum is 2. With no fresh region the target is not unhealthy (nothing
 * says so; a stopped prober must not move traffic).
 */
export function isTargetUnhealthy(regions: readonly TargetRegionHealth[], policy: TargetQuorum, now: number): boolean {
  const unhealthy = regions.filter((region) => now - region.at <= policy.staleAfterMs && !region.healthy);
  return unhealthy.length >= policy.quorum;
}

export type FailoverReason = 'pinned' | 'healthy' | 'all-unhealthy';

export interface FailoverDecision {
  activeTargetId: string;
  /**
   * `pinned`: a person chose it; `healthy`: the first healthy target in order (the primary when it
   * is healthy, so traffic fails back once it has risen); `all-unhealthy`: no target is healthy and
   * the group stays where it was (fails open: sending traffic nowhere is worse than to a target
   * that may be partly up).
   */
  reason: FailoverReason;
}

export interface FailoverGroupView {
  /** Target ids, primary first. Never empty (the contract requires at least two). */
  targetIds: readonly string[];
  /** The pinned target, or null. A pin to a target no longer in the group is ignored. */
  pinnedTargetId: string | null;
  /** The target traffic goes to now, or null before the first decision. */
  activeTargetId: string | null;
}

/** Which target is active, given which targets are unhealthy. */
export function decideActiveTarget(group: FailoverGroupView, unhealthy: ReadonlySet<string>): FailoverDecision {
  const { targetIds, pinnedTargetId, activeTargetId } = group;
  if (pinnedTargetId !== null && targetIds.includes(pinnedTargetId)) return { activeTargetId: pinnedTargetId, reason: 'pinned' };
  const firstHealthy = targetIds.find((id) => !unhealthy.has(id));
  if (firstHealthy !== undefined) return { activeTargetId: firstHealthy, reason: 'healthy' };
  const stay = activeTargetId !== null && targetIds.includes(activeTargetId) ? activeTargetId : targetIds[0];
  if (stay === undefined) throw new Error('a failover group has at least one target');
  return { activeTargetId: stay, reason: 'all-unhealthy' };
}

export interface FailoverSwitch {
  from: string | null;
  to: string;
  reason: FailoverReason;
}

/**
 * What a new decision changes: a switch of active target (webhook, event, notification), or
 * only the reason (a group that went all-unhealthy without moving says so too), or nothing.
 */
export function compareDecision(previous: { activeTargetId: string | null; reason: FailoverReason | null }, next: FailoverDecision): { switched: FailoverSwitch | null; reasonChanged: boolean } {
  const switched = previous.activeTargetId === next.activeTargetId ? null : { from: previous.activeTargetId, to: next.activeTargetId, reason: next.reason };
  return { switched, reasonChanged: previous.reason !== next.reason };
}

/** The longest time from a primary's death to the switch: `fall` intervals and one timeout (the last failed run's). */
export function failoverWithinMs(thresholds: FailoverThresholds, intervalSeconds: number, timeoutMs: number): number {
  return thresholds.fall * intervalSeconds * 1000 + timeoutMs;
}

/** The longest time from a primary's recovery to the fail-back: `rise` intervals. */
export function failbackWithinMs(thresholds: FailoverThresholds, intervalSeconds: number): number {
  return thresholds.rise * intervalSeconds * 1000;
}
