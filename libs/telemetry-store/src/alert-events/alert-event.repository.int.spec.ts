import type { AlertEvidence } from '@vigil/contracts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateTelemetryStore } from '../migrations/migration-runner';
import { compile, param, sql } from '../sql-template';
import { createTelemetryStore, type TelemetryStore } from '../telemetry-store';
import { AlertEventRepository, type NewAlertEvent } from './alert-event.repository';

const DATABASE = 't_alert_events';
const PROJECT = '00000000-0000-4000-8000-0000000000a1';
const OTHER_PROJECT = '00000000-0000-4000-8000-0000000000a2';
const RULE = '00000000-0000-4000-8000-00000000001a';
const OTHER_RULE = '00000000-0000-4000-8000-00000000001b';
const T0 = Date.UTC(2026, 10, 20, 12);

let dataDir: string;
let store: TelemetryStore;
let events: AlertEventRepository;

const evidence: AlertEvidence = {
  value: 42,
  threshold: 10,
  comparator: '>',
  from: T0 - 300_000,
  to: T0,
  lines: [{ timestamp: T0 - 1_000, service: 'api', severity: 'ERROR', body: "timeout 'quoted'\ttab\nnewline ☃" }],
};

const event = (overrides: Partial<NewAlertEvent>): NewAlertEvent => ({
  projectId: PROJECT,
  ruleId: RULE,
  ruleName: 'API errors',
  instanceId: 'inst-1',
  time: T0,
  labels: { service: 'api' },
  from: 'inactive',
  to: 'pending',
  severity: 'critical',
  value: 42,
  evidence,
  ...overrides,
});

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'vigil-alert-events-'));
  store = await createTelemetryStore({ database: DATABASE, dataDir });
  await migrateTelemetryStore(store);
  events = new AlertEventRepository(store);
});

afterAll(async () => {
  await store?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('AlertEventRepository', () => {
  it('stores a batch on the write lane and lists a project’s timeline newest first, with the values', async () => {
    const writesBefore = store.lanes.stats().write.completed;
    await events.insert([
      event({ time: T0, from: 'inactive', to: 'pending' }),
      event({ time: T0 + 60_000, from: 'pending', to: 'firing' }),
      event({ time: T0 + 120_000, from: 'firing', to: 'inactive', value: null, evidence: null, severity: '' }),
      event({ time: T0 + 30_000, ruleId: OTHER_RULE, ruleName: 'Latency', instanceId: 'inst-2', labels: {}, value: 0.25 }),
      event({ time: T0 + 90_000, projectId: OTHER_PROJECT }),
    ]);
    expect(store.lanes.stats().write.completed).toBe(writesBefore + 1);

    const timeline = await events.list(PROJECT, { from: T0, to: T0 + 120_000, limit: 100 });
    expect(timeline.map((one) => [one.time - T0, one.ruleName, one.from, one.to])).toEqual([
      [120_000, 'API errors', 'firing', 'inactive'],
      [60_000, 'API errors', 'pending', 'firing'],
      [30_000, 'Latency', 'inactive', 'pending'],
      [0, 'API errors', 'inactive', 'pending'],
    ]);
    expect(timeline[0]).toEqual({ time: T0 + 120_000, ruleId: RULE, ruleName: 'API errors', instanceId: 'inst-1', labels: { service: 'api' }, from: 'firing', to: 'inactive', severity: '', value: null, evidence: null });
    expect(timeline[1]?.evidence).toEqual(evidence);
    expect(timeline[2]).toMatchObject({ ruleId: OTHER_RULE, instanceId: 'inst-2', labels: {}, value: 0.25 });
  });

  it('filters by rule and range and honours the limit', async () => {
    expect((await events.list(PROJECT, { from: T0, to: T0 + 120_000, ruleId: OTHER_RULE, limit: 10 })).map((one) => one.instanceId)).toEqual(['inst-2']);
    expect((await events.list(PROJECT, { from: T0 + 1, to: T0 + 60_000, limit: 10 })).map((one) => one.time - T0)).toEqual([60_000, 30_000]);
    expect((await events.list(PROJECT, { from: T0, to: T0 + 120_000, limit: 2 })).map((one) => one.time - T0)).toEqual([120_000, 60_000]);
    expect(await events.list(OTHER_PROJECT, { from: T0, to: T0 + 120_000, ruleId: OTHER_RULE, limit: 10 })).toEqual([]);
    await expect(events.list(PROJECT, { from: T0, to: T0 + 1, limit: 1_001 })).rejects.toThrow(RangeError);
  });

  it('does nothing for no events and refuses a non-finite value before writing', async () => {
    await events.insert([]);
    await expect(events.insert([event({ value: Number.NaN })])).rejects.toThrow(/finite or null/);
  });

  it('is partitioned by month, ordered for the timeline, kept 400 days, with a skip index on rule_id', async () => {
    const query = compile(sql`SELECT partition_key, sorting_key, engine_full FROM system.tables WHERE database = ${param('String', DATABASE)} AND name = 'alert_events'`);
    const [table] = await (await store.client.query({ ...query, format: 'JSONEachRow' })).json<{ partition_key: string; sorting_key: string; engine_full: string }>();
    expect(table).toMatchObject({ partition_key: 'toYYYYMM(time)', sorting_key: 'project_id, time' });
    expect(table?.engine_full).toMatch(/TTL toDateTime\(time\) \+ toIntervalDay\(400\)/);
    const plan = compile(sql`EXPLAIN indexes = 1 SELECT count() FROM t_alert_events.alert_events WHERE project_id = ${param('UUID', PROJECT)} AND rule_id = ${param('UUID', OTHER_RULE)}`);
    const text = (await (await store.client.query({ ...plan, format: 'JSONEachRow' })).json<{ explain: string }>()).map((row) => row.explain).join('\n');
    expect(text).toMatch(/Name: idx_rule_id/);
  });
});
