import type { CheckStatus, RegionStateView } from '@vigil/contracts';
import type { Assessment } from './observations';

/** One region's word on a check (the contract's view: stored as JSON, shown by the API). */
export type RegionState = RegionStateView;

/**
 * A region's state after one more result. A down result counts as a failure; the region says
 * down once `retries + 1` failures come in a row (so `retries` failed runs after the first are
 * forgiven). Until then it keeps what it said before (`pending` for a new check). Any other result
 * ends the run of failures and the region says what the result says.
 */
export function applyResult(previous: RegionState | undefined, region: string, assessment: Assessment, retries: number, at: number): RegionState {
  const measured = { region, at, latencyMs: assessment.latencyMs, statusCode: assessment.statusCode, error: assessment.error === '' ? null : assessment.error };
  if (assessment.status !== 'down') return { ...measured, status: assessment.status, failures: 0, failingSince: null };
  const failures = (previous?.failures ?? 0) + 1;
  const failingSince = previous?.failingSince ?? at;
  const status = failures > retries ? 'down' : (previous?.status ?? 'pending');
  return { ...measured, status, failures, failingSince };
}

export interface QuorumPolicy {
  /** Regions that must say down (or at least degraded) for the check to be. */
  quorum: number;
  /** A region whose last result is older than this is not counted (its prober is gone). */
  staleAfterMs: number;
}

/** What the regions together say about a check at `now`. */
export interface Verdict {
  status: Exclude<CheckStatus, 'paused'>;
  /** The regions that decided it (for down and degraded; every fresh region otherwise). */
  regions: string[];
  /** The deciding regions' first error ('' when up). */
  cause: string;
  /** The earliest start of a run of failures among fresh regions (a check about to go down), else null. */
  troubleSince: number | null;
}

/** How long a region's word counts: three intervals and a timeout (two runs may be late or lost). */
export function staleAfterMs(intervalSeconds: number, timeoutMs: number): number {
  return 3 * intervalSeconds * 1000 + timeoutMs;
}

/**
 * The region quorum: down when at least `quorum` fresh regions say down; degraded when at least
 * `quorum` say degraded or down; up when fewer do and some fresh region says up (or degraded);
 * pending otherwise (no result yet, or only regions that say down, short of the quorum).
 * The quorum is absolute: with `quorum: 2` and one region left reporting, the check cannot go down
 * (one region that lost its own network must not take a check down alone).
 */
export function decideVerdict(regions: readonly RegionState[], policy: QuorumPolicy, now: number): Verdict {
  const fresh = regions.filter((region) => now - region.at <= policy.staleAfterMs).sort((a, b) => a.region.localeCompare(b.region));
  const failing = fresh.filter((region) => region.failingSince !== null).map((region) => region.failingSince as number);
  const troubleSince = failing.length > 0 ? Math.min(...failing) : null;
  const down = fresh.filter((region) => region.status === 'down');
  if (down.length >= policy.quorum) return { status: 'down', regions: down.map((region) => region.region), cause: firstError(down), troubleSince };
  const notUp = fresh.filter((region) => region.status === 'down' || region.status === 'degraded');
  if (notUp.length >= policy.quorum) return { status: 'degraded', regions: notUp.map((region) => region.region), cause: firstError(notUp), troubleSince };
  // Below the quorum, up needs a region that says so: regions that say down are not enough to go down, nor to be up.
  const reporting = fresh.filter((region) => region.status === 'up' || region.status === 'degraded');
  if (reporting.length > 0) return { status: 'up', regions: reporting.map((region) => region.region), cause: '', troubleSince };
  return { status: 'pending', regions: [], cause: '', troubleSince };
}

function firstError(regions: readonly RegionState[]): string {
  const region = regions.find((one) => one.error !== null);
  return region === undefined ? '' : regions.length > 1 ? `${region.region}: ${region.error}` : (region.error ?? '');
}
