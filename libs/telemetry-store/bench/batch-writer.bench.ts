/**
 * The batch writers on embedded chDB: encode (JS, TabSeparated from the decoded batch) and
 * insert (engine, including the rollup views) timed apart, for
 *   - metrics: 10,000 series × 1 sample and 10,000 series × 10 samples per batch,
 *     with series rows (first batch, cold cache) and without (warm cache, the steady state);
 *   - logs: 10,000 records with attributes and resource.
 * Arguments: [rounds] (default 5; the best round is reported).
 * Run: node libs/telemetry-store/bench/run.mjs libs/telemetry-store/bench/batch-writer.bench.ts
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { makeLogBatch, makeLogRecord, makeWideMetricBatch } from '../src/batch.fixtures';
import { encodeLogBatch } from '../src/logs/log-batch.encoder';
import { MetricBatchEncoder } from '../src/metrics/metric-batch.encoder';
import { SeriesCache } from '../src/metrics/series-cache';
import { migrateTelemetryStore } from '../src/migrations/migration-runner';
import { seriesFingerprint } from '../src/series-fingerprint';
import { createTelemetryStore } from '../src/telemetry-store';
import { type EncodedBatch, writeEncodedBatches } from '../src/writer/encoded-batch';

const PROJECT = '00000000-0000-4000-8000-000000000001';
const HOUR = 3_600_000;

function report(label: string, rows: number, encodeMs: number, insertMs: number): void {
  const rate = (ms: number) => `${Math.round(rows / (ms / 1000)).toLocaleString('en-US')} rows/s`;
  console.log(
    `${label.padEnd(44)} rows ${String(rows).padStart(7)}  encode ${encodeMs.toFixed(1).padStart(6)} ms (${rate(encodeMs)})  ` +
      `insert ${insertMs.toFixed(1).padStart(6)} ms (${rate(insertMs)})  end to end ${rate(encodeMs + insertMs)}`,
  );
}

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 5);
  const dataDir = await mkdtemp(join(tmpdir(), 'vigil-bench-batch-'));
  const store = await createTelemetryStore({ database: 'bench', dataDir });
  await migrateTelemetryStore(store);
  const start = Math.floor(Date.now() / HOUR) * HOUR - HOUR;
  const noViews = await createTelemetryStore({ database: 'bench_no_views', dataDir });
  await migrateTelemetryStore(noViews);
  await noViews.client.command({ query: 'DROP VIEW bench_no_views.metric_rollup_hourly_mv' });

  // Fingerprint cost alone, per series (it is paid once per series and batch).
  const probe = makeWideMetricBatch('http_server_request_duration_seconds_bucket', 10_000, 1, start);
  let fingerprintMs = Infinity;
  for (let round = 0; round < rounds; round++) {
    const began = performance.now();
    for (const series of probe.series) seriesFingerprint(series.name, series.labels);
    fingerprintMs = Math.min(fingerprintMs, performance.now() - began);
  }
  console.log(`seriesFingerprint: ${((fingerprintMs * 1000) / probe.series.length).toFixed(2)} µs per series (10,000 series, ${fingerprintMs.toFixed(1)} ms)`);

  /** `prepare` builds the decoded batch (untimed) and returns the encode step (timed). */
  async function measure(label: string, prepare: (round: number) => () => EncodedBatch, writer = store.writer): Promise<void> {
    let best = { encode: Infinity, insert: Infinity, rows: 0 };
    for (let round = 0; round < rounds; round++) {
      const encode = prepare(round);
      const began = performance.now();
      const encoded = encode();
      const encodedAt = performance.now();
      await writeEncodedBatches(writer, [encoded]);
      const done = performance.now();
      if (encodedAt - began + (done - encodedAt) < best.encode + best.insert) best = { encode: encodedAt - began, insert: done - encodedAt, rows: encoded.items };
    }
    report(label, best.rows, best.encode, best.insert);
  }

  for (const perSeries of [1, 10]) {
    // Cold: a fresh cache and fresh series each round, so series rows are written too.
    await measure(`metrics 10,000 series × ${perSeries}, new series`, (round) => {
      const batch = makeWideMetricBatch(`cold_${perSeries}_${round}`, 10_000, perSeries, start);
      return () => new MetricBatchEncoder({ seriesCache: new SeriesCache() }).encode(PROJECT, batch, 30);
    });
    // Warm: the series are known (the steady state); fingerprints are cached per descriptor, so
    // use fresh descriptors each round to pay for hashing as a decoder's output would.
    const encoder = new MetricBatchEncoder();
    const first = encoder.encode(PROJECT, makeWideMetricBatch(`warm_${perSeries}`, 10_000, perSeries, start), 30);
    await writeEncodedBatches(store.writer, [first]);
    const warm = (round: number) => {
      const batch = makeWideMetricBatch(`warm_${perSeries}`, 10_000, perSeries, start + (round + 1) * 60_000);
      return () => encoder.encode(PROJECT, batch, 30);
    };
    await measure(`metrics 10,000 series × ${perSeries}, known series`, warm);
    // The same without the rollup views, to show what they cost per insert.
    await measure(`  the same without rollup views`, warm, noViews.writer);
  }

  const records = Array.from({ length: 10_000 }, (_, index) =>
    makeLogRecord({
      timestampMs: start + index,
      observedTimestampMs: start + index + 3,
      severityNumber: index % 10 === 0 ? 17 : 9,
      severityText: index % 10 === 0 ? 'ERROR' : 'INFO',
      body: `GET /api/v1/orders/${index} completed with status ${200 + (index % 5)} in ${index % 997} ms for user u${index % 1000}`,
      attributes: { 'http.method': 'GET', 'http.route': '/api/v1/orders/{id}', 'http.status_code': String(200 + (index % 5)), 'user.id': `u${index % 1000}` },
      resource: { 'service.name': 'checkout', 'service.version': '1.4.2', 'host.name': `pod-${index % 7}` },
      traceId: index.toString(16).padStart(32, '0'),
      spanId: index.toString(16).padStart(16, '0'),
    }),
  );
  await measure('logs 10,000 records with attributes', () => () => encodeLogBatch(PROJECT, makeLogBatch(records), 30));

  await noViews.close();
  await store.close();
  await rm(dataDir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
