import type { MigrationDirectory, MigrationList } from '@prisma/schema-engine-wasm';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export const MIGRATION_LOCK_FILE = 'migration_lock.toml';
export const MIGRATION_FILE = 'migration.sql';

/** What a migrations folder holds, as plain data: names and file contents (or read errors). */
export interface MigrationFolderContents {
  lockfile: string | null;
  directories: { name: string; sql: { ok: true; content: string } | { ok: false; error: string } }[];
}

/**
 * The engine's `MigrationList`, built exactly as the Prisma CLI builds it (`prisma/build/cli.js`,
 * the function that reads `migration_lock.toml`): every sub-directory is a migration, sorted
 * by name with `localeCompare`, its `migration.sql` passed as content or as a read error,
 * and the lockfile path relative to the base directory.
 */
export function buildMigrationList(baseDir: string, contents: MigrationFolderContents): MigrationList {
  const migrationDirectories: MigrationDirectory[] = [...contents.directories]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map(({ name, sql }) => ({
      path: name,
      migrationFile: { path: MIGRATION_FILE, content: sql.ok ? { tag: 'ok', value: sql.content } : { tag: 'error', value: sql.error } },
    }));
  return {
    baseDir,
    lockfile: { path: MIGRATION_LOCK_FILE, content: contents.lockfile },
    shadowDbInitScript: '',
    migrationDirectories,
  };
}

/** Reads `migrationsDir` (Prisma's layout: `<timestamp>_<name>/migration.sql` + lockfile). */
export async function readMigrationFolder(migrationsDir: string): Promise<MigrationFolderContents> {
  const lockfile = await readFile(join(migrationsDir, MIGRATION_LOCK_FILE), 'utf8').catch(() => null);
  const entries = await readdir(migrationsDir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  const directories = await Promise.all(
    entries
      .filter((entry) => entry.isDirectory())
      .map(async (entry) => {
        try {
          return { name: entry.name, sql: { ok: true as const, content: await readFile(join(migrationsDir, entry.name, MIGRATION_FILE), 'utf8') } };
        } catch (error) {
          return { name: entry.name, sql: { ok: false as const, error: (error as Error).message } };
        }
      }),
  );
  return { lockfile, directories };
}

export async function loadMigrationList(migrationsDir: string): Promise<MigrationList> {
  const baseDir = resolve(migrationsDir);
  return buildMigrationList(baseDir, await readMigrationFolder(baseDir));
}
