/**
 * Priority lanes under load, on embedded chDB. Latency of `evaluation`-lane queries (an alert's
 * metric query and a grouped log count, both over the last 5 minutes, one every 200 ms) and of
 * ingest inserts (500 log lines every 100 ms, `write` lane) while 8 interactive clients loop
 * heavy reads (24 h metric range queries, log searches, histogram and counts over 7 days):
 *   idle   evaluations and ingest alone;
 *   fifo   the same with the 8 clients, one queue in arrival order (as chDB's binding queued)
 *          and every log read one query (as before slicing);
 *   lanes  the same with priority lanes and sliced log reads.
 * Then the scheduler's own cost per operation. Answers are checked before anything is timed.
 * Arguments: [seconds per phase] (default 30) [log lines seeded over 7 days] (default 2,000,000).
 * Run: node libs/telemetry-store/bench/run.mjs libs/telemetry-store/bench/lanes.bench.ts
 */
import { parseLogAttributeFilter, parseLogSearchText, type LogAttributeFilter } from '@vigil/contracts';
import type { LogRecord } from '@vigil/ingest';
import { createChdbConnection } from 'chdb/connection';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { isDeepStrictEqual } from 'node:util';
import { makeLogBatch, makeLogRecord } from '../src/batch.fixtures';
import { runInLane } from '../src/lanes/lane-context';
import { LaneScheduler } from '../src/lanes/lane-scheduler';
import { LogRepository } from '../src/logs/log.repository';
import { MetricQueryRepository } from '../src/metrics/metric-query.repository';
import { migrateTelemetryStore } from '../src/migrations/migration-runner';
import { createTelemetryStore, type TelemetryStore } from '../src/telemetry-store';
import { TelemetryBatchWriter } from '../src/writer/telemetry-batch.writer';
import { seedMetrics } from './lanes.seed';

const PROJECT = '00000000-0000-4000-8000-0000000000b2';
const DATABASE = 'bench_lanes';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const CLIENTS = 8;

function logLine(index: number, timestampMs: number): LogRecord {
  const service = `svc-${index % 10}`;
  const error = index % 20 === 0;
  const body =
    index % 100 === 0
      ? `payment declined for order ${index} card ${index % 977}`
      : index % 997 === 0
        ? `Zahlung über Grenze für Kunde ${index}`
        : error
          ? `error calling db: timeout after ${index % 5000} ms`
          : `GET /api/orders/${index % 100_000} 200 in ${index % 400}ms`;
  return makeLogRecord({
    timestampMs,
    observedTimestampMs: timestampMs,
    service,
    severityNumber: error ? 17 : index % 7 === 0 ? 13 : 9,
    severityText: error ? 'ERROR' : index % 7 === 0 ? 'WARN' : 'INFO',
    body,
    attributes: { 'http.route': `/api/r${index % 20}`, region: ['eu', 'us', 'ap'][index % 3] as string, customer: `c${index % 5000}` },
    resource: { 'service.name': service },
  });
}

const percentile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * q) - 1))] ?? NaN;
function summary(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const f = (ms: number) => (Number.isNaN(ms) ? '–' : ms.toFixed(0));
  return `${f(percentile(sorted, 0.5))} / ${f(percentile(sorted, 0.95))} / ${f(sorted[sorted.length - 1] ?? NaN)} (n ${sorted.length})`;
}

interface Phase {
  name: string;
  evaluations: number[];
  inserts: number[];
  interactive: number[];
  /** Engine operations that ran longer than 250 ms, and the longest (ms). */
  longRuns: number;
  longestRunBucket: string;
  eventLoopDelayP99: number;
}

/** Loops `work` until `deadline`, recording each run's latency (ms); `pauseMs` between starts at most. */
async function loop(deadline: number, samples: number[], pauseMs: number, work: (round: number) => Promise<unknown>): Promise<void> {
  for (let round = 0; performance.now() < deadline; round++) {
    const began = performance.now();
    await work(round);
    const took = performance.now() - began;
    samples.push(took);
    if (pauseMs > took) await new Promise((resolve) => setTimeout(resolve, pauseMs - took));
  }
}

const base = { matchers: [], over: 'avg' as const, agg: 'none' as const, by: [] as string[] };

/** The interactive clients' reads, named. */
function interactiveReads(engine: MetricQueryRepository, logs: LogRepository, now: number): [string, () => Promise<unknown>][] {
  const week = { from: now - 7 * DAY, to: now };
  return [
    ['metrics 24 h, 100 series, 1 m, rate', () => engine.query(PROJECT, { ...base, name: 'requests_total', matchers: [{ label: 'pod', op: '=~', value: 'pod-[0-9]?[0-9]' }], from: now - DAY, to: now, step: MINUTE, fn: 'rate' })],
    ['logs 7 d, phrase "payment declined", page of 100', () => logs.page(PROJECT, { ...week, text: parseLogSearchText('"payment declined"'), limit: 100 })],
    ['metrics 24 h, 1000 series, 5 m, rate sum by service', () => engine.query(PROJECT, { ...base, name: 'requests_total', from: now - DAY, to: now, step: 5 * MINUTE, fn: 'rate', agg: 'sum', by: ['service'] })],
    ['logs 7 d, histogram', () => logs.histogram(PROJECT, week)],
    ['logs 7 d, non-ASCII word über, page of 100', () => logs.page(PROJECT, { ...week, text: parseLogSearchText('über'), limit: 100 })],
    ['logs 7 d, count attr region=eu', () => logs.count(PROJECT, { ...week, attributes: [parseLogAttributeFilter('region=eu') as LogAttributeFilter] })],
    ['logs 7 d, newest page of 100', () => logs.page(PROJECT, { ...week, limit: 100 })],
  ];
}

async function runPhase(name: string, store: TelemetryStore, logs: LogRepository, clients: number, seconds: number, now: number): Promise<Phase> {
  const phase: Phase = { name, evaluations: [], inserts: [], interactive: [], longRuns: 0, longestRunBucket: '', eventLoopDelayP99: 0 };
  const runsBefore = store.lanes.stats();
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const engine = new MetricQueryRepository(store);
  const writer = new TelemetryBatchWriter(store.writer);
  const reads = interactiveReads(engine, logs, now).map(([, read]) => read);
  const deadline = performance.now() + seconds * 1000;
  let line = 10_000_000;
  await Promise.all([
    ...Array.from({ length: clients }, (_, client) => loop(deadline, phase.interactive, 0, (round) => (reads[(client + round) % reads.length] as () => Promise<unknown>)())),
    loop(deadline, phase.evaluations, 200, (round) =>
      runInLane('evaluation', () => {
        const at = Date.now();
        return round % 2 === 0
          ? engine.query(PROJECT, { ...base, name: 'requests_total', from: at - 5 * MINUTE, to: at, step: MINUTE, fn: 'rate', agg: 'sum', by: ['service'] })
          : logs.countByGroup(PROJECT, { from: at - 5 * MINUTE, to: at, text: parseLogSearchText('timeout'), severities: ['error'], groupBy: 'service', evidence: 5 });
      }),
    ),
    loop(deadline, phase.inserts, 100, () => {
      const at = Date.now();
      return writer.writeLogBatch(PROJECT, makeLogBatch(Array.from({ length: 500 }, (_, index) => logLine(line++, at - index))), 30);
    }),
  ]);
  delay.disable();
  phase.eventLoopDelayP99 = delay.percentile(99) / 1e6;
  const runsAfter = store.lanes.stats();
  for (const lane of ['write', 'evaluation', 'interactive', 'background'] as const) {
    const counts = runsAfter[lane].run.counts.map((count, index) => count - (runsBefore[lane].run.counts[index] ?? 0));
    const bounds = runsAfter[lane].run.boundsMs;
    counts.forEach((count, index) => {
      if (count === 0) return;
      if (index >= 7) phase.longRuns += count;
      const label = index < bounds.length ? `≤ ${bounds[index]} ms` : `> ${bounds[bounds.length - 1]} ms`;
      if (index >= 7) phase.longestRunBucket = `${lane} ${label}`;
    });
  }
  return phase;
}

/** The scheduler's own cost: no-op operations, then small inserts through the writer vs. chDB directly. */
async function overhead(store: TelemetryStore, dataDir: string): Promise<string[]> {
  const out: string[] = [];
  const scheduler = new LaneScheduler({ maxInFlight: 1 });
  const noop = () => Promise.resolve();
  const operations = 200_000;
  let direct = Infinity;
  let scheduled = Infinity;
  for (let round = 0; round < 5; round++) {
    let began = performance.now();
    for (let index = 0; index < operations; index++) await noop();
    direct = Math.min(direct, performance.now() - began);
    began = performance.now();
    for (let index = 0; index < operations; index++) await runInLane('write', () => scheduler.runHere(noop));
    scheduled = Math.min(scheduled, performance.now() - began);
  }
  out.push(`scheduler, no-op operation: ${(((scheduled - direct) / operations) * 1000).toFixed(2)} µs per operation (runInLane + runHere + stats; best of 5 × ${operations.toLocaleString('en-US')})`);

  const connection = createChdbConnection({ path: join(dataDir, 'clickhouse') });
  const payload = Buffer.from('1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n');
  const TEN_ROWS = Array.from({ length: 10 }, (_, index) => [String(index + 1)]);
  await store.client.command({ query: `CREATE TABLE IF NOT EXISTS ${DATABASE}.overhead (n UInt64) ENGINE = MergeTree ORDER BY n` });
  const inserts = 500;
  const times = { direct: [] as number[], scheduled: [] as number[] };
  for (let round = 0; round < 5; round++) {
    let began = performance.now();
    for (let index = 0; index < inserts; index++) await connection.chdb.rawInsert({ table: `${DATABASE}.overhead`, columns: ['n'], values: payload, format: 'TabSeparated' });
    times.direct.push((performance.now() - began) / inserts);
    began = performance.now();
    for (let index = 0; index < inserts; index++) await store.writer.insert('overhead', [{ name: 'n', kind: 'UInt64' }], TEN_ROWS);
    times.scheduled.push((performance.now() - began) / inserts);
  }
  await connection.close();
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
  out.push(`10-row insert, sequential: chDB rawInsert directly ${median(times.direct).toFixed(3)} ms, through the write lane ${median(times.scheduled).toFixed(3)} ms (median of 5 × ${inserts})`);
  return out;
}

async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 30);
  const lines = Number(process.argv[3] ?? 2_000_000);
  const dataDir = await mkdtemp(join(tmpdir(), 'vigil-bench-lanes-'));
  const store = await createTelemetryStore({ database: DATABASE, dataDir });
  try {
    await migrateTelemetryStore(store);
    const now = Math.floor(Date.now() / MINUTE) * MINUTE;
    const began = performance.now();
    const writer = new TelemetryBatchWriter(store.writer);
    for (let start = 0; start < lines; start += 100_000) {
      const batch = Array.from({ length: Math.min(100_000, lines - start) }, (_, offset) => logLine(start + offset, now - 7 * DAY + Math.floor(((start + offset) * 7 * DAY) / lines)));
      await writer.writeLogBatch(PROJECT, makeLogBatch(batch), 30);
    }
    await seedMetrics(writer, PROJECT, now);
    console.log(`seeded ${lines.toLocaleString('en-US')} log lines over 7 days and 1,000 series × 24 h in ${((performance.now() - began) / 1000).toFixed(1)} s`);

    // Check the answers before timing: sliced and one-query reads agree.
    const sliced = new LogRepository(store);
    const whole = new LogRepository(store, { slicing: false });
    const week = { from: now - 7 * DAY, to: now };
    for (const q of ['"payment declined"', 'über']) {
      const [a, b] = await Promise.all([sliced.page(PROJECT, { ...week, text: parseLogSearchText(q), limit: 100 }), whole.page(PROJECT, { ...week, text: parseLogSearchText(q), limit: 100 })]);
      if (!isDeepStrictEqual(a, b) || a.records.length === 0) throw new Error(`sliced and whole pages differ for ${q}`);
    }
    const [h1, h2] = [await sliced.histogram(PROJECT, week), await whole.histogram(PROJECT, week)];
    // Key order within bySeverity follows ClickHouse's GROUP BY output, so compare values.
    if (!isDeepStrictEqual(h1, h2)) throw new Error('sliced and whole histograms differ');
    console.log('checked: sliced and one-query pages and histograms give the same answers');
    // Each interactive read alone (median of 3), sliced and as one query.
    const engine = new MetricQueryRepository(store);
    const alone = (logs: LogRepository) => interactiveReads(engine, logs, now);
    const [slicedReads, wholeReads] = [alone(sliced), alone(whole)];
    for (let index = 0; index < slicedReads.length; index++) {
      const [label, read] = slicedReads[index] as [string, () => Promise<unknown>];
      const times = { sliced: [] as number[], whole: [] as number[] };
      for (let round = 0; round < 3; round++) {
        for (const [kind, run] of [['sliced', read], ['whole', (wholeReads[index] as [string, () => Promise<unknown>])[1]]] as const) {
          const at = performance.now();
          await run();
          times[kind].push(performance.now() - at);
        }
      }
      const median = (values: number[]) => ([...values].sort((a, b) => a - b)[1] as number).toFixed(0);
      console.log(`alone: ${label.padEnd(52)} ${median(times.sliced).padStart(5)} ms sliced, ${median(times.whole).padStart(5)} ms as one query`);
    }

    const phases: Phase[] = [];
    phases.push(await runPhase('idle (no interactive load), lanes', store, sliced, 0, Math.min(seconds, 15), now));
    const fifo = await createTelemetryStore({ database: DATABASE, dataDir, lanes: { priority: false } });
    phases.push(await runPhase(`${CLIENTS} interactive clients, fifo, unsliced`, fifo, new LogRepository(fifo, { slicing: false }), CLIENTS, seconds, now));
    await fifo.close();
    phases.push(await runPhase(`${CLIENTS} interactive clients, lanes + slices`, store, sliced, CLIENTS, seconds, now));
    const stats = store.lanes.stats();

    console.log(`\nlatency in ms, p50 / p95 / max (n), ${seconds} s per phase`);
    console.log('| phase | evaluation query | ingest insert (500 lines) | interactive read | engine operations > 250 ms (longest) | event-loop delay p99 |');
    console.log('| --- | --- | --- | --- | --- | --- |');
    for (const phase of phases) {
      const long = `${phase.longRuns}${phase.longRuns > 0 ? ` (${phase.longestRunBucket})` : ''}`;
      console.log(`| ${phase.name} | ${summary(phase.evaluations)} | ${summary(phase.inserts)} | ${summary(phase.interactive)} | ${long} | ${phase.eventLoopDelayP99.toFixed(0)} ms |`);
    }
    const waits = (lane: keyof typeof stats) => `${lane}: ${stats[lane].completed} ops, mean wait ${(stats[lane].wait.sumMs / Math.max(1, stats[lane].wait.count)).toFixed(1)} ms, mean run ${(stats[lane].run.sumMs / Math.max(1, stats[lane].run.count)).toFixed(1)} ms, promoted ${stats[lane].promoted}`;
    console.log(`\nlane stats after all phases (store with lanes): ${(['write', 'evaluation', 'interactive'] as const).map(waits).join('; ')}`);
    for (const line of await overhead(store, dataDir)) console.log(line);
  } finally {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

void main();
