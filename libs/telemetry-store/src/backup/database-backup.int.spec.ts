import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateTelemetryStore } from '../migrations/migration-runner';
import { MetricRollup } from '../rollup/metric-rollup';
import { compile, param, qualifiedTable, sql } from '../sql-template';
import { createTelemetryStore, type TelemetryStore } from '../telemetry-store';
import type { ColumnSpec, Row } from '../writer/row-encoding';

// chDB binds one data directory per process: the source and the restored database share it.
let dataDir: string;
let source: TelemetryStore;
let restored: TelemetryStore;

const COLUMNS: readonly ColumnSpec[] = [
  { name: 'project_id', kind: 'String' },
  { name: 'metric_name', kind: 'String' },
  { name: 'fingerprint', kind: 'UInt64' },
  { name: 'timestamp', kind: 'DateTime64Ms' },
  { name: 'value', kind: 'Float64' },
];
const PROJECT = '00000000-0000-4000-8000-000000000001';
// Recent: older samples would fall to the table's TTL as they are inserted.
const START = Date.now() - 3_600_000;

function samples(first: number, count: number): Row[] {
  return Array.from({ length: count }, (_, i) => [PROJECT, 'backup_test', '1', START + (first + i) * 1000, first + i]);
}

async function countSamples(store: TelemetryStore): Promise<number> {
  const result = await store.client.query({ ...compile(sql`SELECT count() AS n FROM ${qualifiedTable(store.database, 'metric_samples')}`), format: 'JSONEachRow' });
  return Number((await result.json<{ n: string }>())[0]?.n);
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'vigil-ch-backup-'));
  const backupsPath = join(dataDir, 'backups');
  source = await createTelemetryStore({ database: 't_source', dataDir, backupsPath });
  await migrateTelemetryStore(source);
  restored = await createTelemetryStore({ database: 't_restored', dataDir, backupsPath });
});

afterAll(async () => {
  await restored?.close();
  await source?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('DatabaseBackups', () => {
  it('backs up exactly the writes finished before the cut while later writes wait, and restores tables, views and rows', async () => {
    const backups = source.backups;
    if (!backups) throw new Error('the store was opened with backupsPath');
    await source.writer.insert('metric_samples', COLUMNS, samples(0, 1_000));
    // The worker rolls those hours up (from the samples' hour, through the current one).
    await source.client.command(compile(sql`INSERT INTO ${qualifiedTable('t_source', 'metric_rollup_watermark')} (id, hour, updated_at) SELECT 1, toStartOfHour(fromUnixTimestamp64Milli(${param('Int64', START)})), now64(3)`));
    expect((await new MetricRollup(source).run(Date.now() + 2 * 3_600_000)).closedHours).toBeGreaterThan(0);

    let late: Promise<void> | undefined;
    let ranAtCut = false;
    const running = await backups.start('b-1', async () => {
      ranAtCut = true;
      // Asked for during the cut: it waits for the turn, so it lands after the listing.
      late = source.writer.insert('metric_samples', COLUMNS, samples(1_000, 500));
    });
    expect(ranAtCut).toBe(true);
    expect(running.cut.exact).toBe(true);
    await late;
    await running.completion;
    expect((await stat(join(running.path, '.backup'))).isFile()).toBe(true);
    expect(await countSamples(source)).toBe(1_500);

    await restored.backups?.restore(running.path, 't_source');
    expect(await countSamples(restored)).toBe(1_000);
    // Tables come back as they were, the rollup with its watermark, holding its rows once:
    // RESTORE attaches parts, nothing builds the rollup from the restored samples again.
    const tables = await restored.client.query({ ...compile(sql`SELECT name FROM system.tables WHERE database = 't_restored' ORDER BY name`), format: 'JSONEachRow' });
    expect((await tables.json<{ name: string }>()).map((row) => row.name)).toEqual(
      expect.arrayContaining(['logs', 'metric_rollup_hourly', 'metric_rollup_stale', 'metric_rollup_watermark', 'metric_samples', 'schema_migrations']),
    );
    expect(await new MetricRollup(restored).watermark()).toBe(await new MetricRollup(source).watermark());
    const rollup = await restored.client.query({
      ...compile(sql`SELECT sum(sample_count) AS n FROM ${qualifiedTable('t_restored', 'metric_rollup_hourly')}`),
      format: 'JSONEachRow',
    });
    expect(Number((await rollup.json<{ n: string }>())[0]?.n)).toBe(1_000);
  });

  it('refuses to restore into a database that already has tables, and paths outside its directory', async () => {
    const backups = restored.backups;
    if (!backups) throw new Error('the store was opened with backupsPath');
    await expect(backups.restore(join(dataDir, 'backups', 'b-1'), 't_source')).rejects.toThrow(/already has \d+ tables/);
    await expect(source.backups?.start('../escape')).rejects.toThrow(/invalid backup name/);
  });
});
