import { performance } from 'node:perf_hooks';
import { OverloadedError } from '../telemetry.errors';
import { type EncodedBatch, writeEncodedBatches } from './encoded-batch';
import { StaleHourMarks, type StaleHourMarksOptions } from './stale-hour-marks';
import { isLogBatch, type TelemetryBatch, TelemetryBatchWriter } from './telemetry-batch.writer';
import type { MetricBatchEncoderOptions } from '../metrics/metric-batch.encoder';
import type { TelemetryWriter } from './telemetry-writer';
import { type CheckResultRows, encodeCheckResults, type NewCheckResult, writeCheckResults } from '../checks/check-result.repository';

export interface GroupCommitOptions extends MetricBatchEncoderOptions {
  /** Encoded bytes queued plus in flight, over all tables, above which `submit` refuses (default 256 MiB). */
  maxPendingBytes?: number;
  /** Rows (all tables of a kind) in one insert round; the rest waits for the next (default 1,000,000). */
  maxBatchRows?: number;
  /** Encoded bytes in one insert round (default 64 MiB). */
  maxBatchBytes?: number;
  /**
   * Least time between the starts of two metrics (or two logs) rounds while fewer than
   * `roundMinRows` rows wait (default 0: off). Every round costs the engine ~20 ms of CPU besides
   * its rows (bench/ingest `round-sizes`), so where rounds would be small a gap makes them fewer
   * and larger; a lane idle for the gap still writes at once, a full round never waits. Off by
   * default because on a quiet machine rounds at 80 % load held ~21,000 rows without it, and a
   * 50 ms gap made the tail less steady (p99 at 80 %: 211–1,334 ms with it, 409–476 without;
   * docs/benchmarks.md "Insert rounds at 80 %").
   */
  roundGapMs?: number;
  /** Rows waiting at which a round starts without waiting for `roundGapMs` (default 40,000). */
  roundMinRows?: number;
  /** Told of every finished insert round, failed ones included (Vigil's own metrics). */
  onRound?: (round: InsertRound) => void;
  /**
   * Least time between the starts of two rounds of background check results (default 1,000 ms).
   * Probe results come one run at a time, each round is a part of `check_results` (and of its
   * daily rollup) that ClickHouse later merges: back-to-back rounds of a few rows each cost more
   * merging than probing (bench/prober). An idle lane still writes a lone result at once.
   */
  checkResultsRoundGapMs?: number;
  /**
   * The stale-hour marks this writer remembers, so rounds of late samples do not each write the
   * same mark again (default: 45 s reuse, 60 s hold; stale-hour-marks.ts). Tests shorten them.
   */
  staleMarks?: StaleHourMarksOptions;
}

/** One insert round of a kind: what it wrote, how long it took, whether it was stored. */
export interface InsertRound {
  kind: 'metrics' | 'logs' | 'checks';
  /** Rows over all tables of the round (series and metadata rows included). */
  rows: number;
  bytes: number;
  seconds: number;
  ok: boolean;
  /** Per request of the round, seconds from its submit to the round's start (the queue's share of its latency). */
  waitSeconds: readonly number[];
}

export interface GroupCommitStats {
  queuedBytes: number;
  inFlightBytes: number;
  /** Insert rounds finished (each is one insert per table of its kind), failed ones included. */
  rounds: number;
  failedRounds: number;
  /** Requests (submissions) stored. */
  committed: number;
}

/** What a lane queues: encoded ingest batches, or check results. */
interface LaneBatch {
  readonly rows: number;
  readonly bytes: number;
}

interface Pending<B extends LaneBatch> {
  batch: B;
  /** performance.now() at enqueue. */
  queuedAt: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

const MiB = 1024 * 1024;

/**
 * Group commit: requests of any project `submit` their decoded batch and get a promise that
 * settles with the insert holding their rows: resolved once ClickHouse stored them, rejected if
 * that insert failed (the request fails and the client sends again). Metrics and logs each have
 * one lane with at most one insert round in flight (series, metadata, then samples; or logs).
 * While a round is in flight, new submissions queue; when it ends, everything queued goes in
 * the next round (up to maxBatchRows/maxBatchBytes, the rest in the round after), once
 * roundGapMs have passed since the previous round started or roundMinRows rows wait. So load
 * makes inserts larger, not more numerous, and a writer idle for roundGapMs adds no delay beyond
 * one event-loop turn.
 *
 * Memory is bounded: when queued plus in-flight bytes would pass maxPendingBytes, `submit`
 * throws OverloadedError at once (with a Retry-After estimate from the observed drain rate).
 * Encoding happens inside `submit`, on the caller's turn; an invalid value throws there and
 * fails that request alone, never the round it would have joined.
 *
 * Considered: @clickhouse/client's async inserts (`async_insert=1, wait_for_async_insert=1`)
 * do server-side group commit, but chDB's raw insert has no such path and the embedded mode is
 * the default; batching here serves both transports with one behaviour.
 */
export class GroupCommitWriter {
  private readonly encoder: TelemetryBatchWriter;
  private readonly lanes: { metrics: Lane<EncodedBatch>; logs: Lane<EncodedBatch>; checks: Lane<CheckResultRows>; backgroundChecks: Lane<CheckResultRows> };
  private readonly maxPendingBytes: number;
  private closed = false;
  /** Bytes per second drained by finished rounds (moving average), for Retry-After. */
  private drainRate = 0;
  private readonly counters = { rounds: 0, failedRounds: 0, committed: 0 };
  private readonly onRound: (round: InsertRound) => void;

  constructor(
    private readonly writer: TelemetryWriter,
    options: GroupCommitOptions = {},
  ) {
    this.encoder = new TelemetryBatchWriter(writer, options);
    this.maxPendingBytes = options.maxPendingBytes ?? 256 * MiB;
    const limits = { maxRows: options.maxBatchRows ?? 1_000_000, maxBytes: options.maxBatchBytes ?? 64 * MiB };
    const ingestShape: RoundShape = { gapMs: options.roundGapMs ?? 0, minRows: options.roundMinRows ?? 40_000 };
    // One memory for both lanes; only metric batches have sample hours to mark.
    const staleMarks = new StaleHourMarks(options.staleMarks);
    const write = (batches: EncodedBatch[]): Promise<void> => writeEncodedBatches(this.writer, batches, staleMarks);
    this.onRound = options.onRound ?? (() => undefined);
    const settled = (kind: InsertRound['kind']) => (round: SettledRound) => this.recordRound(kind, round);
    const writeChecks = (batches: CheckResultRows[]): Promise<void> => writeCheckResults(this.writer, batches);
    this.lanes = {
      metrics: new Lane(write, limits, settled('metrics'), ingestShape),
      logs: new Lane(write, limits, settled('logs'), ingestShape),
      checks: new Lane(writeChecks, limits, settled('checks')),
      // Probe results never fill a round early: the gap alone spaces them.
      backgroundChecks: new Lane(writeChecks, limits, settled('checks'), { gapMs: options.checkResultsRoundGapMs ?? 1_000, minRows: Infinity }),
    };
  }

  get stats(): GroupCommitStats {
    return {
      queuedBytes: Object.values(this.lanes).reduce((sum, lane) => sum + lane.queuedBytes, 0),
      inFlightBytes: Object.values(this.lanes).reduce((sum, lane) => sum + lane.inFlightBytes, 0),
      ...this.counters,
    };
  }

  private get usedBytes(): number {
    return Object.values(this.lanes).reduce((sum, lane) => sum + lane.queuedBytes + lane.inFlightBytes, 0);
  }

  /**
   * Queues the batch for the next insert round of its kind. Returns a promise that resolves
   * when the batch is stored and rejects with the insert's error. Throws synchronously
   * OverloadedError when the queue is full or the writer is closing, and RangeError when
   * the batch holds a value ClickHouse would refuse.
   */
  submit(projectId: string, batch: TelemetryBatch, retentionDays: number): Promise<void> {
    if (this.closed) throw new OverloadedError('Vigil is shutting down and accepts no more writes here; send again shortly.', 1);
    // Refuse before encoding when already full: overload should cost as little CPU as possible.
    if (this.usedBytes >= this.maxPendingBytes) throw this.overloaded();
    const encoded = this.encoder.encode(projectId, batch, retentionDays);
    if (encoded.rows === 0) return Promise.resolve();
    if (this.usedBytes + encoded.bytes > this.maxPendingBytes) throw this.overloaded();
    return this.lanes[isLogBatch(batch) ? 'logs' : 'metrics'].enqueue(encoded);
  }

  /**
   * Queues uptime check results (prober runs, push pings) for the next round of their own lane:
   * probes of many checks finishing together share one insert, as ingest requests do. Same
   * promise, overload and validation rules as `submit`. `background`: the caller does not wait
   * for the row (a probe run), so its round may start up to checkResultsRoundGapMs later and
   * gather more results; a push ping, whose answer says it was stored, is written at once.
   */
  submitCheckResults(results: readonly NewCheckResult[], options: { background?: boolean } = {}): Promise<void> {
    if (this.closed) throw new OverloadedError('Vigil is shutting down and accepts no more writes here; send again shortly.', 1);
    if (this.usedBytes >= this.maxPendingBytes) throw this.overloaded();
    const encoded = encodeCheckResults(results);
    if (encoded.rows === 0) return Promise.resolve();
    return this.lanes[options.background === true ? 'backgroundChecks' : 'checks'].enqueue(encoded);
  }

  /** Stops accepting, writes everything queued, and resolves when the last round has settled. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(Object.values(this.lanes).map((lane) => lane.drain()));
  }

  private overloaded(): OverloadedError {
    const used = this.usedBytes;
    const seconds = this.drainRate > 0 ? Math.ceil(used / this.drainRate) : 1;
    const retryAfter = Math.min(60, Math.max(1, seconds));
    return new OverloadedError(
      `The write queue is full (${Math.round(used / MiB)} MiB of ${Math.round(this.maxPendingBytes / MiB)} MiB waiting to be stored); retry after ${retryAfter} s.`,
      retryAfter,
    );
  }

  private recordRound(kind: InsertRound['kind'], { bytes, rows, ms, ok, requests, waitsMs }: SettledRound): void {
    this.onRound({ kind, rows, bytes, seconds: ms / 1000, ok, waitSeconds: waitsMs.map((wait) => wait / 1000) });
    this.counters.rounds++;
    if (!ok) {
      this.counters.failedRounds++;
      return;
    }
    this.counters.committed += requests;
    const rate = bytes / (Math.max(ms, 1) / 1000);
    this.drainRate = this.drainRate === 0 ? rate : 0.8 * this.drainRate + 0.2 * rate;
  }
}

interface SettledRound {
  bytes: number;
  rows: number;
  ms: number;
  ok: boolean;
  requests: number;
  waitsMs: number[];
}

/**
 * When a lane's next round may start: `gapMs` after the previous round started, or as soon as
 * `minRows` rows wait. What arrives meanwhile joins that round.
 */
interface RoundShape {
  gapMs: number;
  minRows: number;
}

/**
 * One kind's queue: at most one round in flight. A finished round starts the next with
 * everything waiting, at once if the previous one started `gapMs` ago or `minRows` rows wait,
 * else when either becomes true: a request waits for at most the round in flight or the gap.
 */
class Lane<B extends LaneBatch> {
  private queue: Pending<B>[] = [];
  queuedBytes = 0;
  private queuedRows = 0;
  inFlightBytes = 0;
  private flushing = false;
  private scheduled = false;
  private idleWaiters: (() => void)[] = [];
  private lastRoundAt = -Infinity;
  private closing = false;
  /** Ends the wait for the gap early (enough rows, or closing). */
  private gathered: (() => void) | undefined;

  constructor(
    private readonly write: (batches: B[]) => Promise<void>,
    private readonly limits: { maxRows: number; maxBytes: number },
    private readonly settled: (round: SettledRound) => void,
    private readonly shape: RoundShape = { gapMs: 0, minRows: 0 },
  ) {}

  enqueue(batch: B): Promise<void> {
    const queuedAt = performance.now();
    const promise = new Promise<void>((resolve, reject) => this.queue.push({ batch, queuedAt, resolve, reject }));
    this.queuedBytes += batch.bytes;
    this.queuedRows += batch.rows;
    if (this.queuedRows >= this.shape.minRows) this.gathered?.();
    if (!this.flushing && !this.scheduled) {
      // One event-loop turn, so the requests whose bodies arrived together share the first round.
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        void this.flush();
      });
    }
    return promise;
  }

  /** Resolves when nothing is queued or in flight; the gap is not waited for (closing). */
  drain(): Promise<void> {
    this.closing = true;
    this.gathered?.();
    if (!this.flushing && !this.scheduled && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Waits until the gap since the last round's start has passed or enough rows wait. */
  private async gather(): Promise<void> {
    const wait = this.lastRoundAt + this.shape.gapMs - performance.now();
    if (wait <= 0 || this.closing || this.queuedRows >= this.shape.minRows) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, wait);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.gathered = done;
    });
    this.gathered = undefined;
  }

  private take(): Pending<B>[] {
    let rows = 0;
    let bytes = 0;
    let count = 0;
    for (const pending of this.queue) {
      if (count > 0 && (rows + pending.batch.rows > this.limits.maxRows || bytes + pending.batch.bytes > this.limits.maxBytes)) break;
      rows += pending.batch.rows;
      bytes += pending.batch.bytes;
      count++;
    }
    return this.queue.splice(0, count);
  }

  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    while (this.queue.length > 0) {
      await this.gather();
      this.lastRoundAt = performance.now();
      const round = this.take();
      const bytes = round.reduce((sum, pending) => sum + pending.batch.bytes, 0);
      const rows = round.reduce((sum, pending) => sum + pending.batch.rows, 0);
      this.queuedBytes -= bytes;
      this.queuedRows -= rows;
      this.inFlightBytes += bytes;
      const started = performance.now();
      const waitsMs = round.map((pending) => started - pending.queuedAt);
      try {
        await this.write(round.map((pending) => pending.batch));
        this.settled({ bytes, rows, ms: performance.now() - started, ok: true, requests: round.length, waitsMs });
        for (const pending of round) pending.resolve();
      } catch (error) {
        this.settled({ bytes, rows, ms: performance.now() - started, ok: false, requests: round.length, waitsMs });
        for (const pending of round) pending.reject(error);
      } finally {
        this.inFlightBytes -= bytes;
      }
    }
    this.flushing = false;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
