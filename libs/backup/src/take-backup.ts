import { TableSnapshot } from '@vigil/config-store';
import { appliedMigrations, type TelemetryStore } from '@vigil/telemetry-store';
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { abandonDirectory, claimEmptyDirectory, moveDirectory } from './directories';
import { type BackupManifest, writeManifest } from './manifest';

/** What a backup reads: the running process's engines, nothing else. */
export interface BackupSources {
  /** The embedded store, opened with `backupsPath` (ClickHouse stages its backup there). */
  telemetry: TelemetryStore;
  /** The config database. */
  databaseUrl: string;
  /** The data directory's secrets key file, when Vigil uses it (VIGIL_SECRET_KEY unset). */
  secretKeyFile: string | undefined;
}

const CLICKHOUSE_DIRECTORY = 'clickhouse';
const POSTGRES_DIRECTORY = 'postgres';
const SECRET_KEY_FILE = 'secret.key';

/**
 * A consistent backup of a running Vigil into `target` (absent or empty). The point: one turn of
 * the telemetry store's write lane, during which no ClickHouse write runs, in which the Postgres
 * snapshot is taken and ClickHouse lists the parts it will copy. Both parts therefore show the
 * same instant: every ingest acknowledged before it and every configuration change committed
 * before it, nothing later. Ingest waits only for that turn (tens of milliseconds); the copying
 * and the table dumps run while Vigil goes on. The manifest is written last.
 */
export async function takeBackup(sources: BackupSources, target: string, progress: (line: string) => void): Promise<BackupManifest> {
  const backups = sources.telemetry.backups;
  if (!backups) throw new Error('backups need the embedded ClickHouse (with CLICKHOUSE_URL, use the server’s own BACKUP)');
  const started = Date.now();
  const { created } = await claimEmptyDirectory(target, 'The backup directory');
  // One backup at a time per process (the control server sees to it): whatever is staged is
  // left from one that failed.
  for (const entry of await readdir(backups.directory)) await rm(join(backups.directory, entry), { recursive: true, force: true });
  const snapshot = await TableSnapshot.open(sources.databaseUrl).catch(async (error: unknown) => {
    await abandonDirectory(target, created);
    throw error;
  });
  try {
    const clickhouseMigrations = await appliedMigrations(sources.telemetry);
    const running = await backups.start(`backup-${randomBytes(6).toString('hex')}`, () => snapshot.take());
    progress(`point: ${running.cut.at.toISOString()}${running.cut.exact ? '' : ' (ClickHouse needed longer than the hold bound; it may hold a little more)'}`);

    await mkdir(join(target, POSTGRES_DIRECTORY), { mode: 0o700 });
    const tables: BackupManifest['postgres']['tables'] = [];
    for (const name of await snapshot.tables()) {
      const file = `${POSTGRES_DIRECTORY}/${name}.ndjson`;
      tables.push({ name, file, rows: await snapshot.dumpTable(name, join(target, file)) });
    }
    const postgres = { serverVersion: await snapshot.serverVersion(), migrations: await snapshot.migrations(), tables };
    progress(`postgres: ${tables.length} tables, ${tables.reduce((sum, table) => sum + table.rows, 0)} rows`);

    await running.completion;
    await moveDirectory(running.path, join(target, CLICKHOUSE_DIRECTORY));
    progress('clickhouse: written');

    let secretKey: string | null = null;
    if (sources.secretKeyFile !== undefined) {
      await copyFile(sources.secretKeyFile, join(target, SECRET_KEY_FILE));
      secretKey = SECRET_KEY_FILE;
    }
    const manifest: BackupManifest = {
      format: 'vigil-backup',
      version: 1,
      point: running.cut.at.toISOString(),
      exactCut: running.cut.exact,
      clickhouse: { directory: CLICKHOUSE_DIRECTORY, database: sources.telemetry.database, migrations: clickhouseMigrations },
      postgres,
      secretKey,
      durationMs: Date.now() - started,
    };
    await writeManifest(target, manifest);
    return manifest;
  } catch (error) {
    await abandonDirectory(target, created);
    throw error;
  } finally {
    await snapshot.close();
  }
}
