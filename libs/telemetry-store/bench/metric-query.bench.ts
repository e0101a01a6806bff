// Query timings of the metric engine on chDB (2 cores). Run:
//   node libs/telemetry-store/bench/run.mjs libs/telemetry-store/bench/metric-query.bench.ts [rounds]
// Data: 1,000 counter series × 1 day and 100 series × 30 days of 1-minute samples, and one
// service's OTel HTTP histogram (10 bounds × 2 statuses) over 7 days. bench/query measures the
// API end to end; this isolates the store.
import type { MetricBatch, SeriesDescriptor } from '@vigil/ingest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTelemetryStore, MetricQueryRepository, migrateTelemetryStore, ServiceSignalsRepository, TelemetryBatchWriter } from '../src';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const PROJECT = '00000000-0000-4000-8000-0000000000b1';

async function write(writer: TelemetryBatchWriter, series: SeriesDescriptor[], from: number, minutes: number, value: (series: number, minute: number) => number): Promise<void> {
  const chunkMinutes = Math.max(1, Math.floor(500_000 / series.length));
  for (let start = 0; start < minutes; start += chunkMinutes) {
    const end = Math.min(minutes, start + chunkMinutes);
    const count = (end - start) * series.length;
    const batch: MetricBatch = {
      series,
      sampleSeries: new Uint32Array(count),
      sampleTimestamps: new Float64Array(count),
      sampleValues: new Float64Array(count),
      sampleCount: count,
      metadata: [],
      rejected: { count: 0, reasons: [] },
    };
    let out = 0;
    for (let s = 0; s < series.length; s++) {
      for (let m = start; m < end; m++) {
        batch.sampleSeries[out] = s;
        batch.sampleTimestamps[out] = from + m * MINUTE + (s % 60) * 1000;
        batch.sampleValues[out] = value(s, m);
        out++;
      }
    }
    await writer.writeMetricBatch(PROJECT, batch, 400);
  }
}

async function time(label: string, rounds: number, run: () => Promise<unknown>): Promise<void> {
  const times: number[] = [];
  let result: unknown;
  for (let i = 0; i < rounds; i++) {
    const began = performance.now();
    result = await run();
    times.push(performance.now() - began);
  }
  times.sort((a, b) => a - b);
  const p95 = times[Math.min(times.length - 1, Math.ceil(times.length * 0.95) - 1)] ?? 0;
  console.log(`${label.padEnd(58)} median ${(times[Math.floor(times.length / 2)] ?? 0).toFixed(1).padStart(7)} ms  p95 ${p95.toFixed(1).padStart(7)} ms  ${JSON.stringify(result).slice(0, 60)}`);
}

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 10);
  const dataDir = await mkdtemp(join(tmpdir(), 'vigil-bench-query-'));
  const store = await createTelemetryStore({ database: 'bench_query', dataDir });
  try {
    await migrateTelemetryStore(store);
    const writer = new TelemetryBatchWriter(store.writer);
    const now = Math.floor(Date.now() / HOUR) * HOUR;
    const began = performance.now();
    const wide = Array.from({ length: 1000 }, (_, i) => ({ name: 'requests_total', labels: { service: `svc-${i % 10}`, pod: `pod-${i}` } }));
    await write(writer, wide, now - DAY, 24 * 60, (s, m) => m * (1 + (s % 7)));
    const long = Array.from({ length: 100 }, (_, i) => ({ name: 'long_total', labels: { service: `svc-${i % 10}`, pod: `pod-${i}` } }));
    await write(writer, long, now - 30 * DAY, 30 * 24 * 60, (s, m) => m * (1 + (s % 5)));
    const bounds = ['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '+Inf'];
    const histogram = ['200', '500'].flatMap((code) => [
      ...bounds.map((le) => ({ name: 'http_server_request_duration_seconds_bucket', labels: { service: 'checkout', http_response_status_code: code, le } })),
      { name: 'http_server_request_duration_seconds_count', labels: { service: 'checkout', http_response_status_code: code } },
    ]);
    await write(writer, histogram, now - 7 * DAY, 7 * 24 * 60, (s, m) => m * (1 + (s % 11)) * (s >= 11 ? 0.1 : 1));
    console.log(`loaded in ${((performance.now() - began) / 1000).toFixed(1)} s`);

    const engine = new MetricQueryRepository(store);
    const signals = new ServiceSignalsRepository(store);
    const base = { matchers: [], over: 'avg' as const, agg: 'none' as const, by: [] as string[] };
    const to = now - 1;
    const pods100 = [{ label: 'pod', op: '=~' as const, value: 'pod-[0-9]?[0-9]' }];
    const count = (r: { series: { points: unknown[] }[] }) => ({ series: r.series.length, points: r.series.reduce((n, s) => n + s.points.length, 0) });
    await time('24 h, 100 series, 1 m step, rate', rounds, async () => count(await engine.query(PROJECT, { ...base, name: 'requests_total', matchers: pods100, from: now - DAY, to, step: MINUTE, fn: 'rate' })));
    await time('24 h, 100 series, 1 m step, avg', rounds, async () => count(await engine.query(PROJECT, { ...base, name: 'requests_total', matchers: pods100, from: now - DAY, to, step: MINUTE, fn: 'raw' })));
    await time('24 h, 1000 series, 1 m step, rate sum by service', rounds, async () =>
      count(await engine.query(PROJECT, { ...base, name: 'requests_total', from: now - DAY, to, step: MINUTE, fn: 'rate', agg: 'sum', by: ['service'] })),
    );
    await time('30 d, 100 series, 1 h step, rate (rollup)', rounds, async () => count(await engine.query(PROJECT, { ...base, name: 'long_total', from: now - 30 * DAY, to, step: HOUR, fn: 'rate' })));
    await time('30 d, 100 series, 1 h step, rate (raw, for comparison)', Math.min(rounds, 3), async () =>
      count(await engine.query(PROJECT, { ...base, name: 'long_total', from: now - 30 * DAY, to, step: HOUR, fn: 'rate' }, { resolution: 'raw' })),
    );
    await time('7 d, one service, quantile 0.95 (default step)', rounds, async () =>
      count(await engine.query(PROJECT, { ...base, name: 'http_server_request_duration_seconds', from: now - 7 * DAY, to, fn: 'raw', quantile: 0.95 })),
    );
    await time('golden signals of one service, 7 d', rounds, async () => (await signals.serviceSignals(PROJECT, 'checkout', { from: now - 7 * DAY, to })).throughput.length);
    await time('services list, 7 d', rounds, async () => (await signals.listServices(PROJECT, { from: now - 7 * DAY, to })).services.length);
  } finally {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

void main();
