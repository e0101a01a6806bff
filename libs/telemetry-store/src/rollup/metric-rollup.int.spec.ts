import type { MetricQuerySpec } from '@vigil/metrics-query';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MetricQueryRepository } from '../metrics/metric-query.repository';
import { MetricRepository, type MetricSampleRecord } from '../metrics/metric.repository';
import { migrateTelemetryStore } from '../migrations/migration-runner';
import { compile, param, qualifiedTable, sql, type SqlFragment } from '../sql-template';
import { createTelemetryStore, type TelemetryStore } from '../telemetry-store';
import { seriesFingerprint } from '../series-fingerprint';
import { MetricRollup } from './metric-rollup';
import { buildRollupSql, deleteRollupSql, setWatermarkSql } from './metric-rollup.sql';
import { HOUR_MS, hourOf } from './rollup-hours';

const DATABASE = 't_rollup';
const MINUTE = 60_000;
let dataDir: string;
let store: TelemetryStore;
let metrics: MetricRepository;
let engine: MetricQueryRepository;
let rollup: MetricRollup;
const table = (name: string) => qualifiedTable(DATABASE, name);
const tables = { samples: table('metric_samples'), rollup: table('metric_rollup_hourly'), rollupInsert: table('metric_rollup_hourly'), watermark: table('metric_rollup_watermark'), stale: table('metric_rollup_stale') };
// Six closed hours before the current one: the worker is behind by that much at first.
const T0 = hourOf(Date.now()) - 6 * HOUR_MS;
const PROJECT = '00000000-0000-4000-8000-0000000000a1';

async function rows<T>(fragment: SqlFragment): Promise<T[]> {
  return (await store.client.query({ ...compile(fragment), format: 'JSONEachRow' })).json<T>();
}

/** Per hour of the project: samples and their sum, from the rollup table and from the raw samples. */
async function hourTotals(): Promise<{ rollup: unknown[]; raw: unknown[] }> {
  const project = param('UUID', PROJECT);
  return {
    rollup: await rows(sql`SELECT toUnixTimestamp(bucket) AS h, sum(sample_count) AS n, round(sum(sum_value), 6) AS total FROM ${tables.rollup} WHERE project_id = ${project} GROUP BY h ORDER BY h`),
    raw: await rows(sql`SELECT toUnixTimestamp(toStartOfHour(timestamp)) AS h, count() AS n, round(sum(value), 6) AS total FROM ${tables.samples} WHERE project_id = ${project} AND NOT isNaN(value) GROUP BY h ORDER BY h`),
  };
}

async function staleMarksOf(project: string): Promise<number> {
  const [row] = await rows<{ n: string }>(sql`SELECT count() AS n FROM ${tables.stale} WHERE project_id = ${param('UUID', project)}`);
  return Number(row?.n);
}

/** A counter at 10/s sampled every minute over [from, to), and a gauge. */
function counterSamples(from: number, to: number, start = 0): MetricSampleRecord[] {
  const out: MetricSampleRecord[] = [];
  for (let t = from; t < to; t += MINUTE) {
    out.push({ name: 'jobs_total', labels: { pod: 'a' }, timestampMs: t + 5_000, value: start + ((t - T0) / 1000) * 10 });
    out.push({ name: 'queue_depth', labels: { pod: 'a' }, timestampMs: t + 5_000, value: ((t - T0) / MINUTE) % 17 });
  }
  return out;
}

const spec = (name: string, fn: MetricQuerySpec['fn'], over: MetricQuerySpec['over'] = 'avg'): MetricQuerySpec => ({ name, from: T0 + HOUR_MS, to: T0 + 5 * HOUR_MS, step: HOUR_MS, fn, over, agg: 'none', by: [], matchers: [] });

/** The rollup resolution answers as the raw samples do, whatever part serves each hour. */
async function expectRollupAnswersLikeRaw(): Promise<void> {
  for (const query of [spec('jobs_total', 'rate'), spec('jobs_total', 'increase'), spec('queue_depth', 'raw', 'max'), spec('queue_depth', 'raw', 'avg')]) {
    const fromRollup = await engine.query(PROJECT, query, { resolution: '1h' });
    const fromRaw = await engine.query(PROJECT, query, { resolution: 'raw' });
    expect(fromRollup.resolution).toBe('1h');
    // The API's JSON (rendered by ClickHouse) holds the same series and values.
    expect(JSON.parse((await engine.queryJson(PROJECT, query, { resolution: "1h" })).series.toString())).toEqual(fromRollup.series);
    expect(fromRollup.series[0]?.points.length).toBe(fromRaw.series[0]?.points.length);
    fromRollup.series[0]?.points.forEach(([t, v], i) => {
      expect(t).toBe(fromRaw.series[0]?.points[i]?.[0]);
      expect(v).toBeCloseTo(fromRaw.series[0]?.points[i]?.[1] ?? Number.NaN, 6);
    });
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'vigil-rollup-'));
  store = await createTelemetryStore({ database: DATABASE, dataDir });
  await migrateTelemetryStore(store);
  await store.client.command(compile(setWatermarkSql(tables, T0)));
  metrics = new MetricRepository(store);
  engine = new MetricQueryRepository(store);
  rollup = new MetricRollup(store);
});

afterAll(async () => {
  await store?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('MetricRollup', () => {
  it('closes the hours from the watermark once they are over, and an interrupted close is redone without counting an hour twice', async () => {
    // Five hours of samples (the queries end where they end: the raw path reads up to `to`, the
    // rollup whole hours, so an hour of data after `to` would show only in the rollup's answer).
    await metrics.writeSamples(PROJECT, counterSamples(T0, T0 + 5 * HOUR_MS));
    // Samples of hours that could already have been closed are noted as stale by the writer.
    expect(await staleMarksOf(PROJECT)).toBe(5);
    await expectRollupAnswersLikeRaw();
    // Not yet: an hour closes 5 minutes after its end.
    expect(await rollup.run(T0 + 4 * MINUTE)).toMatchObject({ closedHours: 0, watermarkMs: T0 });
    // A close that stopped after building [T0, T0 + 2 h) but before moving the watermark.
    await store.client.command(compile(buildRollupSql(tables, { fromMs: T0, toMs: T0 + 2 * HOUR_MS })));
    expect((await hourTotals()).rollup).toHaveLength(2);
    const result = await rollup.run(T0 + 6 * HOUR_MS + 5 * MINUTE);
    expect(result).toMatchObject({ closedHours: 6, watermarkMs: T0 + 6 * HOUR_MS });
    expect(await rollup.watermark()).toBe(T0 + 6 * HOUR_MS);
    const totals = await hourTotals();
    expect(totals.rollup).toHaveLength(5);
    expect(totals.rollup).toEqual(totals.raw);
    // The closed hours' marks were noted before the close began: forgotten.
    expect(await staleMarksOf(PROJECT)).toBe(0);
    await expectRollupAnswersLikeRaw();
  });

  it('rebuilds hours that late samples reach, and an interrupted rebuild is redone without counting an hour twice', async () => {
    // Late samples into an hour already rolled up (a retry, a backfill): the hour turns stale
    // and is read from the samples until it is rebuilt.
    await metrics.writeSamples(PROJECT, [{ name: 'queue_depth', labels: { pod: 'b' }, timestampMs: T0 + 2 * HOUR_MS + 30_000, value: 1_000 }]);
    expect(await staleMarksOf(PROJECT)).toBe(1);
    await expectRollupAnswersLikeRaw();
    // A rebuild that stopped after deleting and rebuilding the hour, before forgetting the mark.
    await store.client.command(compile(deleteRollupSql(tables.rollup, { hours: [T0 + 2 * HOUR_MS], projects: [PROJECT] })));
    await expectRollupAnswersLikeRaw();
    await store.client.command(compile(buildRollupSql(tables, { fromMs: T0 + 2 * HOUR_MS, toMs: T0 + 3 * HOUR_MS, hours: [T0 + 2 * HOUR_MS], projects: [PROJECT] })));
    const result = await rollup.run(T0 + 6 * HOUR_MS + 5 * MINUTE);
    expect(result).toMatchObject({ closedHours: 0, rebuiltHours: 1 });
    expect(await staleMarksOf(PROJECT)).toBe(0);
    const totals = await hourTotals();
    expect(totals.rollup).toEqual(totals.raw);
    await expectRollupAnswersLikeRaw();
  });

  it('builds each hour of a series as one row, however slow its slices run (partial rows of an hour merge wrongly out of time order)', async () => {
    // deltaSumTimestamp's states merge right only in time order, and a GROUP BY merges them in any
    // order (threads): an hour in several partial rows could lose part of its increase. A rollup
    // whose slices always run over their target shrinks them as far as it can.
    const project = '00000000-0000-4000-8000-0000000000b2';
    const slow = new MetricRollup(store, { targetSliceMs: 1 });
    await metrics.writeSamples(project, counterSamples(T0, T0 + 3 * HOUR_MS));
    expect(await slow.run(T0 + 6 * HOUR_MS + 5 * MINUTE)).toMatchObject({ rebuiltHours: 3 });
    const perHour = await rows<{ rows: string }>(sql`SELECT count() AS rows FROM ${tables.rollup} WHERE project_id = ${param('UUID', project)} GROUP BY fingerprint, bucket`);
    expect(perHour.map((row) => Number(row.rows))).toEqual(Array(6).fill(1));
  });

  it('builds an hour with more series than a slice may hold in fingerprint ranges: one row per series and hour, the increases of an unsliced build', async () => {
    // 40 counters (every other one resets in the second hour) over three hours, in two projects:
    // one rolled up with at most 7 rows a query (each hour in 6 fingerprint ranges), one unsliced.
    const SERIES = 40;
    const counters = (): MetricSampleRecord[] => {
      const out: MetricSampleRecord[] = [];
      for (let series = 0; series < SERIES; series++) {
        for (let t = T0, value = 0; t < T0 + 3 * HOUR_MS; t += MINUTE) {
          value = series % 2 === 0 && t === T0 + HOUR_MS + 20 * MINUTE ? 1 : value + series + 1;
          out.push({ name: 'orders_total', labels: { shard: String(series) }, timestampMs: t + 5_000, value });
        }
      }
      return out;
    };
    const perSeriesHour = (project: string) =>
      rows<{ f: string; h: number; rows: string; n: string; inc: number }>(sql`
        SELECT toString(fingerprint) AS f, toUnixTimestamp(bucket) AS h, count() AS rows, sum(sample_count) AS n, deltaSumTimestampMerge(increase) AS inc
        FROM ${tables.rollup} WHERE project_id = ${param('UUID', project)} GROUP BY f, h ORDER BY f, h`);
    const sliced = '00000000-0000-4000-8000-0000000000c3';
    const unsliced = '00000000-0000-4000-8000-0000000000c4';

    await metrics.writeSamples(sliced, counters());
    expect(await new MetricRollup(store, { maxSliceRows: 7 }).run(T0 + 6 * HOUR_MS + 5 * MINUTE)).toMatchObject({ rebuiltHours: 3, slices: 3 * 6 });
    // Bounded by samples read instead (60 a series and hour): the same ranges, the same rows.
    const bySamples = '00000000-0000-4000-8000-0000000000c5';
    await metrics.writeSamples(bySamples, counters());
    expect(await new MetricRollup(store, { maxSliceSamples: 7 * 60 }).run(T0 + 6 * HOUR_MS + 5 * MINUTE)).toMatchObject({ rebuiltHours: 3, slices: 3 * 6 });
    await metrics.writeSamples(unsliced, counters());
    const whole = await new MetricRollup(store).run(T0 + 6 * HOUR_MS + 5 * MINUTE);
    // Whole hours only (the first slice is one hour, the next as wide as its time allows).
    expect(whole.rebuiltHours).toBe(3);
    expect(whole.slices).toBeLessThanOrEqual(3);

    const fromSlices = await perSeriesHour(sliced);
    expect(fromSlices).toHaveLength(SERIES * 3);
    expect(fromSlices.every((row) => Number(row.rows) === 1 && Number(row.n) === 60)).toBe(true);
    expect(fromSlices).toEqual(await perSeriesHour(unsliced));
    expect(await perSeriesHour(bySamples)).toEqual(fromSlices);
    // And by hand: a row's increase is the sum of the rises between its 60 samples (59 a row);
    // shard 3 rises 4 a minute; shard 2 rises 3 and drops to 1 at 1:20, a drop deltaSumTimestamp skips.
    const shard = (n: number) => fromSlices.filter((row) => row.f === seriesFingerprint('orders_total', { shard: String(n) })).map((row) => row.inc);
    expect(shard(3)).toEqual([59 * 4, 59 * 4, 59 * 4]);
    expect(shard(2)).toEqual([59 * 3, 58 * 3, 59 * 3]);
  });

  it('keeps marks noted after a rebuild began for the next run, and a run with nothing to do does nothing', async () => {
    // A mark the server stamped after the run's cut-off (as if noted while the run was working).
    await store.client.command(compile(sql`INSERT INTO ${tables.stale} (project_id, hour, noted_at) SELECT ${param('UUID', PROJECT)}, toDateTime(${param('Int64', (T0 + HOUR_MS) / 1000)}), now64(3) + INTERVAL 1 HOUR`));
    expect(await rollup.run(T0 + 6 * HOUR_MS + 5 * MINUTE)).toMatchObject({ closedHours: 0, rebuiltHours: 0, slices: 0 });
    expect(await staleMarksOf(PROJECT)).toBe(1);
    await expectRollupAnswersLikeRaw();
  });

  it('keeps a mark while it is held (hold_ms after noted_at: its writer may store more samples without a new mark), then rebuilds and forgets it', async () => {
    const project = '00000000-0000-4000-8000-0000000000d2';
    await metrics.writeSamples(project, counterSamples(T0, T0 + HOUR_MS));
    expect(await rollup.run(T0 + 6 * HOUR_MS + 5 * MINUTE)).toMatchObject({ rebuiltHours: 1 });
    // Noted a minute ago, held for an hour: not yet; noted two hours ago, held for one: consumable.
    const mark = (minutesAgo: number, holdMs: number) =>
      store.client.command(compile(sql`INSERT INTO ${tables.stale} (project_id, hour, noted_at, hold_ms) SELECT ${param('UUID', project)}, toDateTime(${param('Int64', T0 / 1000)}), now64(3) - INTERVAL ${param('UInt32', minutesAgo)} MINUTE, ${param('UInt32', holdMs)}`));
    await mark(1, HOUR_MS);
    expect(await rollup.run(T0 + 6 * HOUR_MS + 5 * MINUTE)).toMatchObject({ rebuiltHours: 0 });
    expect(await staleMarksOf(project)).toBe(1);
    await mark(120, HOUR_MS);
    expect(await rollup.run(T0 + 6 * HOUR_MS + 5 * MINUTE)).toMatchObject({ rebuiltHours: 1 });
    // The held one stays for a later run; the hour is read raw meanwhile.
    expect(await staleMarksOf(project)).toBe(1);
  });
});
