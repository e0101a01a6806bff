import type { Rejection, RefusalReason } from '@vigil/ingest';
import { type GroupCommitStats, type InsertRound, OverloadedError } from '@vigil/telemetry-store';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Where items came in: OTLP/HTTP (protobuf or JSON), Prometheus remote_write, Vigil JSON, or Vigil's own metrics. */
export type IngestProtocol = 'otlp' | 'remote_write' | 'vigil_json' | 'self';
export type IngestSignal = 'metrics' | 'logs';
/** A limit's refusal, or a write that failed: the queue was full (503), or the insert failed. */
export type IngestRefusal = RefusalReason | 'overloaded' | 'write_failed';

/** The protocol and signal pairs that exist, counted from zero so a rate is defined from the first scrape. */
const STREAMS: readonly [IngestProtocol, IngestSignal][] = [
  ['otlp', 'metrics'],
  ['otlp', 'logs'],
  ['remote_write', 'metrics'],
  ['vigil_json', 'metrics'],
  ['vigil_json', 'logs'],
  ['self', 'metrics'],
];

const MiB = 1024 * 1024;

/** Why a write failed, as a refusal reason: a full queue, a value ClickHouse would refuse, or the insert itself. */
function failureReason(error: unknown): IngestRefusal {
  if (error instanceof OverloadedError) return 'overloaded';
  if (error instanceof RangeError) return 'invalid';
  return 'write_failed';
}

/**
 * Ingest: items (samples, log records) stored and refused per protocol and reason, bytes waiting
 * for ClickHouse, and the group commit's insert rounds (docs/operations.md).
 */
export class IngestMetrics {
  private readonly accepted: Counter<'protocol' | 'signal'>;
  private readonly refused: Counter<'protocol' | 'signal' | 'reason'>;
  private readonly roundDuration: Histogram<'signal'>;
  private readonly roundWait: Histogram<'signal'>;
  private readonly roundRows: Histogram<'signal'>;
  private readonly roundBytes: Histogram<'signal'>;
  private readonly roundFailures: Counter<'signal'>;
  private readonly maxPending: Gauge;
  private pending: (() => GroupCommitStats) | undefined;

  constructor(registry: Registry) {
    const registers = [registry];
    this.accepted = new Counter({
      name: 'vigil_ingest_items_accepted_total',
      help: 'Samples and log records stored, by protocol and signal.',
      labelNames: ['protocol', 'signal'] as const,
      registers,
    });
    for (const [protocol, signal] of STREAMS) this.accepted.inc({ protocol, signal }, 0);
    this.refused = new Counter({
      name: 'vigil_ingest_items_refused_total',
      help: 'Samples and log records not stored, by protocol, signal and reason (the limit that refused them, invalid, overloaded, write_failed).',
      labelNames: ['protocol', 'signal', 'reason'] as const,
      registers,
    });
    const pending = () => this.pending?.();
    new Gauge({
      name: 'vigil_ingest_pending_bytes',
      help: 'Encoded rows waiting for ClickHouse or being inserted; at INGEST_MAX_PENDING_BYTES ingest answers 503.',
      registers,
      collect() {
        const stats = pending();
        if (stats) this.set(stats.queuedBytes + stats.inFlightBytes);
      },
    });
    this.maxPending = new Gauge({ name: 'vigil_ingest_max_pending_bytes', help: 'INGEST_MAX_PENDING_BYTES: pending bytes at which ingest answers 503.', registers });
    this.roundDuration = new Histogram({
      name: 'vigil_ingest_insert_round_duration_seconds',
      help: 'Insert rounds of the group commit (every request waiting joins the next round), by signal.',
      labelNames: ['signal'] as const,
      // Finer from 50 to 500 ms: where a round's tail lies decides ingest's p99 near saturation.
      buckets: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.25, 0.35, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.roundWait = new Histogram({
      name: 'vigil_ingest_insert_wait_seconds',
      help: 'Per request, time from its rows being queued to the start of the insert round holding them, by signal.',
      labelNames: ['signal'] as const,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.25, 0.35, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.roundRows = new Histogram({
      name: 'vigil_ingest_insert_round_rows',
      help: 'Rows per insert round (samples or log records, plus new series and metadata rows), by signal.',
      labelNames: ['signal'] as const,
      buckets: [10, 100, 1_000, 10_000, 100_000, 1_000_000],
      registers,
    });
    this.roundBytes = new Histogram({
      name: 'vigil_ingest_insert_round_bytes',
      help: 'Encoded bytes per insert round, by signal.',
      labelNames: ['signal'] as const,
      buckets: [1024, 16 * 1024, 256 * 1024, MiB, 4 * MiB, 16 * MiB, 64 * MiB],
      registers,
    });
    this.roundFailures = new Counter({
      name: 'vigil_ingest_insert_round_failures_total',
      help: 'Insert rounds that failed (their requests got a 5xx and are sent again), by signal.',
      labelNames: ['signal'] as const,
      registers,
    });
    for (const signal of ['metrics', 'logs'] as const) this.roundFailures.inc({ signal }, 0);
  }

  /** Reads the group commit's queued and in-flight bytes at each scrape. */
  watchPending(stats: () => GroupCommitStats, maxPendingBytes: number): void {
    this.pending = stats;
    this.maxPending.set(maxPendingBytes);
  }

  observeRound(round: InsertRound): void {
    this.roundDuration.observe({ signal: round.kind }, round.seconds);
    for (const wait of round.waitSeconds) this.roundWait.observe({ signal: round.kind }, wait);
    this.roundRows.observe({ signal: round.kind }, round.rows);
    this.roundBytes.observe({ signal: round.kind }, round.bytes);
    if (!round.ok) this.roundFailures.inc({ signal: round.kind });
  }

  /**
   * Writes one request's `items` through `write` and counts them: stored when it resolves, refused
   * as overloaded or write_failed when it throws (then rethrows); the items the limits refused
   * (`rejected`) are counted either way.
   */
  async countWrite(protocol: IngestProtocol, signal: IngestSignal, items: number, rejected: Rejection, write: () => Promise<void>): Promise<void> {
    this.countRejection(protocol, signal, rejected);
    try {
      await write();
    } catch (error) {
      if (items > 0) this.refused.inc({ protocol, signal, reason: failureReason(error) }, items);
      throw error;
    }
    this.accepted.inc({ protocol, signal }, items);
  }

  private countRejection(protocol: IngestProtocol, signal: IngestSignal, rejected: Rejection): void {
    let counted = 0;
    for (const [reason, items = 0] of Object.entries(rejected.byReason ?? {})) {
      if (items <= 0) continue;
      this.refused.inc({ protocol, signal, reason }, items);
      counted += items;
    }
    if (rejected.count > counted) this.refused.inc({ protocol, signal, reason: 'invalid' }, rejected.count - counted);
  }
}
