import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile, param, qualifiedTable, sql } from '../sql-template';
import { TelemetryMigrationError } from '../telemetry.errors';
import { createTelemetryStore, type TelemetryStore } from '../telemetry-store';
import { renderMigration, splitStatements } from './migration-renderer';
import { migrateTelemetryStore, migrationChecksum, readMigrationFiles } from './migration-runner';

// One chDB data directory for this file (one engine per process); each case uses its own database.
let dataDir: string;
let migrationsDir: string;
const stores: TelemetryStore[] = [];
let store: TelemetryStore;

async function recorded(database: string): Promise<{ name: string; checksum: string }[]> {
  const query = compile(sql`SELECT name, checksum FROM ${qualifiedTable(database, 'schema_migrations')} ORDER BY name`);
  return (await store.client.query({ ...query, format: 'JSONEachRow' })).json();
}

async function tables(database: string): Promise<string[]> {
  const query = compile(sql`SELECT name FROM system.tables WHERE database = ${param('String', database)} ORDER BY name`);
  return (await (await store.client.query({ ...query, format: 'JSONEachRow' })).json<{ name: string }>()).map((row) => row.name);
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'vigil-migrations-'));
  migrationsDir = join(dataDir, 'migrations');
  await cp(join(__dirname, '../../migrations'), migrationsDir, { recursive: true });
  store = await createTelemetryStore({ database: 't_migrate', dataDir });
  stores.push(store);
});

afterAll(async () => {
  await store?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('migrateTelemetryStore', () => {
  it('applies the shipped migrations, creates the tables and records name and checksum', async () => {
    const result = await migrateTelemetryStore(store);
    const files = await readMigrationFiles();
    expect(result.applied).toEqual(files.map((file) => file.name));
    expect(result.applied[0]).toBe('001-create-metric-tables.sql');
    expect(await tables('t_migrate')).toEqual([
      'alert_events',
      'check_results',
      'check_results_daily',
      'check_results_daily_mv',
      'logs',
      'metric_metadata',
      'metric_rollup_hourly',
      'metric_rollup_stale',
      'metric_rollup_watermark',
      'metric_samples',
      'metric_series',
      'schema_migrations',
      'slo_sli_hours',
      'slo_sli_hours_mv',
      'slo_sli_minutes',
    ]);
    expect(await recorded('t_migrate')).toEqual(files.map((file) => ({ name: file.name, checksum: file.checksum })));
  });

  it('is idempotent: a second run applies nothing and records nothing twice', async () => {
    const result = await migrateTelemetryStore(store);
    expect(result.applied).toEqual([]);
    expect(result.alreadyApplied).toContain('001-create-metric-tables.sql');
    const rows = await recorded('t_migrate');
    expect(new Set(rows.map((row) => row.name)).size).toBe(rows.length);
  });

  it('applies only new files, in order', async () => {
    await writeFile(join(migrationsDir, '900-create-probe-table.sql'), 'CREATE TABLE IF NOT EXISTS {{TABLE:probe}} {{ON_CLUSTER}} (a UInt8) ENGINE = {{ENGINE:MergeTree}} ORDER BY a;\n');
    const result = await migrateTelemetryStore(store, { directory: migrationsDir });
    expect(result.applied).toEqual(['900-create-probe-table.sql']);
    expect(await tables('t_migrate')).toContain('probe');
  });

  it('refuses to run when an applied file changed, naming the file, and applies nothing else', async () => {
    const file = join(migrationsDir, '001-create-metric-tables.sql');
    await writeFile(file, '-- edited\n', { flag: 'a' });
    await writeFile(join(migrationsDir, '901-create-other-table.sql'), 'CREATE TABLE IF NOT EXISTS {{TABLE:other}} (a UInt8) ENGINE = {{ENGINE:MergeTree}} ORDER BY a;\n');
    const error = await migrateTelemetryStore(store, { directory: migrationsDir }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TelemetryMigrationError);
    expect((error as TelemetryMigrationError).problem).toBe('CHECKSUM_MISMATCH');
    expect((error as Error).message).toMatch(/001-create-metric-tables\.sql was changed after it was applied .*new numbered migration/);
    expect(await tables('t_migrate')).not.toContain('other');
  });

  it('refuses badly named and duplicate-numbered files', async () => {
    const dir = join(dataDir, 'bad');
    await cp(join(__dirname, '../../migrations'), dir, { recursive: true });
    await writeFile(join(dir, '2-oops.sql'), 'SELECT 1;');
    await expect(readMigrationFiles(dir)).rejects.toThrow(/2-oops\.sql must be named NNN-verb-object\.sql/);
    await rm(join(dir, '2-oops.sql'));
    await writeFile(join(dir, '001-create-again.sql'), 'SELECT 1;');
    await expect(readMigrationFiles(dir)).rejects.toThrow(/two ClickHouse migrations are numbered 001/);
  });

  it('reports the failing file when a statement fails', async () => {
    const dir = join(dataDir, 'broken');
    await cp(join(__dirname, '../../migrations'), dir, { recursive: true });
    await writeFile(join(dir, '950-create-broken-table.sql'), 'CREATE TABLE {{TABLE:broken}} (a NoSuchType) ENGINE = {{ENGINE:MergeTree}} ORDER BY a;\n');
    await expect(migrateTelemetryStore(store, { directory: dir })).rejects.toThrow(/950-create-broken-table\.sql failed: .*NoSuchType/);
    expect((await recorded('t_migrate')).map((row) => row.name)).not.toContain('950-create-broken-table.sql');
  });

  it('ignores CRLF line endings in the checksum', () => {
    expect(migrationChecksum('a;\r\nb;\r\n')).toBe(migrationChecksum('a;\nb;\n'));
  });

  it('renders cluster DDL that ClickHouse parses (formatQuery), for every shipped migration', async () => {
    // chDB has no cluster to run ON CLUSTER against; parsing proves the rendered SQL is valid.
    for (const file of await readdir(join(__dirname, '../../migrations'))) {
      const { source } = (await readMigrationFiles()).find((migration) => migration.name === file) ?? { source: '' };
      for (const statement of splitStatements(renderMigration(source, { database: 'vigil', cluster: 'vigil_cluster' }))) {
        const query = compile(sql`SELECT formatQuery(${param('String', statement)}) AS formatted`);
        const [row] = await (await store.client.query({ ...query, format: 'JSONEachRow' })).json<{ formatted: string }>();
        // DDL runs on every node; a backfill (INSERT … SELECT) goes through the Distributed tables instead.
        if (statement.startsWith('INSERT')) expect(row?.formatted).toMatch(/^INSERT INTO vigil\.metric_rollup_(1h|hourly|watermark) /);
        else expect(row?.formatted).toMatch(/ON CLUSTER vigil_cluster/);
      }
    }
  });
});
