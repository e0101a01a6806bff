import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile, param, sql } from '../sql-template';
import { createTelemetryStore, type TelemetryStore } from '../telemetry-store';
import { runInLane } from './lane-context';

// One chDB data directory for this file (one engine per process).
let dataDir: string;
let store: TelemetryStore;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'vigil-lanes-'));
  store = await createTelemetryStore({ database: 't_lanes', dataDir });
  await store.client.command({ query: 'CREATE TABLE IF NOT EXISTS t_lanes.events (n UInt64) ENGINE = MergeTree ORDER BY n' });
});

afterAll(async () => {
  await store?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** A query that keeps the engine busy for a while (a few hundred ms on the 2-core machines). */
const busy = (rows: number) => compile(sql`SELECT count() AS c FROM numbers(${param('UInt64', rows)}) WHERE sipHash64(number) % 7 = 1`);

describe('lanes on embedded chDB', () => {
  it('runs a queued evaluation and an insert before the interactive queries queued earlier', async () => {
    const finished: string[] = [];
    const track = (name: string, work: Promise<unknown>) => work.then(() => finished.push(name));
    const all = [
      track('dash-0', store.client.query({ ...busy(3_000_000), format: 'JSONEachRow' })),
      ...[1, 2, 3].map((index) => track(`dash-${index}`, store.client.query({ ...busy(1_000_000), format: 'JSONEachRow' }))),
      track('eval', runInLane('evaluation', () => store.client.query({ ...busy(1_000), format: 'JSONEachRow' }))),
      track('insert', store.writer.insert('events', [{ name: 'n', kind: 'UInt64' }], [['1'], ['2']])),
    ];
    await Promise.all(all);
    // dash-0 was running when the others asked; the insert (write lane) goes first, then the
    // evaluation, then the dashboards in arrival order.
    expect(finished).toEqual(['dash-0', 'insert', 'eval', 'dash-1', 'dash-2', 'dash-3']);
    const stats = store.lanes.stats();
    expect(stats.write.completed).toBeGreaterThanOrEqual(1);
    expect(stats.evaluation.completed).toBe(1);
    expect(stats.evaluation.wait.count).toBe(1);
    expect(stats.interactive.run.sumMs).toBeGreaterThan(0);
    expect(stats.interactive).toMatchObject({ queued: 0, inFlight: 0, limit: 1 });
  });

  it('schedules ping and command too, and leaves nothing running afterwards', async () => {
    const before = store.lanes.stats().background.completed;
    await runInLane('background', async () => {
      await store.ping();
      await store.client.command({ query: 'OPTIMIZE TABLE t_lanes.events FINAL' });
    });
    const stats = store.lanes.stats();
    expect(stats.background.completed).toBe(before + 2);
    expect(Object.values(stats).every((lane) => lane.inFlight === 0 && lane.queued === 0)).toBe(true);
  });
});
