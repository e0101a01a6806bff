import { encodeMetricValue } from '@vigil/contracts';
import { maxWindowSteps, type MetricQuerySpec, planMetricQuery, stepCount, windowedSteps } from '@vigil/metrics-query';
import { DomainError } from '@vigil/server-kit';
import { readFileSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMetricBatch } from '../batch.fixtures';
import { renderMigration, splitStatements } from '../migrations/migration-renderer';
import { migrateTelemetryStore } from '../migrations/migration-runner';
import { MetricRollup } from '../rollup/metric-rollup';
import { compile, param, qualifiedTable, sql } from '../sql-template';
import { TelemetryQueryError } from '../telemetry.errors';
import { createTelemetryStore, type TelemetryStore } from '../telemetry-store';
import { TelemetryBatchWriter } from '../writer/telemetry-batch.writer';
import { MetricDiscoveryRepository } from './metric-discovery.repository';
import { type MetricQueryOptions, MetricQueryRepository, type MetricQueryResult, type QuerySeries } from './metric-query.repository';
import { MetricRepository, type MetricSampleRecord } from './metric.repository';

const DATABASE = 't_metric_query';
const HOUR = 3_600_000;
const MINUTE = 60_000;
let dataDir: string;
let store: TelemetryStore;
let metrics: MetricRepository;
let engine: MetricQueryRepository;
let discovery: MetricDiscoveryRepository;

// A recent midnight (rows older than their retention expire as they are inserted): a multiple of
// every step the tests use (8 min, 1 h, 3 h), since points align to multiples of the step.
const DAY = 24 * HOUR;
const T0 = Math.floor(Date.now() / DAY) * DAY - 5 * DAY;
let projectCounter = 0;
const newProject = (): string => `00000000-0000-4000-8000-${String(++projectCounter).padStart(12, '0')}`;
const sample = (name: string, labels: Record<string, string>, timestampMs: number, value: number): MetricSampleRecord => ({ name, labels, value, timestampMs });

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'vigil-metric-query-'));
  store = await createTelemetryStore({ database: DATABASE, dataDir });
  await migrateTelemetryStore(store);
  metrics = new MetricRepository(store);
  engine = new MetricQueryRepository(store);
  discovery = new MetricDiscoveryRepository(store);
});

afterAll(async () => {
  await store?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const defaults: Omit<MetricQuerySpec, 'name' | 'from' | 'to'> = { matchers: [], fn: 'raw', over: 'avg', agg: 'none', by: [] };
/** Runs the query both ways and checks that queryJson (the API's) serialises the typed answer. */
async function query(project: string, spec: Partial<MetricQuerySpec> & Pick<MetricQuerySpec, 'name' | 'from' | 'to'>, options: MetricQueryOptions = {}): Promise<QuerySeries[]> {
  const typed = await engine.query(project, { ...defaults, ...spec }, options);
  await expectSameJson(project, spec, options, typed);
  return typed.series;
}

async function expectSameJson(project: string, spec: Partial<MetricQuerySpec> & Pick<MetricQuerySpec, 'name' | 'from' | 'to'>, options: MetricQueryOptions, typed: MetricQueryResult): Promise<void> {
  const json = await engine.queryJson(project, { ...defaults, ...spec }, options);
  expect({ ...json, series: undefined }).toEqual({ ...typed, series: undefined });
  const encoded = typed.series.map((s) => ({ labels: s.labels, points: s.points.map(([t, v]) => [t, encodeMetricValue(v)]) }));
  // Two separate queries: a step summing several rows (hours from the rollup and from the
  // samples, partial rows of an hour) may add them in another order, so finite values agree to
  // the last bits, not always bit for bit; everything else must be identical.
  const rendered = JSON.parse(json.series.toString()) as typeof encoded;
  expect(rendered.map((s) => ({ ...s, points: s.points.map(([t, v]) => [t, typeof v]) })), JSON.stringify(spec)).toEqual(encoded.map((s) => ({ ...s, points: s.points.map(([t, v]) => [t, typeof v]) })));
  rendered.forEach((s, i) =>
    s.points.forEach(([, v], j) => {
      const expected = encoded[i]?.points[j]?.[1];
      if (typeof v === 'number' && typeof expected === 'number') expect(Math.abs(v - expected), `${JSON.stringify(spec)} point ${j}`).toBeLessThanOrEqual(Math.abs(expected) * 1e-12);
      else expect(v).toEqual(expected);
    }),
  );
}

/** What the engine must return for one series' rate/increase (the pure reference in rate-window.ts). */
function reference(samples: [number, number][], spec: { from: number; to: number; step: number; fn: 'rate' | 'increase'; window?: number }, temporality: 'cumulative' | 'delta' = 'cumulative'): [number, number][] {
  const start = Math.floor(spec.from / spec.step) * spec.step;
  return windowedSteps(samples, {
    start,
    step: spec.step,
    steps: stepCount(spec.from, spec.to, spec.step),
    from: spec.from,
    to: spec.to,
    windowSteps: spec.window === undefined ? undefined : maxWindowSteps(spec.step, spec.window),
    maxWindowSteps: maxWindowSteps(spec.step, spec.window),
    fn: spec.fn,
    temporality,
  });
}

function expectClose(actual: readonly [number, number][] | undefined, expected: readonly [number, number][], what: string): void {
  expect(actual?.map(([t]) => t), what).toEqual(expected.map(([t]) => t));
  actual?.forEach(([, v], i) => expect(v, `${what} at ${i}`).toBeCloseTo(expected[i]?.[1] ?? Number.NaN, 9));
}

describe('rate and increase', () => {
  // A counter scraped every 15 s at a steady 10/s, with a restart (back to 5) at minute 12.
  const scrapes: [number, number][] = [];
  const offset = 3_217;
  let counter = 5_000;
  for (let i = 0; i < 4 * 30; i++) {
    counter = i === 48 ? 5 : counter + 150;
    scrapes.push([T0 - 10 * MINUTE + offset + i * 15_000, counter]);
  }

  it('read a steady 10/s as 10/s at every step, from 1 s to 1 h, with windows separate from the step', async () => {
    const project = newProject();
    const steady = Array.from({ length: 4 * 140 }, (_, i): [number, number] => [T0 - 20 * MINUTE + offset + i * 15_000, 1_000 + i * 150]);
    await metrics.writeSamples(project, steady.map(([t, v]) => sample('steady_total', { service: 'api' }, t, v)));
    const from = T0;
    const to = T0 + 2 * HOUR - 1;
    for (const step of [1_000, 4_000, 15_000, MINUTE, 7 * MINUTE, HOUR]) {
      const spec = { name: 'steady_total', from, to, step, fn: 'rate' as const };
      const [rate] = await query(project, spec, { resolution: 'raw' });
      expect(rate?.points.length, `step ${step}`).toBe(stepCount(from, to, step));
      for (const [t, v] of rate?.points ?? []) expect(v, `step ${step} at ${t}`).toBeCloseTo(10, 9);
      const [increase] = await query(project, { ...spec, fn: 'increase' }, { resolution: 'raw' });
      // Steps add up to the increase over the range.
      const total = (increase?.points ?? []).reduce((sum, [, v]) => sum + v, 0);
      expect(total, `step ${step}`).toBeCloseTo(10 * ((to - from) / 1000), 6);
    }
  });

  it('equal the reference windows (Prometheus rate arithmetic) across a reset, for explicit and automatic windows', async () => {
    const project = newProject();
    await metrics.writeSamples(project, scrapes.map(([t, v]) => sample('requests_total', { service: 'api' }, t, v)));
    for (const step of [4_000, 15_000, MINUTE, 5 * MINUTE]) {
      for (const window of [undefined, MINUTE, 2 * MINUTE + 1]) {
        for (const fn of ['rate', 'increase'] as const) {
          const spec = { name: 'requests_total', from: T0 + 30_500, to: T0 + 20 * MINUTE - 1_234, step, fn, window };
          const [series] = await query(project, spec);
          expectClose(series?.points, reference(scrapes, spec), JSON.stringify({ step, window, fn }));
        }
      }
    }
    // The window with the restart: the value before the drop counts (Prometheus), so the rate
    // stays near 10/s instead of turning negative; the restart's own first 2.5 s are not seen.
    const [around] = await query(project, { name: 'requests_total', from: T0 + 2 * MINUTE, to: T0 + 3 * MINUTE - 1, step: MINUTE, fn: 'rate' });
    expect(around?.points[0]?.[1]).toBeGreaterThan(9);
    expect(around?.points[0]?.[1]).toBeLessThan(10.1);
  });

  it('count a sample stored twice (a retried remote_write batch) once', async () => {
    const project = newProject();
    const twice = scrapes.map(([t, v]) => sample('requests_total', { service: 'api' }, t, v));
    await metrics.writeSamples(project, twice);
    await metrics.writeSamples(project, twice.slice(10, 30));
    for (const step of [4_000, MINUTE]) {
      const spec = { name: 'requests_total', from: T0, to: T0 + 15 * MINUTE, step, fn: 'rate' as const };
      const [series] = await query(project, spec);
      expectClose(series?.points, reference(scrapes, spec), `duplicates, step ${step}`);
    }
  });

  it('compute the step in progress over the time it has covered: no dip at the end of a chart', async () => {
    const project = newProject();
    await metrics.writeSamples(project, scrapes.map(([t, v]) => sample('requests_total', { service: 'api' }, t, v)));
    // `to` 20 s into a 1-minute step, well after the restart.
    const [rate] = await query(project, { name: 'requests_total', from: T0 + 15 * MINUTE, to: T0 + 17 * MINUTE + 20_000, step: MINUTE, fn: 'rate' });
    expect(rate?.points.map(([t]) => t)).toEqual([T0 + 15 * MINUTE, T0 + 16 * MINUTE, T0 + 17 * MINUTE]);
    for (const [, v] of rate?.points ?? []) expect(v).toBeCloseTo(10, 9);
    // Its increase is the 20 s it covered, not a whole minute's.
    const [increase] = await query(project, { name: 'requests_total', from: T0 + 15 * MINUTE, to: T0 + 17 * MINUTE + 20_000, step: MINUTE, fn: 'increase' });
    expect(increase?.points.at(-1)?.[1]).toBeCloseTo(200, 6);
  });

  it('sums delta-temporality series (OTLP) over the window instead of differencing them', async () => {
    const project = newProject();
    const writer = new TelemetryBatchWriter(store.writer);
    const points: [number, number][] = Array.from({ length: 30 }, (_, i) => [T0 - 5 * MINUTE + 10_000 + i * 30_000, 300]);
    const batch = makeMetricBatch(
      [{ name: 'jobs_total', labels: { service: 'worker' } }],
      points.map(([t, v]) => [0, t, v] as [number, number, number]),
      [{ name: 'jobs_total', type: 'counter', unit: '', help: '', temporality: 'delta' }],
    );
    await writer.writeMetricBatch(project, batch, 400);
    // The same export again (a retried OTLP request): each point is one increase, not two.
    await writer.writeMetricBatch(project, batch, 400);
    for (const step of [15_000, MINUTE, 2 * MINUTE]) {
      for (const fn of ['rate', 'increase'] as const) {
        const spec = { name: 'jobs_total', from: T0, to: T0 + 8 * MINUTE - 1, step, fn };
        const [series] = await query(project, spec);
        expectClose(series?.points, reference(points, spec, 'delta'), `delta ${step} ${fn}`);
        // Complete steps read 10/s exactly (the last one covers 1 ms less than its points' intervals).
        if (fn === 'rate') for (const [t, v] of series?.points ?? []) if (t + step <= spec.to) expect(v).toBeCloseTo(10, 9);
      }
    }
  });

  it('count only samples from `from` on in raw steps (the first step is not filled from before the range)', async () => {
    const project = newProject();
    await metrics.writeSamples(project, Array.from({ length: 60 }, (_, i) => sample('pings', {}, T0 + i * 1_000, 1)));
    const [counted] = await query(project, { name: 'pings', from: T0 + 30_500, to: T0 + 59_999, step: MINUTE, over: 'count' });
    expect(counted?.points).toEqual([[T0, 29]]);
  });
});

describe('temporalities', () => {
  it("takes a histogram's series from its family's declaration, in one lookup for many metrics", async () => {
    const project = newProject();
    const writer = new TelemetryBatchWriter(store.writer);
    const batch = makeMetricBatch(
      [{ name: 'latency_bucket', labels: { le: '1' } }, { name: 'queue_depth', labels: {} }],
      [
        [0, T0 + 10_000, 3],
        [1, T0 + 10_000, 7],
      ],
      [
        { name: 'latency', type: 'histogram', unit: 's', help: '', temporality: 'delta' },
        { name: 'queue_depth', type: 'gauge', unit: '', help: '', temporality: 'none' },
      ],
    );
    await writer.writeMetricBatch(project, batch, 400);
    const found = await engine.temporalities(project, ['latency_bucket', 'latency_count', 'queue_depth', 'never_sent_total']);
    expect(Object.fromEntries(found)).toEqual({ latency_bucket: 'delta', latency_count: 'delta', queue_depth: 'cumulative', never_sent_total: 'cumulative' });
    // Another project's declarations do not leak.
    expect(await engine.temporality(newProject(), 'latency_bucket')).toBe('cumulative');
  });
});

describe('over time and across series', () => {
  it('aggregates within a step with over and across series with agg and by', async () => {
    const project = newProject();
    const samples: MetricSampleRecord[] = [];
    const pods = [
      { service: 'api', pod: 'a', values: [1, 3] },
      { service: 'api', pod: 'b', values: [5, 9] },
      { service: 'web', pod: 'c', values: [2, 2] },
    ];
    for (const pod of pods) pod.values.forEach((value, i) => samples.push(sample('mem', { service: pod.service, pod: pod.pod }, T0 + 10_000 + i * 20_000, value)));
    await metrics.writeSamples(project, samples);
    const range = { name: 'mem', from: T0, to: T0 + MINUTE - 1, step: MINUTE };
    const values = async (spec: Partial<MetricQuerySpec>) => (await query(project, { ...range, ...spec })).map((s) => [s.labels, s.points[0]?.[1]]);
    expect(await values({ over: 'avg' })).toEqual([
      [{ pod: 'a', service: 'api' }, 2],
      [{ pod: 'b', service: 'api' }, 7],
      [{ pod: 'c', service: 'web' }, 2],
    ]);
    expect((await values({ over: 'sum' })).map(([, v]) => v)).toEqual([4, 14, 4]);
    expect((await values({ over: 'min' })).map(([, v]) => v)).toEqual([1, 5, 2]);
    expect((await values({ over: 'max' })).map(([, v]) => v)).toEqual([3, 9, 2]);
    expect((await values({ over: 'count' })).map(([, v]) => v)).toEqual([2, 2, 2]);
    expect((await values({ over: 'last' })).map(([, v]) => v)).toEqual([3, 9, 2]);
    expect(await values({ over: 'max', agg: 'sum', by: ['service'] })).toEqual([
      [{ service: 'api' }, 12],
      [{ service: 'web' }, 2],
    ]);
    expect(await values({ over: 'avg', agg: 'avg', by: ['service'] })).toEqual([
      [{ service: 'api' }, 4.5],
      [{ service: 'web' }, 2],
    ]);
    expect(await values({ agg: 'count', by: ['service'] })).toEqual([
      [{ service: 'api' }, 2],
      [{ service: 'web' }, 1],
    ]);
    // One series per group (by pod): sum passes each value through, count is still 1.
    expect(await values({ over: 'max', agg: 'sum', by: ['pod'] })).toEqual([
      [{ pod: 'a' }, 3],
      [{ pod: 'b' }, 9],
      [{ pod: 'c' }, 2],
    ]);
    expect((await values({ agg: 'count', by: ['pod'] })).map(([, v]) => v)).toEqual([1, 1, 1]);
    expect(await values({ over: 'min', agg: 'min' })).toEqual([[{}, 1]]);
    expect(await values({ over: 'max', agg: 'max' })).toEqual([[{}, 9]]);
    // A label that no series has groups everything into one series without it.
    expect(await values({ over: 'sum', agg: 'sum', by: ['region'] })).toEqual([[{}, 22]]);
  });
});

describe('queryJson (the API answer as JSON text)', () => {
  it('writes NaN, +Inf and -Inf as Prometheus does ("NaN", "+Inf", "-Inf"), and keeps every series apart', async () => {
    const project = newProject();
    await metrics.writeSamples(project, [
      sample('temperature', { room: 'a' }, T0 + 1_000, 21.5),
      sample('temperature', { room: 'a' }, T0 + MINUTE + 1_000, Infinity),
      sample('temperature', { room: 'b' }, T0 + 1_000, -Infinity),
      sample('temperature', { room: 'b' }, T0 + 1_000 + 1, Infinity),
      sample('temperature', { room: 'b' }, T0 + MINUTE + 1_000, 0.1 + 0.2),
    ]);
    const spec = { ...defaults, name: 'temperature', from: T0, to: T0 + 2 * MINUTE - 1, step: MINUTE };
    const json = await engine.queryJson(project, spec);
    expect(JSON.parse(json.series.toString())).toEqual([
      { labels: { room: 'a' }, points: [[T0, 21.5], [T0 + MINUTE, '+Inf']] },
      { labels: { room: 'b' }, points: [[T0, 'NaN'], [T0 + MINUTE, 0.30000000000000004]] },
    ]);
    const min = await engine.queryJson(project, { ...spec, over: 'min' });
    expect(JSON.parse(min.series.toString())[1]).toEqual({ labels: { room: 'b' }, points: [[T0, '-Inf'], [T0 + MINUTE, 0.30000000000000004]] });
    // Stored points (no step) too.
    const stored = await engine.queryJson(project, { ...defaults, name: 'temperature', from: T0, to: T0 + 2 * MINUTE - 1 });
    expect(JSON.parse(stored.series.toString())[1].points).toEqual([
      [T0 + 1_000, '-Inf'],
      [T0 + 1_001, '+Inf'],
      [T0 + MINUTE + 1_000, 0.30000000000000004],
    ]);
    await expectSameJson(project, spec, {}, await engine.query(project, spec));
    // Grouped, rated and counted forms serialise the same way too.
    for (const extra of [{ agg: 'sum' as const }, { agg: 'count' as const }, { agg: 'max' as const, by: ['room'] }, { over: 'last' as const }]) {
      await query(project, { ...spec, ...extra });
    }
  });
});

describe('quantile', () => {
  /**
   * Cumulative buckets scraped every 15 s from 5 minutes before T0, growing linearly by
   * `perMinute` during [T0, T0 + 1 min) and flat outside it: each window's extrapolated increase
   * (Prometheus' arithmetic) is then exactly the bucket's growth in the window.
   */
  function linearBuckets(name: string, labels: Record<string, string>, perMinute: Record<string, number>): MetricSampleRecord[] {
    const samples: MetricSampleRecord[] = [];
    for (let t = T0 - 5 * MINUTE + 5_000; t < T0 + 3 * MINUTE; t += 15_000) {
      const elapsed = Math.min(Math.max(t - T0, 0), MINUTE) / MINUTE;
      for (const [le, growth] of Object.entries(perMinute)) samples.push(sample(name, { ...labels, le }, t, 1_000 + growth * elapsed));
    }
    return samples;
  }

  it('equals the hand-computed histogram_quantile of the summed bucket increases, per `by` group', async () => {
    const project = newProject();
    await metrics.writeSamples(project, [
      ...linearBuckets('latency_seconds_bucket', { service: 'api', instance: 'a' }, { '0.1': 5, '0.5': 20, '1': 25, '+Inf': 30 }),
      ...linearBuckets('latency_seconds_bucket', { service: 'api', instance: 'b' }, { '0.1': 5, '0.5': 5, '1': 8, '+Inf': 10 }),
      ...linearBuckets('latency_seconds_bucket', { service: 'web', instance: 'w' }, { '1': 4, '+Inf': 4 }),
    ]);
    // api, increases summed over a and b by le: 0.1 → 10, 0.5 → 25, 1 → 33, +Inf → 40.
    // q = 0.75: rank 30 lies in (0.5, 1], which holds 8: 0.5 + 0.5 × (30 − 25) / 8 = 0.8125.
    // web: 4 observations all ≤ 1: rank 3 in (0, 1] → 0.75.
    const series = await query(project, { name: 'latency_seconds', from: T0, to: T0 + MINUTE, step: MINUTE, quantile: 0.75, by: ['service'] });
    expect(series.map((s) => ({ labels: s.labels, points: s.points.map(([t, v]) => [t, Number(v.toFixed(12))]) }))).toEqual([
      { labels: { service: 'api' }, points: [[T0, 0.8125]] },
      { labels: { service: 'web' }, points: [[T0, 0.75]] },
    ]);
    // Hand-computed for web with q = 0.5: 0 + 1 × 2/4.
    const [web] = await query(project, { name: 'latency_seconds', matchers: [{ label: 'service', op: '=', value: 'web' }], from: T0, to: T0 + MINUTE, step: MINUTE, quantile: 0.5 });
    expect(web?.points[0]?.[1]).toBeCloseTo(0.5, 12);
  });

  it('interpolates exactly like Prometheus on consistent cumulative buckets, and skips steps without observations', async () => {
    const project = newProject();
    await metrics.writeSamples(project, linearBuckets('rpc_seconds_bucket', {}, { '0.1': 50, '0.2': 70, '1': 110, '+Inf': 120 }));
    // Nothing observed in the second minute: no point there.
    const points = async (quantile: number) => (await query(project, { name: 'rpc_seconds', from: T0, to: T0 + 2 * MINUTE, step: MINUTE, quantile }))[0]?.points;
    expect(await points(0.2)).toEqual([[T0, expect.closeTo(0.048, 12)]]);
    expect(await points(0.5)).toEqual([[T0, expect.closeTo(0.15, 12)]]);
    expect(await points(0.8)).toEqual([[T0, expect.closeTo(0.72, 12)]]);
    expect(await points(0.99)).toEqual([[T0, 1]]);
  });
});

describe('matchers', () => {
  it('matches regexes anchored at both ends, with =~ and !~', async () => {
    const project = newProject();
    await metrics.writeSamples(project, [
      sample('up', { service: 'api' }, T0, 1),
      sample('up', { service: 'api-2' }, T0, 2),
      sample('up', { service: 'web' }, T0, 3),
      sample('up', { job: 'node' }, T0, 4),
    ]);
    const values = async (matchers: MetricQuerySpec['matchers']) => (await query(project, { name: 'up', matchers, from: T0, to: T0 })).map((s) => s.points[0]?.[1]).sort();
    expect(await values([{ label: 'service', op: '=~', value: 'api' }])).toEqual([1]);
    expect(await values([{ label: 'service', op: '=~', value: 'api.*' }])).toEqual([1, 2]);
    expect(await values([{ label: 'service', op: '=~', value: 'api|web' }])).toEqual([1, 3]);
    expect(await values([{ label: 'service', op: '!~', value: 'api.*' }])).toEqual([3, 4]);
    // A missing label reads as "": =~"" matches it, as in Prometheus.
    expect(await values([{ label: 'service', op: '=~', value: '' }])).toEqual([4]);
    expect(await values([{ label: 'service', op: '=~', value: '(a+)+$' }])).toEqual([]);
    expect(await values([{ label: 'service', op: '=~', value: '(a|p|i)+(-2)?' }])).toEqual([1, 2]);
  });

  it('refuses an invalid regex with a VALIDATION_FAILED error naming the matcher', async () => {
    const project = newProject();
    await metrics.writeSamples(project, [sample('up', { service: 'api' }, T0, 1)]);
    const error = await query(project, { name: 'up', matchers: [{ label: 'service', op: '=~', value: '(unclosed' }], from: T0, to: T0 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((error as Error).message).toMatch(/service=~"\(unclosed".*missing \)/);
    await expect(discovery.labelValues(project, 'service', { matchers: [{ label: 'service', op: '!~', value: '[' }], limit: 10 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    // Also when no series could match (ClickHouse would never compile the regex then).
    await expect(query(project, { name: 'no_such_metric', matchers: [{ label: 'service', op: '=~', value: '(x' }], from: T0, to: T0 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('treats injection strings in values, regexes, label names and names as data', async () => {
    const project = newProject();
    const evil = `"'); DROP TABLE logs; --`;
    await metrics.writeSamples(project, [sample('evil', { note: evil }, T0, 7), sample('evil', { note: 'plain' }, T0, 8)]);
    const points = async (spec: Partial<MetricQuerySpec>) => (await query(project, { name: 'evil', from: T0, to: T0, ...spec })).map((s) => s.points[0]?.[1]);
    expect(await points({ matchers: [{ label: 'note', op: '=', value: evil }] })).toEqual([7]);
    expect(await points({ matchers: [{ label: 'note', op: '!=', value: evil }] })).toEqual([8]);
    expect(await points({ matchers: [{ label: 'note', op: '=~', value: `.*DROP TABLE logs.*` }] })).toEqual([7]);
    // As a regex the string is unbalanced: a 400 naming the matcher, not a 500.
    await expect(points({ matchers: [{ label: 'note', op: '=~', value: evil }] })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(/note=~.*unexpected \)/) });
    expect(await points({ matchers: [{ label: 'note', op: '=~', value: `"'\\); DROP TABLE logs; --` }] })).toEqual([7]);
    expect(await points({ matchers: [{ label: evil, op: '=', value: 'x' }] })).toEqual([]);
    expect(await points({ name: evil })).toEqual([]);
    expect(await points({ step: MINUTE, agg: 'sum', by: [evil] })).toEqual([15]);
    const tables = await store.client.query({ query: `SELECT name FROM system.tables WHERE database = '${DATABASE}' AND name = 'logs'`, format: 'JSONEachRow' });
    expect(await tables.json()).toEqual([{ name: 'logs' }]);
  });
});

describe('limits', () => {
  it('refuses too many series or points with QUERY_LIMIT_EXCEEDED, counting output series after aggregation', async () => {
    const project = newProject();
    const samples = Array.from({ length: 6 }, (_, i) => Array.from({ length: 10 }, (__, j) => sample('wide', { pod: `p${i}`, service: `s${i % 2}` }, T0 + j * 1000, j))).flat();
    await metrics.writeSamples(project, samples);
    const range = { name: 'wide', from: T0, to: T0 + 9_999 };
    await expect(query(project, range, { maxSeries: 5 })).rejects.toMatchObject({ reason: 'TOO_MANY_SERIES', code: 'QUERY_LIMIT_EXCEEDED' });
    expect(await query(project, { ...range, step: 10_000, agg: 'sum', by: ['service'] }, { maxSeries: 2 })).toHaveLength(2);
    await expect(query(project, range, { maxPoints: 59 })).rejects.toBeInstanceOf(TelemetryQueryError);
    await expect(query(project, { ...range, step: 1000 }, { maxPoints: 59 })).rejects.toMatchObject({ reason: 'TOO_MANY_POINTS' });
    expect(await query(project, { ...range, step: 1000 }, { maxPoints: 60 })).toHaveLength(6);
    await expect(query(project, { ...range, step: 1000, agg: 'sum' }, { maxInputSeries: 5 })).rejects.toMatchObject({ reason: 'TOO_MANY_SERIES' });
  });
});

describe('a sample stored twice', () => {
  // At-least-once delivery (a remote_write batch re-sent, a re-scraped sample with its own
  // timestamp, a retried OTLP export) stores some samples twice; every read takes them once,
  // so a project that received hours 1–3 twice answers as one that received everything once.
  const from = T0 - 8 * HOUR;
  const to = T0 - 2 * HOUR;
  const gauges: MetricSampleRecord[] = [];
  for (const pod of ['a', 'b']) {
    for (let t = from; t < to; t += MINUTE) gauges.push(sample('cpu', { pod }, t + 7_000, Math.sin(t / 1e6) * 10 + (pod === 'a' ? 50 : 20)));
  }
  const jobs = makeMetricBatch(
    [{ name: 'jobs_total', labels: { service: 'worker' } }],
    Array.from({ length: 6 * 60 }, (_, i) => [0, from + 11_000 + i * MINUTE, 1 + (i % 7)] as [number, number, number]),
    [{ name: 'jobs_total', type: 'counter', unit: '', help: '', temporality: 'delta' }],
  );
  const inHours1to3 = (s: MetricSampleRecord): boolean => s.timestampMs >= from + HOUR && s.timestampMs < from + 4 * HOUR;
  const specs: (Partial<MetricQuerySpec> & { name: string })[] = [
    { name: 'cpu', over: 'avg' },
    { name: 'cpu', over: 'sum' },
    { name: 'cpu', over: 'count' },
    { name: 'cpu', over: 'count', agg: 'sum' },
    { name: 'jobs_total', fn: 'increase' },
  ];

  // Sums of the same samples may add in another order: equal to the last bits, not bit for bit.
  const rounded = (points: readonly [number, number][]): [number, number][] => points.map(([t, v]) => [t, Math.round(v * 1e6) / 1e6]);

  async function answers(project: string, options: MetricQueryOptions): Promise<unknown[]> {
    const all: unknown[] = [(await query(project, { name: 'cpu', from, to })).map((s) => s.points)];
    for (const spec of specs) for (const step of [10 * MINUTE, HOUR]) all.push((await query(project, { ...spec, from, to, step }, options)).map((s) => rounded(s.points)));
    return all;
  }

  it('is read once: raw points, raw steps, hours computed from samples and hours built into the rollup', async () => {
    const once = newProject();
    const twice = newProject();
    const writer = new TelemetryBatchWriter(store.writer);
    for (const project of [once, twice]) {
      await metrics.writeSamples(project, gauges);
      await writer.writeMetricBatch(project, jobs, 400);
    }
    await metrics.writeSamples(twice, gauges.filter(inHours1to3));
    await writer.writeMetricBatch(twice, jobs, 400);
    const stored = async (project: string): Promise<number> => (await query(project, { name: 'cpu', from, to })).reduce((n, s) => n + s.points.length, 0);
    expect(await stored(twice)).toBe(gauges.length);

    const expected = await answers(once, { resolution: 'raw' });
    const counts = expected[5] as [number, number][][];
    expect(counts[0]?.[0]).toEqual([from, 10]);
    expect(await answers(twice, { resolution: 'raw' }), 'raw samples').toEqual(expected);
    // Whole-hour steps from the rollup's source: these hours are stale (written after the
    // watermark passed them), so first computed from the samples, then built into the table.
    const fromRollup = async (project: string): Promise<unknown> => {
      const all: unknown[] = [];
      for (const spec of specs) {
        const [first] = await query(project, { ...spec, from, to, step: HOUR }, { resolution: '1h' });
        all.push(rounded(first?.points ?? []));
      }
      return all;
    };
    const hourly = await fromRollup(once);
    expect(await fromRollup(twice), 'hours computed from the samples').toEqual(hourly);
    expect((await new MetricRollup(store).run(Date.now())).rebuiltHours).toBeGreaterThanOrEqual(6);
    expect(await fromRollup(twice), 'hours built into the rollup').toEqual(hourly);
    expect(await fromRollup(once)).toEqual(hourly);
  });
});

describe('1-hour rollup', () => {
  it('gives the same rate, increase and over-time values as the raw samples for whole-hour steps', async () => {
    const project = newProject();
    const samples: MetricSampleRecord[] = [];
    // 3 days of 1-minute samples, two series at steady but different rates. (Raw rates
    // extrapolate within each window like Prometheus, the rollup adds whole hours' increases:
    // on a steady counter both are the true rate; docs/query.md says where they differ.)
    for (const pod of ['a', 'b']) {
      let counter = pod === 'a' ? 0 : 1_000;
      for (let i = -90; i < 3 * 24 * 60; i++) {
        const t = T0 + i * MINUTE + (pod === 'a' ? 7_000 : 31_000);
        counter += pod === 'a' ? 7 : 3;
        samples.push(sample('rq_total', { pod }, t, counter));
        samples.push(sample('cpu', { pod }, t, Math.sin(i / 30) * 10 + (pod === 'a' ? 50 : 20)));
      }
    }
    await metrics.writeSamples(project, samples);
    const from = T0;
    const to = T0 + 3 * 24 * HOUR;
    // The same answers whichever part serves an hour: these hours were written after the
    // watermark passed them, so first they are stale and computed from the samples; then the
    // worker's run rebuilds them into the rollup table; then one late sample makes one hour
    // stale again (read raw) while the others come from the table.
    await compareWithRaw(project, from, to, 'stale hours, read from the samples');
    expect((await new MetricRollup(store).run(Date.now())).rebuiltHours).toBeGreaterThanOrEqual(72);
    expect(await new MetricRollup(store).staleMarks()).toBe(0);
    await compareWithRaw(project, from, to, 'rebuilt hours, read from the rollup');
    await metrics.writeSamples(project, [sample('cpu', { pod: 'a' }, T0 + 30 * HOUR + 59 * MINUTE + 59_000, 1_000)]);
    await compareWithRaw(project, from, to, 'one hour stale again');
  });
});

async function compareWithRaw(project: string, from: number, to: number, state: string): Promise<void> {
    for (const spec of [
      { name: 'rq_total', fn: 'rate' as const },
      { name: 'rq_total', fn: 'increase' as const },
      { name: 'rq_total', fn: 'increase' as const, agg: 'sum' as const },
      { name: 'cpu', over: 'avg' as const },
      { name: 'cpu', over: 'min' as const },
      { name: 'cpu', over: 'max' as const },
      { name: 'cpu', over: 'sum' as const },
      { name: 'cpu', over: 'count' as const },
      { name: 'cpu', over: 'last' as const },
    ]) {
      for (const step of [HOUR, 3 * HOUR]) {
        const raw = await engine.query(project, { ...defaults, ...spec, from, to, step }, { resolution: 'raw' });
        const rollup = await engine.query(project, { ...defaults, ...spec, from, to, step });
        await expectSameJson(project, { ...spec, from, to, step }, { resolution: 'raw' }, raw);
        await expectSameJson(project, { ...spec, from, to, step }, {}, rollup);
        expect(raw.resolution).toBe('raw');
        expect(rollup.resolution).toBe('1h');
        expect(rollup.series.map((s) => s.labels)).toEqual(raw.series.map((s) => s.labels));
        rollup.series.forEach((series, i) => {
          const expected = raw.series[i]?.points ?? [];
          expect(series.points.map(([t]) => t), `${state}: ${JSON.stringify(spec)} step ${step}`).toEqual(expected.map(([t]) => t));
          series.points.forEach(([, v], j) => expect(v, `${state}: ${JSON.stringify(spec)} step ${step} point ${j}`).toBeCloseTo(expected[j]?.[1] ?? Number.NaN, 6));
        });
      }
    }
    await expectMetricsReadTogetherAsApart(project, from, to, state);
}

/** groupedStepsOfMetrics (the golden signals' buckets and requests in one query) answers as one query per metric. */
async function expectMetricsReadTogetherAsApart(project: string, from: number, to: number, state: string): Promise<void> {
  const plan = planMetricQuery({ ...defaults, name: 'rq_total', fn: 'increase', agg: 'sum', from, to, step: HOUR });
  if (plan.kind !== 'steps') throw new Error('a step plan was expected');
  // rq_total's pods apart (groups 0 and 1), cpu's pods in one group (0): each metric numbers its own groups.
  const reads = [
    { metric: 'rq_total', members: (await engine.findSeries(project, 'rq_total', [])).map((s) => ({ fingerprint: s.fingerprint, group: s.labels['pod'] === 'a' ? 0 : 1 })) },
    { metric: 'cpu', members: (await engine.findSeries(project, 'cpu', [])).map((s) => ({ fingerprint: s.fingerprint, group: 0 })) },
  ];
  const together = await engine.groupedStepsOfMetrics(project, plan, reads, 1_000_000, 'cumulative');
  const apart = await Promise.all(reads.map((read) => engine.groupedSteps(project, { ...plan, metric: read.metric }, read.members, 1_000_000, 'cumulative')));
  expect(together.map((groups) => groups.map((group) => group.g)), state).toEqual([[0, 1], [0]]);
  expect(together.map((groups) => groups.map((group) => group.points.length)), state).toEqual(apart.map((groups) => groups.map((group) => group.points.length)));
  expect(together.flat().reduce((sum, group) => sum + group.points.length, 0), state).toBe(3 * 72);
  together.forEach((groups, i) =>
    groups.forEach((group, j) =>
      group.points.forEach(([t, v], k) => {
        const [expectedT, expectedV] = apart[i]?.[j]?.points[k] ?? [];
        expect(t, `${state}: read ${i} group ${j} point ${k}`).toBe(expectedT);
        expect(v, `${state}: read ${i} group ${j} point ${k}`).toBeCloseTo(expectedV ?? Number.NaN, 9);
      }),
    ),
  );
}

describe('discovery', () => {
  it('lists metric names, label names and label values, with prefix, matchers, limit and range', async () => {
    const project = newProject();
    await metrics.writeSamples(project, [
      sample('http_requests_total', { service: 'api', code: '200' }, T0, 1),
      sample('http_requests_total', { service: 'api', code: '500' }, T0, 1),
      sample('http_requests_total', { service: 'web', code: '200' }, T0 + 3 * HOUR, 1),
      sample('http_request_duration_seconds_bucket', { service: 'api', le: '0.1' }, T0, 1),
      sample('process_cpu_seconds_total', { job: 'node' }, T0, 1),
    ]);
    expect(await discovery.metricNames(project, { limit: 100 })).toEqual(['http_request_duration_seconds_bucket', 'http_requests_total', 'process_cpu_seconds_total']);
    expect(await discovery.metricNames(project, { prefix: 'http_', limit: 1 })).toEqual(['http_request_duration_seconds_bucket']);
    // Only web's http_requests_total was seen after T0 + 2 h.
    expect(await discovery.metricNames(project, { limit: 100, range: { from: T0 + 2 * HOUR, to: T0 + 4 * HOUR } })).toEqual(['http_requests_total']);
    expect(await discovery.labelNames(project, {})).toEqual(['code', 'job', 'le', 'service']);
    expect(await discovery.labelNames(project, { name: 'http_requests_total' })).toEqual(['code', 'service']);
    expect(await discovery.labelValues(project, 'service', { limit: 100 })).toEqual(['api', 'web']);
    expect(await discovery.labelValues(project, 'code', { name: 'http_requests_total', matchers: [{ label: 'service', op: '=', value: 'api' }], limit: 100 })).toEqual(['200', '500']);
    expect(await discovery.labelValues(project, 'code', { name: 'http_requests_total', prefix: '5', limit: 100 })).toEqual(['500']);
    expect(await discovery.labelValues(project, 'service', { name: 'http_requests_total', range: { from: T0 + 2 * HOUR, to: T0 + 4 * HOUR }, limit: 100 })).toEqual(['web']);
    expect(await discovery.labelValues(project, 'service', { name: 'http_requests_total', range: { from: T0, to: T0 + 1000 }, limit: 100 })).toEqual(['api']);
    expect(await discovery.metricNames(newProject(), { limit: 10 })).toEqual([]);
  });
});

describe('query plan', () => {
  it('reads samples by the ordering key: EXPLAIN shows the primary key pruning granules', async () => {
    const project = newProject();
    const samples = Array.from({ length: 20_000 }, (_, i) => sample('dense', { pod: `p${i % 20}` }, T0 + Math.floor(i / 20) * 1000, i));
    await metrics.writeSamples(project, samples);
    const [series] = await engine.findSeries(project, 'dense', [{ label: 'pod', op: '=', value: 'p3' }]);
    const samplesTable = qualifiedTable(DATABASE, 'metric_samples');
    const explain = await store.client.query({
      ...compile(sql`EXPLAIN indexes = 1 SELECT count() FROM ${samplesTable}
        WHERE project_id = ${param('UUID', project)} AND metric_name = 'dense' AND fingerprint IN ${param('Array(UInt64)', [BigInt(series?.fingerprint ?? '0')])}
          AND timestamp >= fromUnixTimestamp64Milli(${param('Int64', T0)})`),
      format: 'TabSeparatedRaw',
    });
    const text = await explain.text();
    expect(text).toMatch(/PrimaryKey/);
    expect(text).toMatch(/Keys:\s+project_id\s+metric_name\s+fingerprint/);
  });
});

describe('migration 003', () => {
  it('backfills the hourly rollup from the samples stored before it (003), moves it to finer granules (004, re-runnable) and drops the old table (005)', async () => {
    const database = 't_backfill';
    const before = await mkdtemp(join(tmpdir(), 'vigil-migrations-'));
    const migrations = join(__dirname, '../../migrations');
    await cp(join(migrations, '001-create-metric-tables.sql'), join(before, '001-create-metric-tables.sql'));
    await cp(join(migrations, '002-add-logs-metadata-rollups.sql'), join(before, '002-add-logs-metadata-rollups.sql'));
    const old = await createTelemetryStore({ database, dataDir });
    const tableNames = async (): Promise<string[]> => {
      const tables = await old.client.query({ query: `SELECT name FROM system.tables WHERE database = '${database}' AND name LIKE 'metric_%' ORDER BY name`, format: 'JSONEachRow' });
      return ((await tables.json()) as { name: string }[]).map((row) => row.name);
    };
    const hours = async (project: string, table: string): Promise<unknown[]> => {
      const rollup = await old.client.query({
        ...compile(sql`
          SELECT toUnixTimestamp(bucket) * 1000 AS t, min(min_value) AS lo, max(max_value) AS hi, sum(sample_count) AS n,
                 argMinMerge(first_value) AS first, argMaxMerge(last_value) AS last, deltaSumTimestampMerge(increase) AS delta
          FROM ${qualifiedTable(database, table)} WHERE project_id = ${param('UUID', project)} GROUP BY bucket ORDER BY bucket`),
        format: 'JSONEachRow',
      });
      return rollup.json();
    };
    const expectedHours = [
      { t: String(T0), lo: 0, hi: 118, n: '60', first: 0, last: 118, delta: 118 },
      { t: String(T0 + HOUR), lo: 120, hi: 238, n: '60', first: 120, last: 238, delta: 118 },
      { t: String(T0 + 2 * HOUR), lo: 245, hi: 363, n: '60', first: 245, last: 363, delta: 118 },
    ];
    try {
      await migrateTelemetryStore(old, { directory: before });
      // Today's writer notes samples of closed hours in 009's table; it exists before 009 here
      // only because this test writes old data with today's code (009 creates it IF NOT EXISTS).
      await old.client.command({ query: `CREATE TABLE ${database}.metric_rollup_stale (project_id UUID, hour DateTime, noted_at DateTime64(3) DEFAULT now64(3)) ENGINE = MergeTree ORDER BY (hour, project_id)` });
      const project = newProject();
      const samples: MetricSampleRecord[] = [];
      for (let i = 0; i < 180; i++) samples.push(sample('old_total', { pod: 'a' }, T0 + i * MINUTE, i * 2 + (i >= 120 ? 5 : 0)));
      samples.push(sample('old_total', { pod: 'a' }, T0 + 30_000, Number.NaN));
      // Two inserts, so two parts hold samples of the same hour.
      await new MetricRepository(old).writeSamples(project, samples.slice(0, 90));
      await new MetricRepository(old).writeSamples(project, samples.slice(90));

      // 003: the backfill from the stored samples.
      await cp(join(migrations, '003-replace-metric-rollups.sql'), join(before, '003-replace-metric-rollups.sql'));
      expect((await migrateTelemetryStore(old, { directory: before })).applied).toEqual(['003-replace-metric-rollups.sql']);
      expect(await tableNames()).toEqual(['metric_metadata', 'metric_rollup_1h', 'metric_rollup_1h_mv', 'metric_rollup_stale', 'metric_samples', 'metric_series']);
      expect(await hours(project, 'metric_rollup_1h')).toEqual(expectedHours);

      // 004 interrupted after its copy (run by hand, not recorded), then run again by the runner, then 005.
      const rebuild = readFileSync(join(migrations, '004-rebuild-metric-rollup-with-finer-granules.sql'), 'utf8');
      for (const statement of splitStatements(renderMigration(rebuild, { database }))) await old.client.command({ query: statement });
      // 004 and 005 first; later migrations (006 on) touch other tables.
      expect((await migrateTelemetryStore(old)).applied.slice(0, 2)).toEqual(['004-rebuild-metric-rollup-with-finer-granules.sql', '005-drop-metric-rollup-1h.sql']);
      // 009 dropped the view: the worker builds the rollup from closed hours.
      expect(await tableNames()).toEqual(['metric_metadata', 'metric_rollup_hourly', 'metric_rollup_stale', 'metric_rollup_watermark', 'metric_samples', 'metric_series']);
      expect(await hours(project, 'metric_rollup_hourly')).toEqual(expectedHours);
      const engine = await old.client.query({ query: `SELECT engine_full FROM system.tables WHERE database = '${database}' AND name = 'metric_rollup_hourly'`, format: 'JSONEachRow' });
      expect(((await engine.json()) as { engine_full: string }[])[0]?.engine_full).toMatch(/index_granularity = 512/);
      // Increases read from the backfilled rollup: each hour's own plus the step from the hour
      // before (from the last sample of an hour to the last of the next).
      const oldEngine = new MetricQueryRepository(old);
      const spec = { ...defaults, name: 'old_total', from: T0 + HOUR, to: T0 + 3 * HOUR, step: HOUR, fn: 'increase' as const };
      const fromRollup = await oldEngine.query(project, spec, { resolution: '1h' });
      expect(fromRollup.resolution).toBe('1h');
      expect(fromRollup.series[0]?.points).toEqual([
        [T0 + HOUR, 120],
        [T0 + 2 * HOUR, 125],
      ]);
      // A sample of an hour before the watermark marks the hour stale: it is read from the samples
      // until the worker has rebuilt it, then from the rollup, with the same answer.
      await new MetricRepository(old).writeSamples(project, [sample('old_total', { pod: 'a' }, T0 + 3 * HOUR, 400)]);
      const after = await oldEngine.query(project, { ...spec, to: T0 + 4 * HOUR }, { resolution: '1h' });
      expect(after.series[0]?.points.at(-1)).toEqual([T0 + 3 * HOUR, 400 - 363]);
      // The three hours written before 003 were noted too (every write of a closed hour is): rebuilt to the same values.
      expect((await new MetricRollup(old).run(Date.now())).rebuiltHours).toBe(4);
      expect(await hours(project, 'metric_rollup_hourly')).toEqual([...expectedHours, { t: String(T0 + 3 * HOUR), lo: 400, hi: 400, n: '1', first: 400, last: 400, delta: 0 }]);
      expect(await oldEngine.query(project, { ...spec, to: T0 + 4 * HOUR }, { resolution: '1h' })).toEqual(after);
    } finally {
      await old.close();
      await rm(before, { recursive: true, force: true });
    }
  });
});
