import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadMigrationList, MIGRATION_LOCK_FILE } from './migration-list';
import { openSchemaEngine, withPanic } from './schema-engine';

export interface MigrateOptions {
  /** Prisma's migrations folder; default: `prisma/migrations` of the checkout (see below). */
  migrationsDir?: string;
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
  const { engine, close } = await openSchemaEngine(databaseUrl, options.log);
  try {
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: { externalTables: [], externalEnums: [] } });
    for (const name of appliedMigrationNames) options.log?.(`applied migration ${name}`);
    return { applied: appliedMigrationNames };
  } catch (error) {
    throw withPanic(error);
  } finally {
    await close();
  }
}

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
