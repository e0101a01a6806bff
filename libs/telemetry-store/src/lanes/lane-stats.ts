import { type Lane, LANES } from './lane-context';

/**
 * Upper bounds (ms) of the wait and run histograms: from a sub-millisecond insert to a search
 * that hit its time limit. Prometheus-style buckets so the API's `/metrics` can expose them
 * as they are (cumulative there; counted per bucket here).
 */
export const LANE_HISTOGRAM_BOUNDS_MS = [1, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000] as const;

export interface LaneHistogram {
  /** Upper bounds in ms; `counts` has one more entry, for the values above the last bound. */
  readonly boundsMs: readonly number[];
  /** Operations per bucket (not cumulative). */
  readonly counts: number[];
  count: number;
  sumMs: number;
}

export interface LaneStats {
  /** Operations waiting for a turn now. */
  queued: number;
  /** Operations running now. */
  inFlight: number;
  /** Most operations of this lane allowed to run at once. */
  readonly limit: number;
  /** Operations finished (ok or failed) since start. */
  completed: number;
  failed: number;
  /** Turns given by the starvation guard ahead of a higher lane. */
  promoted: number;
  /** Time from asking for a turn to starting. */
  readonly wait: LaneHistogram;
  /** Time from starting to settling. */
  readonly run: LaneHistogram;
}

export type LaneStatsSnapshot = Record<Lane, LaneStats>;

function histogram(): LaneHistogram {
  return { boundsMs: LANE_HISTOGRAM_BOUNDS_MS, counts: new Array<number>(LANE_HISTOGRAM_BOUNDS_MS.length + 1).fill(0), count: 0, sumMs: 0 };
}

export function observe(target: LaneHistogram, ms: number): void {
  let index = 0;
  // Twelve bounds: a linear scan is as fast as a binary search and simpler.
  while (index < LANE_HISTOGRAM_BOUNDS_MS.length && ms > (LANE_HISTOGRAM_BOUNDS_MS[index] as number)) index++;
  (target.counts[index] as number)++;
  target.count++;
  target.sumMs += ms;
}

export function emptyLaneStats(limits: Readonly<Record<Lane, number>>): LaneStatsSnapshot {
  const stats = {} as LaneStatsSnapshot;
  for (const lane of LANES) stats[lane] = { queued: 0, inFlight: 0, limit: limits[lane], completed: 0, failed: 0, promoted: 0, wait: histogram(), run: histogram() };
  return stats;
}

/** A deep copy, so a reader (the `/metrics` endpoint) never sees counters move under it. */
export function copyLaneStats(stats: LaneStatsSnapshot): LaneStatsSnapshot {
  const copy = {} as LaneStatsSnapshot;
  for (const lane of LANES) {
    const one = stats[lane];
    copy[lane] = { ...one, wait: { ...one.wait, counts: [...one.wait.counts] }, run: { ...one.run, counts: [...one.run.counts] } };
  }
  return copy;
}
