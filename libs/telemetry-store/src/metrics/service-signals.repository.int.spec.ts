import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLogBatch, makeLogRecord } from '../batch.fixtures';
import { migrateTelemetryStore } from '../migrations/migration-runner';
import { createTelemetryStore, type TelemetryStore } from '../telemetry-store';
import { TelemetryBatchWriter } from '../writer/telemetry-batch.writer';
import { MetricRepository, type MetricSampleRecord } from './metric.repository';
import { ServiceSignalsRepository } from './service-signals.repository';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const T0 = Math.floor(Date.now() / HOUR) * HOUR - 2 * HOUR;
const PROJECT = '00000000-0000-4000-8000-000000000001';
let dataDir: string;
let store: TelemetryStore;
let signals: ServiceSignalsRepository;

const sample = (name: string, labels: Record<string, string>, timestampMs: number, value: number): MetricSampleRecord => ({ name, labels, value, timestampMs });

/**
 * A counter scraped every 15 s from 5 minutes before T0, growing linearly from `before` to
 * `after` during [T0, T0 + 1 min) and flat outside it: the first minute's windowed increase is
 * exactly after − before (Prometheus' extrapolation of a straight line), later ones are 0.
 */
function counter(name: string, labels: Record<string, string>, before: number, after: number): MetricSampleRecord[] {
  const out: MetricSampleRecord[] = [];
  for (let t = T0 - 5 * MINUTE + 5_000; t < T0 + 3 * MINUTE; t += 15_000) {
    out.push(sample(name, labels, t, before + (after - before) * (Math.min(Math.max(t - T0, 0), MINUTE) / MINUTE)));
  }
  return out;
}

/** A histogram's bucket and _count counters (see `counter`). */
function histogram(base: string, labels: Record<string, string>, bounds: string[], before: number[], after: number[]): MetricSampleRecord[] {
  return [
    ...bounds.flatMap((le, i) => counter(`${base}_bucket`, { ...labels, le }, before[i] ?? 0, after[i] ?? 0)),
    ...counter(`${base}_count`, labels, before.at(-1) ?? 0, after.at(-1) ?? 0),
  ];
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'vigil-signals-'));
  store = await createTelemetryStore({ database: 't_signals', dataDir });
  await migrateTelemetryStore(store);
  signals = new ServiceSignalsRepository(store);
  const bounds = ['0.1', '0.5', '1', '+Inf'];
  await new MetricRepository(store).writeSamples(PROJECT, [
    // checkout (OTel stable): 200s 20 → 0.1: 10, 0.5: 18, 1: 20; 500s: 20 more, all in (0.5, 1].
    ...histogram('http_server_request_duration_seconds', { service: 'checkout', http_response_status_code: '200' }, bounds, [0, 0, 0, 0], [10, 18, 20, 20]),
    ...histogram('http_server_request_duration_seconds', { service: 'checkout', http_response_status_code: '500' }, bounds, [0, 0, 0, 0], [0, 0, 20, 20]),
    // node (Prometheus, job label): requests counter with a code label, and a histogram.
    ...counter('http_requests_total', { job: 'node', code: '200' }, 100, 130),
    ...counter('http_requests_total', { job: 'node', code: '503' }, 0, 30),
    ...histogram('http_request_duration_seconds', { job: 'node' }, bounds, [0, 0, 0, 0], [60, 60, 60, 60]),
    // Not an HTTP metric: no service from it.
    sample('up', { service: 'batch' }, T0, 1),
  ]);
  await new TelemetryBatchWriter(store.writer).writeLogBatch(PROJECT, makeLogBatch([makeLogRecord({ service: 'mailer', timestampMs: T0 + 1000 })]), 30);
});

afterAll(async () => {
  await store?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('ServiceSignalsRepository', () => {
  it('lists every service with latency, throughput and error rate in one call, naming the convention', async () => {
    const result = await signals.listServices(PROJECT, { from: T0, to: T0 + MINUTE - 1, step: MINUTE });
    expect(result.throughputWindow).toBe(5 * MINUTE);
    expect(result.services.map((s) => [s.service, s.source])).toEqual([
      ['checkout', 'otel-http'],
      ['mailer', null],
      ['node', 'prometheus'],
    ]);
    const checkout = result.services[0];
    // 40 requests, buckets summed over status: 0.1: 10, 0.5: 18, 1: 40, +Inf: 40.
    // p50: rank 20 in (0.5, 1] holding 22 → 0.5 + 0.5 × 2/22; p95 rank 38 → 0.5 + 0.5 × 20/22.
    expect(checkout?.latency?.p50).toBeCloseTo((0.5 + (0.5 * 2) / 22) * 1000, 9);
    expect(checkout?.latency?.p95).toBeCloseTo((0.5 + (0.5 * 20) / 22) * 1000, 9);
    expect(checkout?.latency?.p99).toBeCloseTo((0.5 + (0.5 * 21.6) / 22) * 1000, 9);
    // Requests per second of the recent window (here the one step): 40 in the minute.
    expect(checkout?.throughput).toBeCloseTo(40 / 60, 9);
    expect(checkout?.errorRate).toBe(50);
    expect(checkout?.sparklines.throughput).toEqual([[T0, expect.closeTo(40 / 60, 12)]]);
    expect(checkout?.sparklines.errorRate).toEqual([[T0, 50]]);
    expect(checkout?.sparklines.latencyP95).toEqual([[T0, expect.closeTo((0.5 + (0.5 * 20) / 22) * 1000, 9)]]);
    const node = result.services[2];
    // http_requests_total wins over the histogram's _count: 60 requests, 30 of them 503.
    expect(node?.throughput).toBeCloseTo(60 / 60, 9);
    expect(node?.errorRate).toBe(50);
    // 60 observations all ≤ 0.1 s: p50 = 0.05 s.
    expect(node?.latency?.p50).toBeCloseTo(50, 9);
    expect(result.services[1]).toEqual({ service: 'mailer', source: null, latency: null, throughput: null, errorRate: null, sparklines: { latencyP95: [], throughput: [], errorRate: [] } });
  });

  it('reads every signal metric of both conventions in one query at a 1-hour step, with the same signals', async () => {
    // Whole hours from the rollup's source (here computed from the samples: nothing is rolled
    // up yet): buckets and requests of both conventions, four metrics, in one engine query.
    const result = await signals.listServices(PROJECT, { from: T0, to: T0 + HOUR, step: HOUR });
    const [checkout, , node] = result.services;
    expect(checkout?.source).toBe('otel-http');
    expect(checkout?.latency?.p95).toBeCloseTo((0.5 + (0.5 * 20) / 22) * 1000, 9);
    expect(checkout?.errorRate).toBe(50);
    expect(node?.source).toBe('prometheus');
    expect(node?.latency?.p50).toBeCloseTo(50, 9);
    expect(node?.errorRate).toBe(50);
    // One hour each, 40 and 60 requests in the same minute: each read with its own series.
    const [[checkoutT, checkoutRate] = [], ...moreCheckout] = checkout?.sparklines.throughput ?? [];
    const [[nodeT, nodeRate] = [], ...moreNode] = node?.sparklines.throughput ?? [];
    expect([checkoutT, nodeT, moreCheckout, moreNode]).toEqual([T0, T0, [], []]);
    expect(checkoutRate).toBeCloseTo(40 / 3600, 3);
    expect((nodeRate ?? 0) / (checkoutRate ?? 1)).toBeCloseTo(60 / 40, 12);
  });

  it("gives one service's signals per step", async () => {
    const result = await signals.serviceSignals(PROJECT, 'node', { from: T0, to: T0 + 2 * MINUTE - 1, step: MINUTE });
    expect(result).toMatchObject({ service: 'node', source: 'prometheus', step: MINUTE });
    expect(result.latency.p99).toEqual([[T0, expect.closeTo(99, 9)]]);
    // The second minute saw no requests: 0 req/s, no error rate, no latency.
    expect(result.throughput).toEqual([
      [T0, expect.closeTo(1, 9)],
      [T0 + MINUTE, 0],
    ]);
    expect(result.errorRate).toEqual([[T0, expect.closeTo(50, 9)]]);
    // A 3-minute-old burst: the range's latency, but nothing now.
    const later = await signals.listServices(PROJECT, { from: T0, to: T0 + 10 * MINUTE, step: MINUTE });
    expect(later.services.find((s) => s.service === 'node')).toMatchObject({ throughput: 0, errorRate: expect.closeTo(50, 9), latency: { p50: expect.closeTo(50, 9) } });
    const unknown = await signals.serviceSignals(PROJECT, "x'); DROP TABLE logs; --", { from: T0, to: T0 + MINUTE });
    expect(unknown).toMatchObject({ source: null, throughput: [], latency: { p50: [] } });
  });
});
