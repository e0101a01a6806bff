import { loadTables, migrateDatabase, migrationMismatches, startEmbeddedPostgres } from '@vigil/config-store';
import { createTelemetryStore, readMigrationFiles } from '@vigil/telemetry-store';
import { copyFile, realpath } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { abandonDirectory, claimEmptyDirectory } from './directories';
import { type BackupManifest, readManifest } from './manifest';

export interface RestoreOptions {
  /** A directory `takeBackup` wrote. */
  backupDir: string;
  /** The new data directory (VIGIL_DATA_DIR): absent or empty. */
  dataDir: string;
  /** ClickHouse database to restore into (CLICKHOUSE_DATABASE). */
  database: string;
  progress: (line: string) => void;
}

/**
 * Restores a backup into a fresh data directory, offline: Postgres gets exactly the backup's
 * migrations and then its rows (later migrations run at the next start, as after an upgrade),
 * ClickHouse its RESTORE, the data directory the secrets key. Redis starts empty at the next
 * start: it holds queues and counters, which Vigil rebuilds (docs/architecture.md). Refuses a
 * non-empty data directory and a backup made by a newer Vigil; a failure leaves the directory
 * as it found it.
 */
export async function restoreBackup(options: RestoreOptions): Promise<BackupManifest> {
  const backupDir = await realpath(resolve(options.backupDir)).catch(() => {
    throw new Error(`backup directory ${options.backupDir} does not exist`);
  });
  const manifest = await readManifest(backupDir);
  const problems = [...(await migrationMismatches(manifest.postgres.migrations)), ...(await clickhouseMismatches(manifest))];
  if (problems.length > 0) throw new Error(`this backup cannot be restored by this version of Vigil:\n  ${problems.join('\n  ')}`);

  const dataDir = resolve(options.dataDir);
  const { created } = await claimEmptyDirectory(dataDir, 'The data directory');
  try {
    if (manifest.secretKey !== null) await copyFile(join(backupDir, manifest.secretKey), join(dataDir, 'secret.key'));
    await restorePostgres(manifest, backupDir, dataDir, options.progress);
    await restoreClickHouse(manifest, backupDir, dataDir, options.database);
    options.progress(`clickhouse: restored into ${options.database}`);
  } catch (error) {
    await abandonDirectory(dataDir, created);
    throw error;
  }
  return manifest;
}

async function clickhouseMismatches(manifest: BackupManifest): Promise<string[]> {
  const here = new Map((await readMigrationFiles()).map((file) => [file.name, file.checksum]));
  return manifest.clickhouse.migrations.flatMap(({ name, checksum }) => {
    const local = here.get(name);
    if (local === undefined) return [`ClickHouse migration ${name} is not in this version of Vigil (the backup was made by a newer one)`];
    return local === checksum ? [] : [`ClickHouse migration ${name} differs from the one the backup was made with`];
  });
}

async function restorePostgres(manifest: BackupManifest, backupDir: string, dataDir: string, progress: (line: string) => void): Promise<void> {
  // Its own port, so a restore can run beside a running Vigil (a drill on the same machine).
  const postgres = await startEmbeddedPostgres({ dataDir: join(dataDir, 'postgres'), port: await freePort() });
  try {
    await migrateDatabase(postgres.url, { only: manifest.postgres.migrations.map((migration) => migration.name) });
    await loadTables(
      postgres.url,
      manifest.postgres.tables.map((table) => ({ table: table.name, file: join(backupDir, table.file), rows: table.rows })),
    );
    progress(`postgres: ${manifest.postgres.tables.length} tables, ${manifest.postgres.tables.reduce((sum, table) => sum + table.rows, 0)} rows`);
  } finally {
    await postgres.stop();
  }
}

async function restoreClickHouse(manifest: BackupManifest, backupDir: string, dataDir: string, database: string): Promise<void> {
  // ClickHouse may read backups only under its allowed path: the backup directory itself.
  const store = await createTelemetryStore({ database, dataDir, backupsPath: backupDir });
  try {
    await store.backups?.restore(join(backupDir, manifest.clickhouse.directory), manifest.clickhouse.database);
  } finally {
    await store.close();
  }
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no free port'))));
    });
  });
}
