import { AdvisoryLocks, createDatabaseCopy, type DatabaseCopy } from '@vigil/config-store';
import { createTelemetryStore, migrateTelemetryStore, type TelemetryStore } from '@vigil/telemetry-store';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

/*
 * Replicas starting together against one ClickHouse (items of issue 13, "migrations on replicas").
 * No current ClickHouse server installs on these machines (Debian's is 18.16, from 2018) and chDB
 * opens a data directory in one process only, so the two "replicas" are two stores in this process
 * on one chDB directory, each with its own scheduler (their statements interleave in the engine)
 * and each taking the lock on its own Postgres session, as two processes would. The migration
 * files are the shipped ones plus one that counts its runs.
 */
let dataDir: string;
let migrations: string;
let postgres: DatabaseCopy;
const stores: TelemetryStore[] = [];

const COUNTING = '990-record-runs.sql';

async function replica(database: string): Promise<TelemetryStore> {
  const store = await createTelemetryStore({ database, dataDir });
  stores.push(store);
  return store;
}

async function runs(store: TelemetryStore): Promise<number> {
  const result = await store.client.query({ query: `SELECT count() AS n FROM ${store.database}.migration_runs`, format: 'JSONEachRow' });
  return Number((await result.json<{ n: string }>())[0]?.n);
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'vigil-migration-lock-'));
  migrations = join(dataDir, 'migrations');
  await cp(join(__dirname, '../../telemetry-store/migrations'), migrations, { recursive: true });
  // Not idempotent on purpose: every run of it leaves one row.
  await writeFile(
    join(migrations, COUNTING),
    'CREATE TABLE IF NOT EXISTS {{TABLE:migration_runs}} {{ON_CLUSTER}} (at DateTime64(6)) ENGINE = {{ENGINE:MergeTree}} ORDER BY at;\nINSERT INTO {{DATABASE}}.migration_runs SELECT now64(6);\n',
  );
  postgres = await createDatabaseCopy(inject('postgresAdminUrl'), inject('postgresTemplateDatabase'));
});

afterAll(async () => {
  for (const store of stores) await store.close();
  await postgres?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('ClickHouse migrations on replicas', () => {
  it('without a lock, two replicas starting together both run an unrecorded migration (what the lock prevents)', async () => {
    const [a, b] = [await replica('t_lock_none'), await replica('t_lock_none')];
    await Promise.all([migrateTelemetryStore(a, { directory: migrations }), migrateTelemetryStore(b, { directory: migrations })]);
    expect(await runs(a)).toBe(2);
  });

  it('with the Postgres lock, one replica applies every file and the other then finds them recorded', async () => {
    const [a, b] = [await replica('t_lock'), await replica('t_lock')];
    const lock = (locks: AdvisoryLocks) => <T>(work: () => Promise<T>) => locks.run('vigil:clickhouse-migrations:t_lock', work);
    const results = await Promise.all([
      migrateTelemetryStore(a, { directory: migrations, lock: lock(new AdvisoryLocks(postgres.url)) }),
      migrateTelemetryStore(b, { directory: migrations, lock: lock(new AdvisoryLocks(postgres.url)) }),
    ]);
    expect(await runs(a)).toBe(1);
    const [first, second] = results[0].applied.length > 0 ? results : [results[1], results[0]];
    expect(first?.applied).toContain(COUNTING);
    expect(second?.applied).toEqual([]);
    expect(second?.alreadyApplied).toEqual(first?.applied);
  });
});

describe('AdvisoryLocks', () => {
  it('lets one holder at a time run, skips a try while held, and frees the lock when its holder dies', async () => {
    const locks = new AdvisoryLocks(postgres.url);
    let release!: () => void;
    const held = locks.run('vigil:test', () => new Promise<string>((resolve) => (release = () => resolve('first'))));
    // The holder's session has the lock once its query is in; wait for that, not for time.
    const admin = new Client({ connectionString: postgres.url });
    await admin.connect();
    const holderPid = async (): Promise<number | undefined> => {
      const result = await admin.query<{ pid: number }>("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted");
      return result.rows[0]?.pid;
    };
    while ((await holderPid()) === undefined) await new Promise((resolve) => setImmediate(resolve));
    expect(await locks.tryRun('vigil:test', async () => 'second')).toEqual({ acquired: false });
    expect(await locks.tryRun('vigil:other', async () => 'other')).toEqual({ acquired: true, value: 'other' });
    const waiting = locks.run('vigil:test', async () => 'third');
    release();
    expect(await held).toBe('first');
    expect(await waiting).toBe('third');

    // A holder whose connection dies (a killed process) leaves the lock free.
    const orphan = locks.run('vigil:test', () => new Promise<never>(() => undefined));
    let pid: number | undefined;
    while ((pid = await holderPid()) === undefined) await new Promise((resolve) => setImmediate(resolve));
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    expect(await locks.run('vigil:test', async () => 'after')).toBe('after');
    void orphan;
    await admin.end();
  });
});
