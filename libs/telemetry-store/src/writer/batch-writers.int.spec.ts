import type { SeriesDescriptor } from '@vigil/ingest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLogBatch, makeLogRecord, makeMetricBatch, makeWideMetricBatch } from '../batch.fixtures';
import { LogRepository } from '../logs/log.repository';
import { MetricRepository } from '../metrics/metric.repository';
import { SeriesCache } from '../metrics/series-cache';
import { SeriesLimiter } from '../metrics/series-limiter';
import { migrateTelemetryStore } from '../migrations/migration-runner';
import { MetricRollup } from '../rollup/metric-rollup';
import { seriesFingerprint } from '../series-fingerprint';
import { compile, param, qualifiedTable, sql } from '../sql-template';
import { createTelemetryStore, type TelemetryStore } from '../telemetry-store';
import { GroupCommitWriter } from './group-commit.writer';
import { TelemetryBatchWriter } from './telemetry-batch.writer';
import { ClientInsertWriter, type TelemetryWriter } from './telemetry-writer';

// One chDB data directory for this file (one engine per process); each test uses fresh project ids.
const DATABASE = 't_batch_writers';
let dataDir: string;
let store: TelemetryStore;
let metrics: MetricRepository;
let logs: LogRepository;
let writer: TelemetryBatchWriter;

// Recent, on an hour boundary: rows older than their retention are dropped by TTL as they are
// inserted, so fixed dates would make these tests expire.
const HOUR = 3_600_000;
const T0 = Math.floor(Date.now() / HOUR) * HOUR - 2 * HOUR;
const logRecord = (overrides: Parameters<typeof makeLogRecord>[0] = {}) => makeLogRecord({ timestampMs: T0, observedTimestampMs: T0 + 1_000, ...overrides });
let projectCounter = 0;
const newProject = (): string => `00000000-0000-4000-8000-${String(++projectCounter).padStart(12, '0')}`;

async function rows<T>(fragment: ReturnType<typeof sql>): Promise<T[]> {
  return (await store.client.query({ ...compile(fragment), format: 'JSONEachRow' })).json<T>();
}
const table = (name: string) => qualifiedTable(DATABASE, name);

/** Counts inserts reaching the real writer, to see how many a group commit issued. */
class CountingWriter implements TelemetryWriter {
  readonly transport;
  inserts = 0;
  constructor(private readonly inner: TelemetryWriter) {
    this.transport = inner.transport;
  }
  insert(...args: Parameters<TelemetryWriter['insert']>) {
    this.inserts++;
    return this.inner.insert(...args);
  }
  insertColumns(...args: Parameters<TelemetryWriter['insertColumns']>) {
    this.inserts++;
    return this.inner.insertColumns(...args);
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'vigil-batch-writers-'));
  store = await createTelemetryStore({ database: DATABASE, dataDir });
  await migrateTelemetryStore(store);
  const seriesCache = new SeriesCache();
  metrics = new MetricRepository(store, seriesCache);
  logs = new LogRepository(store);
  writer = new TelemetryBatchWriter(store.writer, { seriesCache });
});

afterAll(async () => {
  await store?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('TelemetryBatchWriter.writeMetricBatch', () => {
  it('stores samples, series, metadata and retention so MetricRepository reads them back exactly', async () => {
    const project = newProject();
    const batch = makeMetricBatch(
      [
        { name: 'latency_seconds', labels: { service: 'api', route: "/o'k\t" } },
        { name: 'latency_seconds', labels: { service: 'web', route: '/' } },
      ],
      [
        [0, T0 + 2_001, 0.1 + 0.2],
        [0, T0 + 7, 1e-300],
        [1, T0 + 5, -42.125],
        [0, T0 + 1_000, Number.MAX_VALUE],
      ],
      [{ name: 'latency_seconds', type: 'histogram', unit: 'seconds', help: 'Request latency', temporality: 'cumulative' }],
    );
    await writer.writeMetricBatch(project, batch, 45);
    expect(await metrics.querySeries(project, { name: 'latency_seconds', from: T0, to: T0 + 10_000 })).toEqual([
      { labels: { route: '/', service: 'web' }, points: [[T0 + 5, -42.125]] },
      { labels: { route: "/o'k\t", service: 'api' }, points: [[T0 + 7, 1e-300], [T0 + 1_000, Number.MAX_VALUE], [T0 + 2_001, 0.1 + 0.2]] },
    ]);
    expect(await rows(sql`SELECT DISTINCT retention_days FROM ${table('metric_samples')} WHERE project_id = ${param('UUID', project)}`)).toEqual([{ retention_days: 45 }]);
    expect(await rows(sql`SELECT metric_name, type, unit, help, temporality FROM ${table('metric_metadata')} FINAL WHERE project_id = ${param('UUID', project)}`)).toEqual([
      { metric_name: 'latency_seconds', type: 'histogram', unit: 'seconds', help: 'Request latency', temporality: 'cumulative' },
    ]);
    // The repository shares the series cache: it writes no series row the batch writer wrote.
    await metrics.writeSamples(project, [{ name: 'latency_seconds', labels: { service: 'web', route: '/' }, value: 1, timestampMs: T0 + 6 }]);
    const [series] = await rows<{ n: string }>(sql`SELECT count() AS n FROM ${table('metric_series')} WHERE project_id = ${param('UUID', project)}`);
    expect(series?.n).toBe('2');
  });

  it('feeds the 1-hour rollup (built by the worker from the samples): min, max, sum, count, first and last value, in-hour increase; NaN left out', async () => {
    const project = newProject();
    const batch = makeMetricBatch(
      [{ name: 'cpu', labels: { host: 'a' } }],
      [
        [0, T0 + 10_000, 4],
        [0, T0 + 30_000, 9],
        [0, T0 + 50_000, 2],
        [0, T0 + 55_000, Number.NaN],
        [0, T0 + 60_000, 1],
      ],
    );
    await writer.writeMetricBatch(project, batch, 30);
    // A later insert into the same hour: the rollup is built from both (in time order).
    await writer.writeMetricBatch(project, makeMetricBatch([{ name: 'cpu', labels: { host: 'a' } }], [[0, T0 + 70_000, 3]]), 30);
    // T0's hour is over: the writes noted it stale, and the worker's run builds it.
    await new MetricRollup(store).run(Date.now());
    const rollup = await rows(sql`
        SELECT toUnixTimestamp(bucket) * 1000 AS t, min(min_value) AS lo, max(max_value) AS hi, sum(sum_value) AS total,
               sum(sample_count) AS samples, argMinMerge(first_value) AS first, argMaxMerge(last_value) AS last,
               deltaSumTimestampMerge(increase) AS delta, max(retention_days) AS retention
        FROM ${table('metric_rollup_hourly')} WHERE project_id = ${param('UUID', project)} GROUP BY bucket ORDER BY bucket`);
    // 4 → 9 rises by 5, 9 → 2 → 1 drop (ignored by deltaSumTimestamp), 1 → 3 across the inserts rises by 2.
    expect(rollup).toEqual([{ t: String(T0), lo: 1, hi: 9, total: 19, samples: '5', first: 4, last: 3, delta: 7, retention: 30 }]);
    const [fingerprint] = await rows<{ fingerprint: string }>(sql`SELECT DISTINCT fingerprint FROM ${table('metric_rollup_hourly')} WHERE project_id = ${param('UUID', project)}`);
    expect(fingerprint?.fingerprint).toBe(seriesFingerprint('cpu', { host: 'a' }));
  });

  it('writes the same payload through the server transport (client.insert, TabSeparated)', async () => {
    const project = newProject();
    const serverWriter = new TelemetryBatchWriter(new ClientInsertWriter(store.client, DATABASE));
    await serverWriter.writeMetricBatch(project, makeWideMetricBatch('w', 50, 2, T0), 30);
    await serverWriter.writeLogBatch(project, makeLogBatch([logRecord({ body: 'tab\there' })]), 30);
    expect(await metrics.countSamples(project, 'w')).toBe(100);
    expect((await logs.search(project, { from: T0, to: T0, limit: 10 }))[0]?.body).toBe('tab\there');
  });
});

describe('TelemetryBatchWriter.writeLogBatch and LogRepository', () => {
  it('round-trips records exactly, newest first, and counts with filters', async () => {
    const project = newProject();
    const records = [
      logRecord({ timestampMs: T0 + 1, body: 'first\nline\\', attributes: { "o'k": 'v\t1', 'http.route': '/x' }, severityNumber: 17, severityText: 'ERROR' }),
      logRecord({ timestampMs: T0 + 3, service: 'web', body: 'zürich ☃ 😀', traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331' }),
      logRecord({ timestampMs: T0 + 2, body: '' }),
    ];
    await writer.writeLogBatch(project, makeLogBatch(records), 7);
    const found = await logs.search(project, { from: T0, to: T0 + 10, limit: 10 });
    expect(found).toEqual([records[1], records[2], records[0]]);
    expect(await logs.search(project, { from: T0, to: T0 + 10, limit: 1 })).toEqual([records[1]]);
    expect(await logs.count(project)).toBe(3);
    expect(await logs.count(project, { service: 'web' })).toBe(1);
    expect(await logs.count(project, { minSeverity: 17 })).toBe(1);
    expect(await logs.count(project, { from: T0 + 2, to: T0 + 2 })).toBe(1);
    expect(await logs.count(newProject())).toBe(0);
  });

  it('stores the same values through both transports (chDB Arrow columns, server TabSeparated), whatever the text holds', async () => {
    const awkward = ['tab\tnewline\nbackslash\\', 'nul\u0000quote\'', 'ÿ þ 0xFF-like', '😀 zürich', '', ' \r\n\n '];
    const records = awkward.map((text, index) =>
      logRecord({
        timestampMs: T0 + index,
        body: text,
        service: text,
        attributes: index === 0 ? {} : { [text]: text, '': 'empty key', k: '' },
        resource: { 'service.name': text, 'ÿ': '\u00ff' },
        severityNumber: index * 40,
      }),
    );
    const series: SeriesDescriptor[] = awkward.map((text, index) => ({ name: `m_${index}`, labels: index === 0 ? ({} as Record<string, string>) : { label: text, other: 'ÿ' } }));
    const samples = series.map((_, index) => [index, T0 + index * 1_000, [Number.NaN, Infinity, -Infinity, -0, 1e-300, 123456.789][index] as number] as const);
    const stored = async (project: string) => ({
      logs: await logs.search(project, { from: T0, to: T0 + 10, limit: 10 }),
      samples: await rows(sql`SELECT metric_name, toString(fingerprint) AS fp, toUnixTimestamp64Milli(timestamp) AS t, toString(value) AS v, retention_days FROM ${table('metric_samples')} WHERE project_id = ${param('UUID', project)} ORDER BY metric_name`),
      series: await rows(sql`SELECT metric_name, toString(fingerprint) AS fp, toJSONString(any(labels)) AS labels, min(first_seen) AS first, max(last_seen) AS last FROM ${table('metric_series')} WHERE project_id = ${param('UUID', project)} GROUP BY metric_name, fingerprint ORDER BY metric_name`),
    });
    const [viaArrow, viaText] = [newProject(), newProject()];
    await new TelemetryBatchWriter(store.writer).writeLogBatch(viaArrow, makeLogBatch(records), 9);
    await new TelemetryBatchWriter(store.writer).writeMetricBatch(viaArrow, makeMetricBatch(series, samples), 9);
    const server = new TelemetryBatchWriter(new ClientInsertWriter(store.client, DATABASE));
    await server.writeLogBatch(viaText, makeLogBatch(records), 9);
    await server.writeMetricBatch(viaText, makeMetricBatch(series, samples), 9);
    const [arrow, text] = [await stored(viaArrow), await stored(viaText)];
    expect(arrow.logs).toEqual([...records].reverse());
    expect(arrow).toEqual(text);
    expect(arrow.samples.map((row) => (row as { v: string }).v)).toEqual(['nan', 'inf', '-inf', '-0', '1e-300', '123456.789']);
    expect((arrow.series[1] as { labels: string }).labels).toBe(JSON.stringify({ label: awkward[1], other: 'ÿ' }));
  });

  it('finds words through the text index, case-insensitively', async () => {
    const project = newProject();
    await writer.writeLogBatch(
      project,
      makeLogBatch(Array.from({ length: 2_000 }, (_, index) => logRecord({ timestampMs: T0 + index, body: index === 1234 ? 'Payment DECLINED for order 77' : `request ${index} ok` }))),
      7,
    );
    const [hit] = await rows<{ n: string }>(
      sql`SELECT count() AS n FROM ${table('logs')} WHERE project_id = ${param('UUID', project)} AND hasToken(lower(body), ${param('String', 'declined')})`,
    );
    expect(hit?.n).toBe('1');
    const [explain] = await rows<{ explain: string }>(
      sql`SELECT arrayStringConcat(groupArray(explain), '\n') AS explain FROM (EXPLAIN indexes = 1 SELECT count() FROM ${table('logs')} WHERE hasAnyTokens(body, ${param('String', 'declined')}))`,
    );
    expect(explain?.explain).toMatch(/idx_body/);
  });
});

describe('GroupCommitWriter on chDB', () => {
  it('100 concurrent submissions become a few inserts, and every row is stored', async () => {
    const counting = new CountingWriter(store.writer);
    const commit = new GroupCommitWriter(counting);
    const project = newProject();
    const submissions = Array.from({ length: 100 }, (_, index) =>
      index % 2 === 0
        ? commit.submit(project, makeMetricBatch([{ name: 'gc', labels: { i: String(index % 10) } }], [[0, T0 + index, index]]), 30)
        : commit.submit(project, makeLogBatch([logRecord({ timestampMs: T0 + index, body: `m${index}` }), logRecord({ timestampMs: T0 + index })]), 30),
    );
    await Promise.all(submissions);
    await commit.close();
    expect(await metrics.countSamples(project, 'gc')).toBe(50);
    expect(await logs.count(project)).toBe(100);
    // Same turn: one metric round (series + samples) and one log round.
    expect(counting.inserts).toBeLessThanOrEqual(6);
    expect(commit.stats).toMatchObject({ committed: 100, failedRounds: 0, queuedBytes: 0, inFlightBytes: 0 });
  });

  it('rejects the submissions of a failed insert and stores none of their samples', async () => {
    const failing: TelemetryWriter = {
      transport: 'chdb-raw',
      insert: (...args) => store.writer.insert(...args),
      insertColumns: (rows) => store.writer.insertColumns(rows.schema.table === 'logs' ? { ...rows, schema: { ...rows.schema, table: 'no_such_table' } } : rows),
    };
    const commit = new GroupCommitWriter(failing);
    const project = newProject();
    const results = await Promise.allSettled([
      commit.submit(project, makeLogBatch([logRecord()]), 30),
      commit.submit(project, makeMetricBatch([{ name: 'ok', labels: {} }], [[0, T0, 1]]), 30),
    ]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'fulfilled']);
    expect(await logs.count(project)).toBe(0);
    expect(await metrics.countSamples(project)).toBe(1);
  });
});

describe('SeriesLimiter with MetricRepository as its source', () => {
  it('seeds from metric_series with a parametrized query and refuses new series beyond the limit', async () => {
    const project = newProject();
    await writer.writeMetricBatch(project, makeWideMetricBatch('seeded', 3, 1, T0), 30);
    const limiter = new SeriesLimiter(metrics, { now: () => T0 + 60_000 });
    const batch = makeWideMetricBatch('seeded', 5, 1, T0 + 60_000);
    const result = await limiter.admit(project, batch, { maxActiveSeriesPerMetric: 4, maxActiveSeriesPerProject: 100 });
    expect(result.refused).toBe(1);
    expect(result.batch.rejected.reasons[0]).toMatch(/limit max_active_series_per_metric/);
    await writer.writeMetricBatch(project, result.batch, 30);
    expect(await metrics.countSamples(project, 'seeded')).toBe(3 + 4);
  });
});
