import { performance } from 'node:perf_hooks';

/** One (project, hour) stale-hour mark: the project id and the hour's start (epoch ms). */
export type StaleHourPair = readonly [projectId: string, hourMs: number];

export interface StaleHourMarksOptions {
  /**
   * How long after writing a (project, hour) mark the writer stores more samples of that hour
   * without a new mark (default 45 s; 0: a mark with every insert round, as writers without
   * memory do). Measured from just before the mark's insert, on both of this process's clocks
   * (see `Moment`).
   */
  reuseMs?: number;
  /**
   * How long the rollup keeps each written mark before it may consume it (default 60 s; the
   * `hold_ms` of the mark's row). At least `reuseMs`: the margin covers the writer's and the
   * server's clocks running at slightly different rates, and small steps of the server's clock.
   */
  holdMs?: number;
  /** Pairs remembered at most (default 10,000); past it the oldest are forgotten (then written again). */
  maxEntries?: number;
  /** The time now on both clocks (default performance.now and Date.now). */
  clock?: () => Moment;
}

/**
 * A time on the process's monotonic clock (performance.now) and its wall clock (Date.now), both
 * ms. Time elapsed is the larger of the two: the monotonic clock ignores steps of the wall clock,
 * but stops while the host is suspended, when the server's clock (in embedded mode this wall
 * clock) goes on; either way a mark is written again too early rather than too late.
 */
export interface Moment {
  monotonic: number;
  wall: number;
}

const elapsed = (from: Moment, to: Moment): number => Math.max(to.monotonic - from.monotonic, to.wall - from.wall);

export const STALE_MARK_REUSE_MS = 45_000;
export const STALE_MARK_HOLD_MS = 60_000;
const DEFAULT_MAX_ENTRIES = 10_000;

/**
 * The stale-hour marks this writer has written lately, so an insert round of late samples (a
 * Prometheus replaying its WAL, an exporter catching up) does not write the same mark again
 * every round: one more engine insert, ~20 ms of CPU and a part to merge, each time.
 *
 * Skipping a mark is safe because every mark asks the rollup to keep it for `holdMs` after the
 * server stamped it (`noted_at`, metric_rollup_stale.hold_ms), and the rollup consumes a mark only
 * in a run whose cut-off is at least that late (metric-rollup.sql.ts). A mark is stamped after
 * `sentAt` (read before its insert started); samples whose mark is skipped are stored before
 * `sentAt + reuseMs` by this process's clocks, so before `noted_at + holdMs` by the server's: the run
 * that consumes the mark starts its build after they were stored, and reads them. Until then the
 * mark makes queries read the hour raw. Per process and per database (each writer has its own),
 * with nothing shared between replicas: each relies only on marks it wrote itself.
 *
 * Bounded: entries expire after `reuseMs`, and past `maxEntries` the oldest are dropped, which
 * costs a mark written again, nothing more. Hand-written: a map in insertion order is the whole
 * of it (an LRU library would add a dependency for the eviction loop below).
 */
export class StaleHourMarks {
  readonly reuseMs: number;
  readonly holdMs: number;
  private readonly maxEntries: number;
  private readonly clock: () => Moment;
  /** `${projectId}/${hourMs}` → sentAt, oldest first (a rewritten pair moves to the end). */
  private readonly written = new Map<string, Moment>();

  constructor(options: StaleHourMarksOptions = {}) {
    this.reuseMs = options.reuseMs ?? STALE_MARK_REUSE_MS;
    this.holdMs = options.holdMs ?? (this.reuseMs === 0 ? 0 : STALE_MARK_HOLD_MS);
    this.maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
    this.clock = options.clock ?? (() => ({ monotonic: performance.now(), wall: Date.now() }));
    if (!(this.reuseMs >= 0 && this.holdMs >= this.reuseMs)) throw new RangeError(`stale-hour marks: holdMs (${this.holdMs}) must be at least reuseMs (${this.reuseMs}), both non-negative`);
    if (!(this.maxEntries >= 1)) throw new RangeError(`stale-hour marks: maxEntries must be at least 1, got ${this.maxEntries}`);
  }

  /** Pairs remembered now (expired ones included until the next `due` or `recordWritten`). */
  get size(): number {
    return this.written.size;
  }

  /** The time to pass to `recordWritten`: read it before the marks' insert starts. */
  now(): Moment {
    return this.clock();
  }

  /** The pairs whose mark must be written with samples stored by now: those not written within `reuseMs`. */
  due(pairs: readonly StaleHourPair[]): StaleHourPair[] {
    if (this.reuseMs === 0) return [...pairs];
    const now = this.clock();
    this.forgetExpired(now);
    return pairs.filter(([projectId, hourMs]) => {
      // Checked here, not only by forgetExpired: with overlapping rounds the map's order may not be sentAt's.
      const sentAt = this.written.get(key(projectId, hourMs));
      return sentAt === undefined || elapsed(sentAt, now) >= this.reuseMs;
    });
  }

  /** Records marks that are now stored, their insert having started at `sentAt` (from `now()`). */
  recordWritten(pairs: readonly StaleHourPair[], sentAt: Moment): void {
    if (this.reuseMs === 0) return;
    for (const [projectId, hourMs] of pairs) {
      const name = key(projectId, hourMs);
      this.written.delete(name);
      this.written.set(name, sentAt);
    }
    this.forgetExpired(this.clock());
    for (const name of this.written.keys()) {
      if (this.written.size <= this.maxEntries) break;
      this.written.delete(name);
    }
  }

  /** Drops entries older than `reuseMs`, oldest first, up to the first one still fresh (housekeeping: `due` checks each). */
  private forgetExpired(now: Moment): void {
    for (const [name, sentAt] of this.written) {
      if (elapsed(sentAt, now) < this.reuseMs) break;
      this.written.delete(name);
    }
  }
}

const key = (projectId: string, hourMs: number): string => `${projectId}/${hourMs}`;
