import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateTelemetryStore } from '../migrations/migration-runner';
import { TelemetryQueryError } from '../telemetry.errors';
import { createTelemetryStore, type TelemetryStore } from '../telemetry-store';
import { MetricRepository, type MetricSampleRecord } from './metric.repository';

// One chDB data directory for this file (one engine per process); each test uses fresh project ids.
const DATABASE = 't_metrics';
let dataDir: string;
let store: TelemetryStore;
let metrics: MetricRepository;

// Recent, whole hours: rows older than their retention would expire as they are inserted.
const T0 = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 24 * 3_600_000;
let projectCounter = 0;
const newProject = (): string => `00000000-0000-4000-8000-${String(++projectCounter).padStart(12, '0')}`;
const sample = (name: string, labels: Record<string, string>, timestampMs: number, value: number): MetricSampleRecord => ({ name, labels, value, timestampMs });

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'vigil-metrics-'));
  store = await createTelemetryStore({ database: DATABASE, dataDir });
  await migrateTelemetryStore(store);
  metrics = new MetricRepository(store);
});

afterAll(async () => {
  await store?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('MetricRepository', () => {
  it('round-trips exact values, timestamps and labels, points ascending per series', async () => {
    const project = newProject();
    const api = { service: 'api', region: 'eu-1' };
    const web = { service: 'web', region: 'eu-1' };
    await metrics.writeSamples(project, [
      sample('latency_seconds', api, T0 + 2_001, 0.1 + 0.2),
      sample('latency_seconds', api, T0 + 7, 1e-300),
      sample('latency_seconds', web, T0 + 5, -42.125),
      sample('latency_seconds', api, T0 + 1_000, Number.MAX_VALUE),
    ]);
    const series = await metrics.querySeries(project, { name: 'latency_seconds', from: T0, to: T0 + 10_000 });
    expect(series).toEqual([
      { labels: { region: 'eu-1', service: 'api' }, points: [[T0 + 7, 1e-300], [T0 + 1_000, Number.MAX_VALUE], [T0 + 2_001, 0.1 + 0.2]] },
      { labels: { region: 'eu-1', service: 'web' }, points: [[T0 + 5, -42.125]] },
    ]);
    expect(await metrics.countSamples(project)).toBe(4);
    expect(await metrics.countSamples(project, 'latency_seconds')).toBe(4);
    expect(await metrics.countSamples(project, 'other')).toBe(0);
  });

  it('keeps the range inclusive at both ends and NaN/Inf values as they were', async () => {
    const project = newProject();
    await metrics.writeSamples(project, [
      sample('g', {}, T0 - 1, 1),
      sample('g', {}, T0, Number.NaN),
      sample('g', {}, T0 + 10, Infinity),
      sample('g', {}, T0 + 11, 2),
    ]);
    const [series] = await metrics.querySeries(project, { name: 'g', from: T0, to: T0 + 10 });
    expect(series).toEqual({ labels: {}, points: [[T0, Number.NaN], [T0 + 10, Infinity]] });
  });

  it('isolates projects: one never sees, lists or counts the data of another', async () => {
    const a = newProject();
    const b = newProject();
    await metrics.writeSamples(a, [sample('requests_total', { service: 'shared' }, T0, 1), sample('only_a', {}, T0, 1)]);
    await metrics.writeSamples(b, [sample('requests_total', { service: 'shared' }, T0, 2)]);
    expect(await metrics.querySeries(a, { name: 'requests_total', from: T0, to: T0 })).toEqual([{ labels: { service: 'shared' }, points: [[T0, 1]] }]);
    expect(await metrics.querySeries(b, { name: 'requests_total', from: T0, to: T0 })).toEqual([{ labels: { service: 'shared' }, points: [[T0, 2]] }]);
    expect(await metrics.querySeries(b, { name: 'only_a', from: T0, to: T0 })).toEqual([]);
    expect(await metrics.listMetricNames(a)).toEqual(['only_a', 'requests_total']);
    expect(await metrics.listMetricNames(b)).toEqual(['requests_total']);
    expect(await metrics.countSamples(b)).toBe(1);
    expect(await metrics.listMetricNames(newProject())).toEqual([]);
  });

  it('filters with = and != matchers; a missing label matches ="" and != anything', async () => {
    const project = newProject();
    await metrics.writeSamples(project, [
      sample('up', { env: 'prod', service: 'api' }, T0, 1),
      sample('up', { env: 'dev', service: 'api' }, T0, 2),
      sample('up', { service: 'batch' }, T0, 3),
    ]);
    const values = async (matchers: { label: string; op: '=' | '!='; value: string }[]): Promise<number[]> =>
      (await metrics.querySeries(project, { name: 'up', matchers, from: T0, to: T0 })).map((series) => series.points[0]?.[1] ?? -1).sort();
    expect(await values([{ label: 'env', op: '=', value: 'prod' }])).toEqual([1]);
    expect(await values([{ label: 'env', op: '!=', value: 'prod' }])).toEqual([2, 3]);
    expect(await values([{ label: 'env', op: '=', value: '' }])).toEqual([3]);
    expect(await values([{ label: 'service', op: '=', value: 'api' }, { label: 'env', op: '!=', value: 'dev' }])).toEqual([1]);
    expect(await values([{ label: 'service', op: '=', value: 'nope' }])).toEqual([]);
  });

  it('stores and matches injection strings, quotes, tabs and unicode literally', async () => {
    const project = newProject();
    const evil = "'); DROP TABLE metric_samples; --";
    const labels = { [evil.replace(/\W/g, '_')]: evil, quote: `it's "q" \\ \t\n`, emoji: 'ü😀' };
    await metrics.writeSamples(project, [sample('evil', labels, T0, 7), sample('evil', { quote: 'plain' }, T0, 8)]);
    expect(await metrics.querySeries(project, { name: 'evil', matchers: [{ label: 'quote', op: '=', value: `it's "q" \\ \t\n` }], from: T0, to: T0 })).toEqual([
      { labels, points: [[T0, 7]] },
    ]);
    const byEvilValue = await metrics.querySeries(project, { name: 'evil', matchers: [{ label: evil.replace(/\W/g, '_'), op: '=', value: evil }], from: T0, to: T0 });
    expect(byEvilValue.map((series) => series.points)).toEqual([[[T0, 7]]]);
    // A label *name* that is itself SQL is only ever a Map key parameter.
    expect(await metrics.querySeries(project, { name: 'evil', matchers: [{ label: evil, op: '=', value: 'x' }], from: T0, to: T0 })).toEqual([]);
    expect(await metrics.querySeries(project, { name: evil, from: T0, to: T0 })).toEqual([]);
    expect(await metrics.countSamples(project)).toBe(2);
  });

  it('averages per step bucket, buckets aligned to multiples of step', async () => {
    const project = newProject();
    const step = 60_000;
    const base = Math.floor(T0 / step) * step;
    await metrics.writeSamples(project, [
      sample('cpu', { host: 'a' }, base + 1_000, 1),
      sample('cpu', { host: 'a' }, base + 59_999, 3),
      sample('cpu', { host: 'a' }, base + 60_000, 10),
      sample('cpu', { host: 'a' }, base + 180_500, 5),
      sample('cpu', { host: 'a' }, base + 181_000, 6),
    ]);
    // `from` inside a bucket: the first point still sits on the bucket boundary.
    const series = await metrics.querySeries(project, { name: 'cpu', from: base + 500, to: base + 300_000, step });
    expect(series).toEqual([{ labels: { host: 'a' }, points: [[base, 2], [base + 60_000, 10], [base + 180_000, 5.5]] }]);
  });

  it('refuses queries over the series or point limits with a typed error', async () => {
    const project = newProject();
    const samples = Array.from({ length: 5 }, (_, index) => sample('wide', { pod: `p${index}` }, T0 + index, index));
    samples.push(...Array.from({ length: 20 }, (_, index) => sample('wide', { pod: 'p0' }, T0 + 100 + index, index)));
    await metrics.writeSamples(project, samples);
    const tooManySeries = await metrics.querySeries(project, { name: 'wide', from: T0, to: T0 + 1_000, maxSeries: 4 }).catch((error: unknown) => error);
    expect(tooManySeries).toBeInstanceOf(TelemetryQueryError);
    expect(tooManySeries).toMatchObject({ reason: 'TOO_MANY_SERIES', code: 'QUERY_LIMIT_EXCEEDED' });
    expect((tooManySeries as Error).message).toMatch(/more than 4 series of wide/);
    await expect(metrics.querySeries(project, { name: 'wide', from: T0, to: T0 + 1_000, maxPoints: 24 })).rejects.toMatchObject({ reason: 'TOO_MANY_POINTS' });
    // With a step the bound is per bucket: 2 buckets × 5 series fits in 10 points.
    expect(await metrics.querySeries(project, { name: 'wide', from: T0, to: T0 + 1_000, step: 1_000, maxPoints: 10 })).toHaveLength(5);
    expect(await metrics.querySeries(project, { name: 'wide', from: T0, to: T0 + 1_000, maxSeries: 5, maxPoints: 25 })).toHaveLength(5);
  });

  it('writes large batches and repeated series without duplicating series', async () => {
    const project = newProject();
    const batch = Array.from({ length: 30_000 }, (_, index) => sample('bulk', { shard: String(index % 10) }, T0 + index, index));
    await metrics.writeSamples(project, batch);
    await metrics.writeSamples(project, batch.map((s) => ({ ...s, timestampMs: s.timestampMs + 30_000 })));
    expect(await metrics.countSamples(project, 'bulk')).toBe(60_000);
    const series = await metrics.querySeries(project, { name: 'bulk', from: T0, to: T0 + 60_000, step: 60_000, maxPoints: 100 });
    expect(series).toHaveLength(10);
    expect(series.map((s) => s.labels.shard)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    await metrics.writeSamples(project, []);
  });

  it('keeps series and samples across close() and a re-open of the same data directory', async () => {
    const project = newProject();
    await metrics.writeSamples(project, [sample('durable', { k: 'v' }, T0, 99)]);
    await store.close();
    store = await createTelemetryStore({ database: DATABASE, dataDir });
    expect((await migrateTelemetryStore(store)).applied).toEqual([]);
    metrics = new MetricRepository(store);
    expect(await metrics.querySeries(project, { name: 'durable', from: T0, to: T0 })).toEqual([{ labels: { k: 'v' }, points: [[T0, 99]] }]);
  });
});
