/**
 * Insert rounds of late samples (an hour the rollup has closed, as Prometheus replaying its WAL
 * or bench/ingest started between hh:04 and hh:30 sends) on embedded chDB, through the
 * GroupCommitWriter as ingest uses it, two ways interleaved round by round:
 *   - "every round": a writer that remembers no mark (reuse 0), as before: each round also
 *     inserts the hour's stale mark;
 *   - "remembered": the default memory (writer/stale-hour-marks.ts): the mark once per 45 s.
 * Prints engine inserts per round, round times (median, p90, mean), the process's CPU per round
 * (chDB's threads included) and the mark inserts' own time. Arguments: [rounds per way] (default 30) [series] (default 10,000; 2 samples each).
 * Run: node libs/telemetry-store/bench/run.mjs libs/telemetry-store/bench/stale-marks.bench.ts
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { makeWideMetricBatch } from '../src/batch.fixtures';
import { migrateTelemetryStore } from '../src/migrations/migration-runner';
import { setWatermarkSql } from '../src/rollup/metric-rollup.sql';
import { HOUR_MS, hourOf } from '../src/rollup/rollup-hours';
import { compile, qualifiedTable } from '../src/sql-template';
import { createTelemetryStore } from '../src/telemetry-store';
import type { ColumnarRows } from '../src/writer/batch-columns';
import { GroupCommitWriter } from '../src/writer/group-commit.writer';
import type { ColumnSpec, Row } from '../src/writer/row-encoding';
import type { TelemetryWriter } from '../src/writer/telemetry-writer';

/** Counts a writer's inserts and times the stale-mark ones. */
class CountingWriter implements TelemetryWriter {
  inserts = 0;
  markMs: number[] = [];
  constructor(private readonly inner: TelemetryWriter) {}
  get transport() {
    return this.inner.transport;
  }
  async insert(table: string, columns: readonly ColumnSpec[], rows: readonly Row[]): Promise<void> {
    this.inserts++;
    const began = performance.now();
    await this.inner.insert(table, columns, rows);
    if (table === 'metric_rollup_stale') this.markMs.push(performance.now() - began);
  }
  insertColumns(rows: ColumnarRows): Promise<void> {
    this.inserts++;
    return this.inner.insertColumns(rows);
  }
}

interface Way {
  label: string;
  project: string;
  counting: CountingWriter;
  writer: GroupCommitWriter;
  roundMs: number[];
  /** Process CPU (JS and chDB's threads: the engine runs in this process) over the way's rounds, ms. */
  cpuMs: number;
  inserts: number;
}

const quantile = (values: readonly number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
};
const mean = (values: readonly number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 30);
  const seriesCount = Number(process.argv[3] ?? 10_000);
  const dataDir = await mkdtemp(join(tmpdir(), 'vigil-bench-stale-'));
  const store = await createTelemetryStore({ database: 'bench', dataDir });
  try {
    await migrateTelemetryStore(store);
    // Every hour before the current one is rolled up: samples of the last hour are late.
    const currentHour = hourOf(Date.now());
    const table = (name: string) => qualifiedTable('bench', name);
    const tables = { samples: table('metric_samples'), rollup: table('metric_rollup_hourly'), watermark: table('metric_rollup_watermark'), stale: table('metric_rollup_stale') };
    await store.client.command(compile(setWatermarkSql(tables, currentHour)));
    const lateStart = currentHour - HOUR_MS + 10 * 60_000;
    const way = (label: string, project: string, staleMarks: { reuseMs?: number }): Way => {
      const counting = new CountingWriter(store.writer);
      return { label, project, counting, writer: new GroupCommitWriter(counting, { staleMarks }), roundMs: [], cpuMs: 0, inserts: 0 };
    };
    const ways = [way('every round (before)', '00000000-0000-4000-8000-0000000000e1', { reuseMs: 0 }), way('remembered (after)', '00000000-0000-4000-8000-0000000000e2', {})];
    // Warm-up round, untimed: series and metadata rows, and the first mark.
    for (const { writer, project } of ways) await writer.submit(project, makeWideMetricBatch('late_total', seriesCount, 2, lateStart), 30);
    for (let round = 1; round <= rounds; round++) {
      for (const entry of round % 2 === 0 ? ways : [...ways].reverse()) {
        const batch = makeWideMetricBatch('late_total', seriesCount, 2, lateStart + round * 20_000);
        const insertsBefore = entry.counting.inserts;
        const cpu = process.cpuUsage();
        const began = performance.now();
        await entry.writer.submit(entry.project, batch, 30);
        entry.roundMs.push(performance.now() - began);
        const spent = process.cpuUsage(cpu);
        entry.cpuMs += (spent.user + spent.system) / 1000;
        entry.inserts += entry.counting.inserts - insertsBefore;
      }
    }
    console.log(`late samples: ${rounds} rounds a way of ${seriesCount.toLocaleString('en-US')} series × 2 samples, an hour the rollup has closed`);
    for (const entry of ways) {
      const marks = entry.counting.markMs;
      console.log(
        `${entry.label.padEnd(22)} inserts/round ${(entry.inserts / rounds).toFixed(2)}  round median ${quantile(entry.roundMs, 0.5).toFixed(1)} ms  p90 ${quantile(entry.roundMs, 0.9).toFixed(1)} ms  mean ${mean(entry.roundMs).toFixed(1)} ms  CPU ${(entry.cpuMs / rounds).toFixed(1)} ms/round` +
          `  (mark inserts ${marks.length}, median ${marks.length > 0 ? quantile(marks, 0.5).toFixed(1) : '-'} ms)`,
      );
    }
    for (const { writer } of ways) await writer.close();
  } finally {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
