import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

async function withClient<T>(adminUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates `database` unless it exists (Postgres has no CREATE DATABASE IF NOT EXISTS),
 * optionally as a copy of `template`. Returns whether it created it.
 */
export function ensureDatabase(adminUrl: string, database: string, template?: string): Promise<boolean> {
  return withClient(adminUrl, async (client) => {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (existing.rowCount) return false;
    const templateClause = template ? ` TEMPLATE ${client.escapeIdentifier(template)}` : '';
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}${templateClause}`);
    return true;
  });
}

/** Drops `database`, disconnecting whoever is still connected to it. */
export function dropDatabase(adminUrl: string, database: string): Promise<void> {
  return withClient(adminUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(database)} WITH (FORCE)`);
  });
}

export interface DatabaseCopy {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/**
 * A new database `<prefix><random>` copied from `template` (a file-level copy: milliseconds
 * for a migrated but empty schema). What tests use to get a database each.
 */
export async function createDatabaseCopy(adminUrl: string, template: string, prefix = 't_'): Promise<DatabaseCopy> {
  const name = `${prefix}${randomBytes(6).toString('hex')}`;
  await ensureDatabase(adminUrl, name, template);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => dropDatabase(adminUrl, name) };
}
