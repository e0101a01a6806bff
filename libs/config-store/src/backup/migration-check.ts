import { createHash } from 'node:crypto';
import { findMigrationsDir } from '../migrate/migrate-database';
import { readMigrationFolder } from '../migrate/migration-list';
import type { AppliedMigration } from './table-snapshot';

/**
 * Problems that stop a backup made under `applied` migrations from being restored with the
 * migrations of this build: one missing here (a newer Vigil made the backup) or changed since.
 * Prisma records a migration's checksum as the SHA-256 of its migration.sql.
 */
export async function migrationMismatches(applied: readonly AppliedMigration[], migrationsDir = findMigrationsDir(__dirname)): Promise<string[]> {
  const { directories } = await readMigrationFolder(migrationsDir);
  const here = new Map(directories.map((directory) => [directory.name, directory.sql.ok ? createHash('sha256').update(directory.sql.content).digest('hex') : undefined]));
  const problems: string[] = [];
  for (const migration of applied) {
    const checksum = here.get(migration.name);
    if (checksum === undefined) problems.push(`Postgres migration ${migration.name} is not in this version of Vigil (the backup was made by a newer one)`);
    else if (checksum !== migration.checksum) problems.push(`Postgres migration ${migration.name} differs from the one the backup was made with`);
  }
  return problems;
}
