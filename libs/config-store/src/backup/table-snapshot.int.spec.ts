import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { migrateDatabase } from '../migrate/migrate-database';
import { createDatabaseCopy, type DatabaseCopy, dropDatabase, ensureDatabase } from '../postgres/databases';
import { migrationMismatches } from './migration-check';
import { loadTables, type TableFile } from './table-load';
import { TableSnapshot } from './table-snapshot';

// Not @vigil/testing's createTestDatabase: that lib depends on this one (and lint forbids the reverse).
let source: DatabaseCopy;
let dumpDir: string;
const created: string[] = [];

async function sql<T extends object>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** Every row of every table as JSON text, in a stable order, for comparing two databases. */
async function contents(url: string, tables: readonly string[]): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of tables) {
    const rows = await sql<{ line: string }>(url, `SELECT row_to_json(t)::text AS line FROM "${table}" t`);
    out[table] = rows.map((row) => row.line).sort();
  }
  return out;
}

beforeAll(async () => {
  source = await createDatabaseCopy(inject('postgresAdminUrl'), inject('postgresTemplateDatabase'));
  dumpDir = await mkdtemp(join(tmpdir(), 'vigil-pg-dump-'));
});
afterAll(async () => {
  for (const name of created) await dropDatabase(inject('postgresAdminUrl'), name);
  await source?.drop();
  await rm(dumpDir, { recursive: true, force: true });
});

describe('TableSnapshot and loadTables', () => {
  it('dump every table as of the snapshot while writes go on, and load them back into a database of the same migrations', async () => {
    const organization = randomUUID();
    const project = randomUUID();
    await sql(source.url, `INSERT INTO organizations (id, name) VALUES ($1, $2)`, [organization, 'Acme "quoted" ünïcödé ☃\n\ttabs']);
    await sql(source.url, `INSERT INTO projects (id, organization_id, name, slug, ingest_limits, created_at) VALUES ($1, $2, 'Checkout', 'checkout', $3, '2026-01-02 03:04:05.678')`, [
      project,
      organization,
      JSON.stringify({ maxAgeMs: 3_196_800_000, nested: { list: [1, 'two', null] } }),
    ]);
    await sql(source.url, `INSERT INTO api_keys (id, project_id, name, prefix, hash, scopes, revoked_at) VALUES ($1, $2, 'k', 'vgl_abc', $3, '{ingest,read}', NULL)`, [
      randomUUID(),
      project,
      randomUUID(),
    ]);
    await sql(source.url, `INSERT INTO notification_channels (id, project_id, name, kind, url, header_names, secret_cipher, secret_prefix, updated_at) VALUES ($1, $2, 'hook', 'webhook', 'https://x.test/h', '{X-One,"X Two"}', 'v1:a:b:c', 'whsec_', now())`, [
      randomUUID(),
      project,
    ]);

    const snapshot = await TableSnapshot.open(source.url);
    await snapshot.take();
    // Committed after the snapshot: not in the dump.
    await sql(source.url, `INSERT INTO organizations (id, name) VALUES ($1, 'later')`, [randomUUID()]);
    const tables = await snapshot.tables();
    expect(tables).toEqual(expect.arrayContaining(['organizations', 'projects', 'api_keys', 'alert_rules', 'notification_channels']));
    expect(tables).not.toContain('_prisma_migrations');
    const files: TableFile[] = [];
    for (const table of tables) {
      const file = join(dumpDir, `${table}.ndjson`);
      files.push({ table, file, rows: await snapshot.dumpTable(table, file) });
    }
    const migrations = await snapshot.migrations();
    await snapshot.close();
    expect(files.find((file) => file.table === 'organizations')?.rows).toBe(1);

    // Prisma's recorded checksums are the files' SHA-256: this build can restore its own dumps.
    expect(await migrationMismatches(migrations)).toEqual([]);
    expect(await migrationMismatches([{ name: '29990101000000_from_the_future', checksum: 'x' }])).toEqual([expect.stringMatching(/not in this version of Vigil/)]);

    // A fresh database with exactly the dump's migrations, then the rows.
    const target = `t_load_${randomUUID().slice(0, 8)}`;
    created.push(target);
    await ensureDatabase(inject('postgresAdminUrl'), target);
    const targetUrl = Object.assign(new URL(source.url), { pathname: `/${target}` }).toString();
    await migrateDatabase(targetUrl, { only: migrations.map((migration) => migration.name) });
    await loadTables(targetUrl, files);

    const expected = await contents(source.url, tables);
    expected['organizations'] = (expected['organizations'] ?? []).filter((line) => !line.includes('"later"'));
    expect(await contents(targetUrl, tables)).toEqual(expected);
  });

  it('refuses a dump whose row count differs from the manifest, and loads nothing of it', async () => {
    const copy = await createDatabaseCopy(inject('postgresAdminUrl'), inject('postgresTemplateDatabase'), 't_load_');
    created.push(copy.name);
    const targetUrl = copy.url;
    const file = join(dumpDir, 'organizations.ndjson');
    await expect(loadTables(targetUrl, [{ table: 'organizations', file, rows: 5 }])).rejects.toThrow(/holds 1 rows of organizations, the backup's manifest says 5/);
    expect(await sql(targetUrl, 'SELECT * FROM organizations')).toEqual([]);
  });
});
