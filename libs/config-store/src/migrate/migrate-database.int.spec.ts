import { readdirSync } from 'node:fs';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDatabaseCopy, type DatabaseCopy, dropDatabase, ensureDatabase } from '../postgres/databases';
import { findMigrationsDir, migrateDatabase } from './migrate-database';

const adminUrl = inject('postgresAdminUrl');
const migrationsDir = findMigrationsDir(__dirname);
const migrationNames = readdirSync(migrationsDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('migrateDatabase', () => {
  // An empty database (not a copy of the migrated template) to migrate from scratch.
  let empty: DatabaseCopy;
  beforeAll(async () => {
    empty = await createDatabaseCopy(adminUrl, 'template0');
  });
  afterAll(() => empty.drop());

  it('applies every migration to an empty database and records them like `prisma migrate deploy`', async () => {
    const { applied } = await migrateDatabase(empty.url, { migrationsDir });
    expect(applied).toEqual(migrationNames);
    const rows = await query<{ migration_name: string; finished_at: Date | null; rolled_back_at: Date | null; checksum: string; applied_steps_count: number }>(
      empty.url,
      'SELECT migration_name, finished_at, rolled_back_at, checksum, applied_steps_count FROM _prisma_migrations ORDER BY migration_name',
    );
    expect(rows.map((row) => row.migration_name)).toEqual(migrationNames);
    for (const row of rows) {
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.applied_steps_count).toBe(1);
    }
    const tables = await query<{ tablename: string }>(empty.url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");
    expect(tables.map((t) => t.tablename)).toEqual(
      expect.arrayContaining(['_prisma_migrations', 'api_keys', 'memberships', 'organizations', 'projects', 'sessions', 'users']),
    );
  });

  it('is idempotent: a second run applies nothing and records nothing new', async () => {
    const { applied } = await migrateDatabase(empty.url, { migrationsDir });
    expect(applied).toEqual([]);
    const [row] = await query<{ count: string }>(empty.url, 'SELECT count(*) FROM _prisma_migrations');
    expect(Number(row?.count)).toBe(migrationNames.length);
  });

  it('finds prisma/migrations by itself and reports a missing folder clearly', async () => {
    expect(findMigrationsDir(__dirname)).toMatch(/prisma\/migrations$/);
    await expect(migrateDatabase(empty.url, { migrationsDir: '/nonexistent' })).rejects.toThrow(/migration_lock\.toml/);
  });

  it('creates a database only when it is missing', async () => {
    const name = `t_ensure_${Date.now()}`;
    expect(await ensureDatabase(adminUrl, name)).toBe(true);
    expect(await ensureDatabase(adminUrl, name)).toBe(false);
    await dropDatabase(adminUrl, name);
    await dropDatabase(adminUrl, name);
    expect(await query(adminUrl, `SELECT 1 FROM pg_database WHERE datname = '${name}'`)).toEqual([]);
  });
});
