import { performance } from 'node:perf_hooks';
import { type EngineMeter, engineContext, type Lane, LANES } from './lane-context';
import { copyLaneStats, emptyLaneStats, type LaneStatsSnapshot, observe } from './lane-stats';

export interface LaneSchedulerOptions {
  /** Operations running at once over all lanes: 1 for embedded chDB, unbounded for a server. */
  maxInFlight?: number;
  /** Operations of one lane running at once (a server runs queries in parallel). */
  limits?: Partial<Record<Lane, number>>;
  /**
   * Starvation guard: when a lane's oldest operation has waited longer than this (ms), it takes
   * the next turn ahead of the higher lanes (every second turn at most, while they keep waiting).
   */
  starvationMs?: Partial<Record<Lane, number>>;
  /** false: one queue in arrival order for every lane, as chDB's binding queues; for comparisons. */
  priority?: boolean;
  /** Clock in ms (tests pin it). */
  now?: () => number;
}

/** chDB runs one operation at a time in a process; priority decides which goes next. */
export const EMBEDDED_LANES: LaneSchedulerOptions = { maxInFlight: 1 };

/**
 * A ClickHouse server runs queries in parallel: each lane gets its own limit and no lane waits
 * for another. Interactive reads are capped so eight dashboards cannot take every connection;
 * background work (rollups, maintenance) is heavy and can wait.
 */
export const SERVER_LANE_LIMITS: Readonly<Record<Lane, number>> = { write: 16, evaluation: 16, interactive: 8, background: 2 };

const DEFAULT_STARVATION_MS: Readonly<Record<Lane, number>> = { write: Infinity, evaluation: 500, interactive: 2_000, background: 10_000 };
const RANK: Readonly<Record<Lane, number>> = { write: 0, evaluation: 1, interactive: 2, background: 3 };

interface Waiting {
  readonly enqueuedAt: number;
  readonly start: () => void;
}

/**
 * The one gate in front of the engine: every query, command and insert of a store asks it for a
 * turn on its lane. With `maxInFlight` 1 (embedded) the highest lane with a waiting operation goes
 * next, so an evaluation waits for at most the operation running now, not for every dashboard
 * query queued before it; with a server each lane runs up to its own limit at once.
 *
 * Considered: p-queue / p-limit (priority queues with concurrency) — they have no per-lane limits
 * under a shared one, no starvation guard and no wait/run statistics; the scheduler is small.
 */
export class LaneScheduler {
  readonly maxInFlight: number;
  private readonly limits: Readonly<Record<Lane, number>>;
  private readonly starvationMs: Readonly<Record<Lane, number>>;
  private readonly priority: boolean;
  private readonly now: () => number;
  private readonly queues: Record<Lane, Waiting[]> = { write: [], evaluation: [], interactive: [], background: [] };
  private readonly counters: LaneStatsSnapshot;
  private inFlight = 0;
  private queued = 0;
  private lastTurnPromoted = false;
  /** Until the next event-loop turn only writes and evaluations may start (see next()). */
  private lingering = false;

  constructor(options: LaneSchedulerOptions = {}) {
    this.maxInFlight = options.maxInFlight ?? Infinity;
    if (!(this.maxInFlight >= 1)) throw new RangeError(`maxInFlight must be at least 1, got ${this.maxInFlight}`);
    const limits = {} as Record<Lane, number>;
    for (const lane of LANES) {
      const limit = options.limits?.[lane] ?? (this.maxInFlight === Infinity ? SERVER_LANE_LIMITS[lane] : this.maxInFlight);
      if (!(limit >= 1)) throw new RangeError(`the ${lane} lane's limit must be at least 1, got ${limit}`);
      limits[lane] = Math.min(limit, this.maxInFlight);
    }
    this.limits = limits;
    this.starvationMs = { ...DEFAULT_STARVATION_MS, ...options.starvationMs };
    this.priority = options.priority ?? true;
    this.now = options.now ?? (() => performance.now());
    this.counters = emptyLaneStats(limits);
  }

  /** Runs `operation` on the lane of the current async context (runInLane; default interactive). */
  runHere<T>(operation: () => Promise<T>): Promise<T> {
    const context = engineContext();
    return this.run(context.lane, operation, context.meter);
  }

  /**
   * Runs `operation` when `lane` gets a turn; settles as it does. `operation` must be one engine
   * call that asks the scheduler for nothing itself (a nested turn would wait for its own slot).
   */
  run<T>(lane: Lane, operation: () => Promise<T>, meter?: EngineMeter): Promise<T> {
    // Fast path, the common case of an idle engine: no queue, no extra promise.
    if (this.queued === 0 && this.inFlight < this.maxInFlight && this.counters[lane].inFlight < this.limits[lane]) {
      observe(this.counters[lane].wait, 0);
      return this.start(lane, operation, meter);
    }
    return new Promise<T>((resolve, reject) => {
      const enqueuedAt = this.now();
      this.queues[lane].push({ enqueuedAt, start: () => void this.start(lane, operation, meter).then(resolve, reject) });
      this.queued++;
      this.dispatch();
    });
  }

  /** Per-lane counters and histograms: a copy, safe to keep. */
  stats(): LaneStatsSnapshot {
    for (const lane of LANES) this.counters[lane].queued = this.queues[lane].length;
    return copyLaneStats(this.counters);
  }

  private start<T>(lane: Lane, operation: () => Promise<T>, meter: EngineMeter | undefined): Promise<T> {
    const counters = this.counters[lane];
    counters.inFlight++;
    this.inFlight++;
    const began = this.now();
    const finish = (ok: boolean): void => {
      const ran = this.now() - began;
      counters.inFlight--;
      this.inFlight--;
      counters.completed++;
      if (!ok) counters.failed++;
      observe(counters.run, ran);
      if (meter) {
        meter.runMs += ran;
        meter.operations++;
      }
      if (this.queued > 0) this.next(lane);
    };
    let promise: Promise<T>;
    try {
      promise = operation();
    } catch (error) {
      promise = Promise.reject(error);
    }
    return promise.then(
      (value) => {
        finish(true);
        return value;
      },
      (error: unknown) => {
        finish(false);
        throw error;
      },
    );
  }

  /**
   * After an operation of `lane` ends. An evaluation is often several queries in a row (series,
   * then samples); its next one is asked for from the finished one's continuation, a few
   * microtasks later. Starting a waiting dashboard query in that gap would make the evaluation
   * wait once per query, so after a write or an evaluation, when no other write or evaluation
   * waits, interactive and background operations wait one event-loop turn (setImmediate) first.
   * Embedded and with priority only; the starvation guard still applies.
   */
  private next(lane: Lane): void {
    const urgent = RANK[lane] <= RANK.evaluation;
    if (!this.priority || this.maxInFlight !== 1 || !urgent || this.queues.write.length > 0 || this.queues.evaluation.length > 0) {
      this.dispatch();
      return;
    }
    this.lingering = true;
    setImmediate(() => {
      this.lingering = false;
      this.dispatch();
    });
    // A starved lane does not wait for the linger.
    this.dispatch();
  }

  private dispatch(): void {
    while (this.queued > 0 && this.inFlight < this.maxInFlight) {
      const lane = this.pick();
      if (lane === undefined) return;
      const next = this.queues[lane].shift() as Waiting;
      this.queued--;
      observe(this.counters[lane].wait, this.now() - next.enqueuedAt);
      next.start();
    }
  }

  /** The lane whose oldest operation starts next, or none (every waiting lane is at its limit, or lingering). */
  private pick(): Lane | undefined {
    const now = this.now();
    let first: Lane | undefined;
    let oldest: Lane | undefined;
    let starved: Lane | undefined;
    for (const lane of LANES) {
      const head = this.queues[lane][0];
      if (head === undefined || this.counters[lane].inFlight >= this.limits[lane]) continue;
      if (!this.lingering || RANK[lane] <= RANK.evaluation) first ??= lane;
      if (oldest === undefined || head.enqueuedAt < (this.queues[oldest][0] as Waiting).enqueuedAt) oldest = lane;
      if (now - head.enqueuedAt > this.starvationMs[lane] && (starved === undefined || head.enqueuedAt < (this.queues[starved][0] as Waiting).enqueuedAt)) starved = lane;
    }
    if (!this.priority) return oldest;
    // A starved lane gets a turn, then the higher lanes get the next one before it may jump again.
    if (starved !== undefined && starved !== first && !this.lastTurnPromoted) {
      this.lastTurnPromoted = true;
      this.counters[starved].promoted++;
      return starved;
    }
    if (first !== undefined) this.lastTurnPromoted = false;
    return first;
  }
}
