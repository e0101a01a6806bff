/** One hour in milliseconds: the rollup's bucket. */
export const HOUR_MS = 3_600_000;

/** The start (epoch ms) of the hour holding `epochMs`. */
export function hourOf(epochMs: number): number {
  return epochMs - (((epochMs % HOUR_MS) + HOUR_MS) % HOUR_MS);
}

/**
 * An hour is closed (rolled up) this long after it ends: samples that scrapers and exporters send
 * a little late still land before it, and need no rebuild.
 */
export const ROLLUP_GRACE_MS = 5 * 60_000;

/**
 * Clocks of replicas may differ by this much: the ingest writer notes an hour as stale once it
 * could have been closed by a worker whose clock is this far ahead of its own.
 */
export const CLOCK_SKEW_MS = 60_000;

/**
 * Whether samples of `hourMs` stored at `storedAt` (epoch ms, the ingest writer's clock, read
 * after the insert returned) may have missed that hour's rollup: a worker closes an hour
 * ROLLUP_GRACE_MS after its end by its clock, reading what was stored by then.
 */
export function mayHaveMissedRollup(hourMs: number, storedAt: number): boolean {
  return storedAt >= hourMs + HOUR_MS + ROLLUP_GRACE_MS - CLOCK_SKEW_MS;
}
