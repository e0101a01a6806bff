import { existsSync } from 'node:fs';
import { Client } from 'pg';
import { dirname, join } from 'node:path';
import { loadMigrationList, MIGRATION_LOCK_FILE } from './migration-list';
import { openSchemaEngine, withPanic } from './schema-engine';

export interface MigrateOptions {
  /** Prisma's migrations folder; default: `prisma/migrations` of the checkout (see below). */
  migrationsDir?: string;
  /**
   * Apply only these migrations (by folder name), e.g. the ones a backup's data was written
   * under; later ones run at the next start. Each must exist in the folder.
   */
  only?: readonly string[];
  log?: (line: string) => void;
}

/**
 * Applies the migrations in `prisma/migrations` that the database has not seen, recording
 * them in `_prisma_migrations` exactly as `prisma migrate deploy` does (it is the same
 * engine code, compiled to WebAssembly). Idempotent; returns the names it applied.
 */
export async function migrateDatabase(databaseUrl: string, options: MigrateOptions = {}): Promise<{ applied: string[] }> {
  const migrationsDir = options.migrationsDir ?? findMigrationsDir(__dirname);
  const migrationsList = await loadMigrationList(migrationsDir);
  if (migrationsList.lockfile.content === null) throw new Error(`${migrationsDir} has no ${MIGRATION_LOCK_FILE}: is it a Prisma migrations folder?`);
  if (options.only !== undefined) {
    const wanted = new Set(options.only);
    migrationsList.migrationDirectories = migrationsList.migrationDirectories.filter((directory) => wanted.delete(directory.path));
    if (wanted.size > 0) throw new Error(`${migrationsDir} has no migration ${[...wanted].join(', ')}`);
  }
  // Replicas start together: a session-level advisory lock makes them migrate one at a
  // time, and those that come second find nothing left to apply.
  const lock = new Client({ connectionString: databaseUrl });
  await lock.connect();
  await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_ADVISORY_LOCK]);
  const { engine, close } = await openSchemaEngine(databaseUrl, options.log).catch(async (error: unknown) => {
    await lock.end();
    throw error;
  });
  try {
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: { externalTables: [], externalEnums: [] } });
    for (const name of appliedMigrationNames) options.log?.(`applied migration ${name}`);
    return { applied: appliedMigrationNames };
  } catch (error) {
    throw withPanic(error);
  } finally {
    await close();
    await lock.end();
  }
}

/** An arbitrary constant shared by every Vigil process: "vigil-mg" as ASCII. */
const MIGRATION_ADVISORY_LOCK = 0x7669_6769_6c2d_6d67n.toString();

/**
 * The `prisma/migrations` folder above `from`: found by walking up, because this code runs
 * both from `libs/config-store/src` (tests) and from `dist/server/libs/...` (built apps).
 */
export function findMigrationsDir(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'prisma', 'migrations');
    if (existsSync(join(candidate, MIGRATION_LOCK_FILE))) return candidate;
    if (dirname(dir) === dir) throw new Error(`No prisma/migrations/${MIGRATION_LOCK_FILE} found above ${from}; pass migrationsDir.`);
  }
}
