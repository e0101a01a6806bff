import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { compile, param, qualifiedTable, sql } from '../sql-template';
import { TelemetryMigrationError } from '../telemetry.errors';
import type { TelemetryStore } from '../telemetry-store';
import { renderMigration, splitStatements } from './migration-renderer';

export interface MigrateOptions {
  /** Render cluster DDL (ON CLUSTER, Replicated engines, Distributed tables); defaults to the store's cluster. */
  cluster?: string;
  /** Where the NNN-verb-object.sql files are; defaults to this lib's `migrations/` (also in dist). */
  directory?: string;
  /**
   * Runs the migration under a lock every process migrating this ClickHouse shares (replicas
   * starting together): the second waits, then finds the files recorded and applies nothing.
   * Without it (embedded chDB: one process per data directory) the run is not serialised.
   */
  lock?: <T>(work: () => Promise<T>) => Promise<T>;
}

export interface MigrationFile {
  name: string;
  checksum: string;
  source: string;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: string[];
}

// Sources live in libs/telemetry-store/src/migrations, and the build mirrors that layout
// under dist/server (scripts/build-server.mjs copies migrations/), so this works in both.
const DEFAULT_DIRECTORY = resolve(__dirname, '../../migrations');
const FILE_PATTERN = /^(\d{3})-[a-z0-9]+(?:-[a-z0-9]+)*\.sql$/;

const BOOKKEEPING_DDL = `
CREATE TABLE IF NOT EXISTS {{DATABASE}}.schema_migrations {{ON_CLUSTER}}
(
    name String,
    checksum String,
    applied_at DateTime64(3)
)
ENGINE = {{ENGINE_ALL_SHARDS:ReplacingMergeTree(applied_at)}}
ORDER BY name`;

/** SHA-256 of the file with line endings normalised, so a CRLF checkout is not "changed". */
export function migrationChecksum(source: string): string {
  return createHash('sha256').update(source.replace(/\r\n/g, '\n')).digest('hex');
}

/** The migration files in order; refuses names that do not follow NNN-verb-object.sql. */
export async function readMigrationFiles(directory = DEFAULT_DIRECTORY): Promise<MigrationFile[]> {
  const names = (await readdir(directory)).filter((name) => name.endsWith('.sql')).sort();
  const numbers = new Set<string>();
  const files: MigrationFile[] = [];
  for (const name of names) {
    const match = FILE_PATTERN.exec(name);
    if (!match) throw new TelemetryMigrationError('INVALID_FILE_NAME', `ClickHouse migration ${name} must be named NNN-verb-object.sql, e.g. 002-add-log-tables.sql`);
    const number = match[1] as string;
    if (numbers.has(number)) throw new TelemetryMigrationError('INVALID_FILE_NAME', `two ClickHouse migrations are numbered ${number}; give ${name} the next free number`);
    numbers.add(number);
    const source = await readFile(join(directory, name), 'utf8');
    files.push({ name, checksum: migrationChecksum(source), source });
  }
  return files;
}

async function appliedChecksums(store: TelemetryStore): Promise<Map<string, string>> {
  const query = compile(sql`
    SELECT name, argMax(checksum, applied_at) AS checksum
    FROM ${qualifiedTable(store.database, 'schema_migrations')}
    GROUP BY name`);
  const result = await store.client.query({ ...query, format: 'JSONEachRow' });
  const rows = await result.json<{ name: string; checksum: string }>();
  return new Map(rows.map((row) => [row.name, row.checksum]));
}

/** The migrations recorded in the store (a backup's manifest lists them), in name order. */
export async function appliedMigrations(store: TelemetryStore): Promise<{ name: string; checksum: string }[]> {
  return [...(await appliedChecksums(store))].map(([name, checksum]) => ({ name, checksum })).sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Applies the migration files not yet recorded in `schema_migrations`, in order, and records
 * each (name, checksum, applied_at) after all its statements succeed. Statements are written
 * idempotently (IF NOT EXISTS), so a file interrupted half-way is safe to run again. A file
 * whose checksum differs from the recorded one stops the run before anything is applied:
 * applied migrations are immutable, changes go in a new file.
 *
 * Replicas starting at once take `options.lock` first (the runtime gives a Postgres advisory
 * lock when ClickHouse is a server), so one applies the files and the others then read them as
 * recorded: a migration with a backfill (003, 004) or a DELETE never runs twice at once.
 */
export async function migrateTelemetryStore(store: TelemetryStore, options: MigrateOptions = {}): Promise<MigrateResult> {
  return options.lock ? options.lock(() => migrate(store, options)) : migrate(store, options);
}

async function migrate(store: TelemetryStore, options: MigrateOptions): Promise<MigrateResult> {
  const cluster = options.cluster ?? store.cluster;
  const render = (source: string): string => renderMigration(source, { database: store.database, cluster });
  await store.client.command({ query: render(BOOKKEEPING_DDL) });

  const files = await readMigrationFiles(options.directory);
  const applied = await appliedChecksums(store);
  for (const file of files) {
    const recorded = applied.get(file.name);
    if (recorded !== undefined && recorded !== file.checksum) {
      throw new TelemetryMigrationError(
        'CHECKSUM_MISMATCH',
        `ClickHouse migration ${file.name} was changed after it was applied (recorded checksum ${recorded}, file now ${file.checksum}). ` +
          'Applied migrations must not change: restore the file and put the change in a new numbered migration.',
      );
    }
  }

  const result: MigrateResult = { applied: [], alreadyApplied: [] };
  for (const file of files) {
    if (applied.has(file.name)) {
      result.alreadyApplied.push(file.name);
      continue;
    }
    for (const statement of splitStatements(render(file.source))) {
      try {
        await store.client.command({ query: statement });
      } catch (error) {
        throw new TelemetryMigrationError('STATEMENT_FAILED', `ClickHouse migration ${file.name} failed: ${(error as Error).message}`, { cause: error });
      }
    }
    const record = compile(sql`
      INSERT INTO ${qualifiedTable(store.database, 'schema_migrations')} (name, checksum, applied_at)
      SELECT ${param('String', file.name)}, ${param('String', file.checksum)}, now64(3)`);
    await store.client.command(record);
    result.applied.push(file.name);
  }
  return result;
}
