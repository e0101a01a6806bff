import { type Logger } from '@vigil/server-kit';
import {
  createTelemetryStore,
  GroupCommitWriter,
  MetricRepository,
  migrateTelemetryStore,
  SeriesCache,
  SeriesLimiter,
  ServiceSignalsRepository,
  type TelemetryStore,
} from '@vigil/telemetry-store';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SelfMetrics } from '../self-metrics';
import { sampleValue } from '@vigil/testing';
import { SelfIngest } from './self-ingest';

const PROJECT = '00000000-0000-4000-8000-00000000c0de';
// Off the minute grid: a sample exactly on a step's start belongs to the step before.
const T0 = Math.floor(Date.now() / 60_000) * 60_000 - 5 * 60_000 + 7_000;
const IDENTITY = { service: 'vigil', instance: 'host-a:4318', component: 'standalone' };
let dataDir: string;
let store: TelemetryStore;
let writer: GroupCommitWriter;
let seriesLimiter: SeriesLimiter;
const logger: Logger = pino({ level: 'silent' });

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'vigil-self-ingest-'));
  store = await createTelemetryStore({ database: 't_self_ingest', dataDir });
  await migrateTelemetryStore(store);
  const seriesCache = new SeriesCache();
  writer = new GroupCommitWriter(store.writer, { seriesCache });
  seriesLimiter = new SeriesLimiter(new MetricRepository(store, seriesCache));
});

afterAll(async () => {
  await writer.close();
  await store.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** A SelfIngest over the real store whose clock the test moves; the project exists unless told. */
function selfIngest(metrics: SelfMetrics, clock: { t: number }, project: { exists: boolean } = { exists: true }): SelfIngest {
  return new SelfIngest({
    metrics,
    projectId: PROJECT,
    projects: { findIngestSettings: async () => (project.exists ? { retentionDays: 30, ingestLimits: null } : null) },
    seriesLimiter,
    writer,
    identity: IDENTITY,
    intervalMs: 15_000,
    logger,
    now: () => clock.t,
    startedAt: T0 - 15_000,
  });
}

const rows = async <T>(query: string): Promise<T[]> => (await store.client.query({ query, query_params: { project: PROJECT }, format: 'JSONEachRow' })).json<T>();

describe('SelfIngest', () => {
  it('writes the process’s own metrics into its project, so the golden signals find Vigil as a service', async () => {
    const metrics = new SelfMetrics();
    const clock = { t: T0 };
    const ingest = selfIngest(metrics, clock);
    const requests = (count: number, code: number, seconds: number) => {
      for (let index = 0; index < count; index++) metrics.http.observeRequest('GET', '/api/v1/services', code, seconds);
    };
    requests(10, 200, 0.03);
    const first = await ingest.round();
    expect(first?.samples).toBeGreaterThan(50);
    expect(first?.refused).toBe(0);
    // Between two rounds: 30 fast answers and 10 slow 503s.
    requests(30, 200, 0.03);
    requests(10, 503, 0.3);
    clock.t += 15_000;
    const second = await ingest.round();

    const overview = await new ServiceSignalsRepository(store).listServices(PROJECT, { from: T0 - 60_000, to: clock.t + 1_000, step: 60_000 });
    const vigil = overview.services.find((service) => service.service === 'vigil');
    expect(vigil?.source).toBe('prometheus');
    // 10 of the 50 answers were 503s, the first of them in a series that did not exist at the first
    // round; not exactly 20 %, since each series' increase is extrapolated (Prometheus' rule) from
    // its own first and last samples.
    expect(vigil?.errorRate).toBeCloseTo(20, 0);
    expect(vigil?.throughput).toBeGreaterThan(0);
    // 40 of 50 answers in (25, 50] ms, 10 in (250, 500] ms.
    expect(vigil?.latency?.p50).toBeGreaterThan(25);
    expect(vigil?.latency?.p50).toBeLessThanOrEqual(50);
    expect(vigil?.latency?.p99).toBeGreaterThan(250);
    expect(vigil?.latency?.p99).toBeLessThanOrEqual(500);

    const series = await rows<{ labels: Record<string, string> }>(
      "SELECT labels FROM t_self_ingest.metric_series WHERE project_id = {project:UUID} AND metric_name = 'vigil_ingest_items_accepted_total' AND labels['protocol'] = 'self'",
    );
    expect(series[0]?.labels).toEqual({ protocol: 'self', signal: 'metrics', ...IDENTITY });
    const types = await rows<{ metric_name: string; type: string; temporality: string }>(
      "SELECT metric_name, type, temporality FROM t_self_ingest.metric_metadata FINAL WHERE project_id = {project:UUID} AND metric_name IN ('http_request_duration_seconds', 'vigil_ingest_pending_bytes') ORDER BY metric_name",
    );
    expect(types).toEqual([
      { metric_name: 'http_request_duration_seconds', type: 'histogram', temporality: 'cumulative' },
      { metric_name: 'vigil_ingest_pending_bytes', type: 'gauge', temporality: 'none' },
    ]);
    // Counted like any ingest, as protocol `self`.
    expect(sampleValue(await metrics.exposition(), 'vigil_ingest_items_accepted_total', { protocol: 'self', signal: 'metrics' })).toBe((first?.samples ?? 0) + (second?.samples ?? 0));
  });

  it('writes nothing while its project is gone', async () => {
    const metrics = new SelfMetrics();
    const project = { exists: false };
    const ingest = selfIngest(metrics, { t: T0 }, project);
    expect(await ingest.round()).toBeUndefined();
    expect(sampleValue(await metrics.exposition(), 'vigil_ingest_items_accepted_total', { protocol: 'self', signal: 'metrics' })).toBe(0);
  });
});
