import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateTelemetryStore } from '../migrations/migration-runner';
import { compile, param, sql } from '../sql-template';
import { createTelemetryStore, type TelemetryStore } from '../telemetry-store';
import { GroupCommitWriter } from '../writer/group-commit.writer';
import { CheckResultRepository, type NewCheckResult } from './check-result.repository';

const DATABASE = 't_check_results';
const PROJECT = '00000000-0000-4000-8000-0000000000c1';
const OTHER_PROJECT = '00000000-0000-4000-8000-0000000000c2';
const CHECK = '00000000-0000-4000-8000-00000000002a';
const OTHER_CHECK = '00000000-0000-4000-8000-00000000002b';
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 20);

let dataDir: string;
let store: TelemetryStore;
let results: CheckResultRepository;

const result = (overrides: Partial<NewCheckResult>): NewCheckResult => ({
  projectId: PROJECT,
  checkId: CHECK,
  region: 'eu',
  time: T0,
  status: 'up',
  statusCode: 200,
  latencyMs: 100,
  error: '',
  retentionDays: 30,
  ...overrides,
});

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'vigil-check-results-'));
  store = await createTelemetryStore({ database: DATABASE, dataDir });
  await migrateTelemetryStore(store);
  results = new CheckResultRepository(store);
});

afterAll(async () => {
  await store?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('CheckResultRepository', () => {
  it('lists a check’s results newest first, with what each one measured, per region if asked', async () => {
    await results.insert([
      result({ time: T0 + 1_000 }),
      result({ time: T0 + 2_000, status: 'down', statusCode: null, latencyMs: null, error: "connection refused\tby 'peer'\n" }),
      result({ time: T0 + 3_000, region: 'us', status: 'degraded', latencyMs: 1_500.5, error: 'slow' }),
      result({ time: T0 + 4_000, checkId: OTHER_CHECK }),
      result({ time: T0 + 5_000, projectId: OTHER_PROJECT }),
    ]);
    const all = await results.list(PROJECT, CHECK, { from: T0, to: T0 + 10_000, limit: 100 });
    expect(all).toEqual([
      { time: T0 + 3_000, region: 'us', status: 'degraded', statusCode: 200, latencyMs: 1_500.5, error: 'slow' },
      { time: T0 + 2_000, region: 'eu', status: 'down', statusCode: null, latencyMs: null, error: "connection refused\tby 'peer'\n" },
      { time: T0 + 1_000, region: 'eu', status: 'up', statusCode: 200, latencyMs: 100, error: '' },
    ]);
    expect((await results.list(PROJECT, CHECK, { from: T0, to: T0 + 10_000, region: 'us', limit: 100 })).map((one) => one.region)).toEqual(['us']);
    // Another project's key never reads this check's results, even with its id.
    expect(await results.list(OTHER_PROJECT, CHECK, { from: T0, to: T0 + 10_000, limit: 100 })).toHaveLength(1);
  });

  it('rolls results up per check, region and UTC day, across inserts, kept apart from the raw retention', async () => {
    const day = T0 + 10 * DAY;
    await results.insert([result({ time: day + 1_000, latencyMs: 10 }), result({ time: day + 2_000, latencyMs: 30, status: 'degraded' })]);
    await results.insert([result({ time: day + 3_000, latencyMs: null, status: 'down', statusCode: null }), result({ time: day + DAY + 5, latencyMs: 50 })]);
    const days = await results.days(PROJECT, [CHECK], { from: day, to: day + DAY + 10 });
    expect(days).toEqual([
      { checkId: CHECK, day: '2026-11-30', region: 'eu', total: 3, up: 1, degraded: 1, down: 1, latencyAvgMs: 20, latencyP50Ms: expect.any(Number), latencyP95Ms: expect.any(Number) },
      { checkId: CHECK, day: '2026-12-01', region: 'eu', total: 1, up: 1, degraded: 0, down: 0, latencyAvgMs: 50, latencyP50Ms: 50, latencyP95Ms: 50 },
    ]);
    expect(days[0]?.latencyP95Ms).toBeGreaterThanOrEqual(10);
    expect(days[0]?.latencyP95Ms).toBeLessThanOrEqual(30);
    const ttl = await store.client.query({ ...compile(sql`SELECT engine_full FROM system.tables WHERE database = ${param('String', DATABASE)} AND name = 'check_results_daily'`), format: 'JSONEachRow' });
    expect(JSON.stringify(await ttl.json())).toMatch(/TTL day \+ toIntervalDay\(400\)/);
  });

  it('a day without latencies has none, not zero', async () => {
    const day = T0 + 20 * DAY;
    await results.insert([result({ time: day, latencyMs: null, status: 'down' })]);
    expect(await results.days(PROJECT, [CHECK], { from: day, to: day })).toEqual([
      { checkId: CHECK, day: '2026-12-10', region: 'eu', total: 1, up: 0, degraded: 0, down: 1, latencyAvgMs: null, latencyP50Ms: null, latencyP95Ms: null },
    ]);
    expect(await results.days(PROJECT, [], { from: day, to: day })).toEqual([]);
  });

  it('counts many checks’ days with the regions summed, for the list’s bars, and only the asking project’s', async () => {
    const day = T0 + 40 * DAY;
    await results.insert([
      result({ time: day + 1_000 }),
      result({ time: day + 2_000, region: 'us', status: 'down' }),
      result({ time: day + 3_000, region: 'us', status: 'degraded' }),
      result({ time: day + DAY, checkId: OTHER_CHECK }),
      result({ time: day + DAY, projectId: OTHER_PROJECT, checkId: OTHER_CHECK }),
    ]);
    expect(await results.dayCounts(PROJECT, [CHECK, OTHER_CHECK], { from: day, to: day + DAY })).toEqual([
      { checkId: CHECK, day: '2026-12-30', total: 3, up: 1, degraded: 1, down: 1 },
      { checkId: OTHER_CHECK, day: '2026-12-31', total: 1, up: 1, degraded: 0, down: 0 },
    ]);
    expect(await results.dayCounts(OTHER_PROJECT, [CHECK], { from: day, to: day + DAY })).toEqual([]);
    expect(await results.dayCounts(PROJECT, [], { from: day, to: day })).toEqual([]);
  });

  it('answers each check’s newest result per region since a time, and only the asking project’s', async () => {
    const at = T0 + 50 * DAY;
    await results.insert([
      result({ time: at + 1_000, latencyMs: 10 }),
      result({ time: at + 3_000, latencyMs: null, status: 'down', statusCode: null, error: 'refused' }),
      result({ time: at + 2_000, region: 'us', latencyMs: 20 }),
      result({ time: at - DAY, checkId: OTHER_CHECK }),
      result({ time: at + 5_000, projectId: OTHER_PROJECT }),
    ]);
    expect(await results.latest(PROJECT, [CHECK, OTHER_CHECK], at)).toEqual([
      { checkId: CHECK, region: 'eu', time: at + 3_000, status: 'down', statusCode: null, latencyMs: null, error: 'refused' },
      { checkId: CHECK, region: 'us', time: at + 2_000, status: 'up', statusCode: 200, latencyMs: 20, error: '' },
    ]);
    expect(await results.latest(OTHER_PROJECT, [CHECK], at + 4_000)).toHaveLength(1);
    expect(await results.latest(PROJECT, [], at)).toEqual([]);
  });

  it('results submitted together through the group-commit writer share one insert', async () => {
    const writer = new GroupCommitWriter(store.writer);
    const before = store.lanes.stats().write.completed;
    const time = T0 + 30 * DAY;
    await Promise.all(Array.from({ length: 20 }, (_, index) => writer.submitCheckResults([result({ time: time + index })])));
    expect(store.lanes.stats().write.completed - before).toBe(1);
    expect(await results.list(PROJECT, CHECK, { from: time, to: time + 100, limit: 100 })).toHaveLength(20);
    await writer.close();
    expect(() => writer.submitCheckResults([result({})])).toThrow(/shutting down/);
  });

  it('refuses values ClickHouse would not keep', () => {
    const writer = new GroupCommitWriter(store.writer);
    expect(() => writer.submitCheckResults([result({ latencyMs: Number.NaN })])).toThrow(RangeError);
    expect(() => writer.submitCheckResults([result({ retentionDays: 0 })])).toThrow(RangeError);
  });
});
