import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertEventRepository } from '../alert-events/alert-event.repository';
import { makeLogBatch, makeLogRecord } from '../batch.fixtures';
import { MetricRepository } from '../metrics/metric.repository';
import { SeriesCache } from '../metrics/series-cache';
import { migrateTelemetryStore } from '../migrations/migration-runner';
import { compile, param, sql } from '../sql-template';
import { createTelemetryStore, type TelemetryStore } from '../telemetry-store';
import { TelemetryBatchWriter } from '../writer/telemetry-batch.writer';
import { ProjectTelemetryRemover } from './project-telemetry.remover';
import { MetricRollup } from '../rollup/metric-rollup';
import { HOUR_MS } from '../rollup/rollup-hours';

const DATABASE = 't_project_removal';
const DOOMED = '00000000-0000-4000-8000-0000000000d1';
const KEPT = '00000000-0000-4000-8000-0000000000d2';
const NOW = Date.now();

let dataDir: string;
let store: TelemetryStore;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'vigil-project-removal-'));
  store = await createTelemetryStore({ database: DATABASE, dataDir });
  await migrateTelemetryStore(store);
  // A table a later migration could add: found because it has a project_id column.
  await store.client.command({ query: `CREATE TABLE ${DATABASE}.later_results (project_id UUID, t DateTime64(3), up UInt8) ENGINE = MergeTree ORDER BY (project_id, t)` });
});

afterAll(async () => {
  await store?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function rowsPerProject(table: string): Promise<Record<string, number>> {
  const query = compile(sql`SELECT toString(project_id) AS project, count() AS rows FROM ${param('Identifier', DATABASE)}.${param('Identifier', table)} GROUP BY project`);
  const rows = await (await store.client.query({ ...query, format: 'JSONEachRow' })).json<{ project: string; rows: string }>();
  return Object.fromEntries(rows.map((row) => [row.project, Number(row.rows)]));
}

describe('ProjectTelemetryRemover', () => {
  it("removes one project's rows from every table with a project id, on the background lane, and leaves the others", async () => {
    const metrics = new MetricRepository(store, new SeriesCache());
    const logs = new TelemetryBatchWriter(store.writer);
    const events = new AlertEventRepository(store);
    for (const projectId of [DOOMED, KEPT]) {
      await metrics.writeSamples(projectId, [
        { name: 'http_requests_total', labels: { service: 'api' }, timestampMs: NOW - 60_000, value: 1 },
        { name: 'http_requests_total', labels: { service: 'api' }, timestampMs: NOW, value: 2 },
      ]);
      await logs.writeLogBatch(projectId, makeLogBatch([makeLogRecord({ timestampMs: NOW })]), 7);
      await events.insert([{ projectId, ruleId: '00000000-0000-4000-8000-000000000001', ruleName: 'r', instanceId: 'i', time: NOW, labels: {}, from: 'inactive', to: 'firing', severity: 'critical', value: 1, evidence: null }]);
      await store.client.insert({ table: `${DATABASE}.later_results`, values: [{ project_id: projectId, t: NOW, up: 1 }], format: 'JSONEachRow' });
    }
    // The worker rolls the hour up once it is over (no view on the insert since migration 009).
    await new MetricRollup(store).run(NOW + 2 * HOUR_MS);
    const remover = new ProjectTelemetryRemover(store);
    const tables = await remover.tablesWithProjects();
    expect(tables).toEqual(expect.arrayContaining(['alert_events', 'later_results', 'logs', 'metric_rollup_hourly', 'metric_samples', 'metric_series']));
    expect(tables.some((table) => table.endsWith('_mv'))).toBe(false);
    for (const table of ['metric_samples', 'metric_series', 'metric_rollup_hourly', 'logs', 'alert_events', 'later_results']) {
      expect(Object.keys(await rowsPerProject(table)).sort(), table).toEqual([DOOMED, KEPT]);
    }

    const backgroundBefore = store.lanes.stats().background.completed;
    expect(await remover.deleteProject(DOOMED)).toEqual(tables);
    expect(store.lanes.stats().background.completed - backgroundBefore).toBeGreaterThanOrEqual(tables.length + 1);
    for (const table of tables) expect(Object.keys(await rowsPerProject(table)), table).not.toContain(DOOMED);
    for (const table of ['metric_samples', 'metric_series', 'logs', 'alert_events', 'later_results']) expect(Object.keys(await rowsPerProject(table)), table).toEqual([KEPT]);
    // Again (a crash after the first pass): nothing left to do, and no error.
    await remover.deleteProject(DOOMED);
  });
});
