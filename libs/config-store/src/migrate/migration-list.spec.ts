import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildMigrationList, readMigrationFolder } from './migration-list';

describe('buildMigrationList', () => {
  it('lists migrations sorted by name, as the Prisma CLI does, with the lockfile relative to the base directory', () => {
    const list = buildMigrationList('/repo/prisma/migrations', {
      lockfile: 'provider = "postgresql"\n',
      directories: [
        { name: '20260102000000_second', sql: { ok: true, content: 'ALTER TABLE x ADD y int;' } },
        { name: '20260101000000_init', sql: { ok: true, content: 'CREATE TABLE x ();' } },
      ],
    });
    expect(list).toEqual({
      baseDir: '/repo/prisma/migrations',
      lockfile: { path: 'migration_lock.toml', content: 'provider = "postgresql"\n' },
      shadowDbInitScript: '',
      migrationDirectories: [
        { path: '20260101000000_init', migrationFile: { path: 'migration.sql', content: { tag: 'ok', value: 'CREATE TABLE x ();' } } },
        { path: '20260102000000_second', migrationFile: { path: 'migration.sql', content: { tag: 'ok', value: 'ALTER TABLE x ADD y int;' } } },
      ],
    });
  });

  it('passes an unreadable migration.sql on as an error for the engine to report', () => {
    const list = buildMigrationList('/m', { lockfile: null, directories: [{ name: '1_broken', sql: { ok: false, error: 'ENOENT' } }] });
    expect(list.lockfile.content).toBeNull();
    expect(list.migrationDirectories[0]?.migrationFile.content).toEqual({ tag: 'error', value: 'ENOENT' });
  });

  it('builds an empty list for an empty folder', () => {
    expect(buildMigrationList('/m', { lockfile: null, directories: [] }).migrationDirectories).toEqual([]);
  });
});

describe('the committed migrations', () => {
  // Prisma's wasm schema engine cuts a migration into statements at every `;`, inside `--`
  // comments too: a comment with one breaks the migration on every fresh database.
  it('hold no ";" in a comment', async () => {
    const migrations = await readMigrationFolder(join(__dirname, '../../../../prisma/migrations'));
    expect(migrations.directories.length).toBeGreaterThan(0);
    const offending = migrations.directories.flatMap(({ name, sql }) =>
      sql.ok
        ? sql.content
            .split('\n')
            .map((line, index) => ({ line, at: `${name}/migration.sql:${index + 1}` }))
            .filter(({ line }) => /--.*;/.test(line))
            .map(({ at }) => at)
        : [],
    );
    expect(offending).toEqual([]);
  });
});
