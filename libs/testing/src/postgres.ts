import { createDatabaseCopy, migrateDatabase, startEmbeddedPostgres } from '@vigil/config-store';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './stack';

export interface TestPostgres {
  /** URL of the `postgres` maintenance database, for creating and dropping databases. */
  adminUrl: string;
  /** Name of the migrated database that test databases are copied from. */
  templateDatabase: string;
  stop(): Promise<void>;
}

const TEMPLATE_DATABASE = 'vigil_template';

/**
 * A throwaway embedded Postgres (temporary data directory, free port) with a template
 * database migrated once, so each test file can copy it in milliseconds.
 */
export async function startTestPostgres(): Promise<TestPostgres> {
  const root = await mkdtemp(join(tmpdir(), 'vigil-test-pg-'));
  // mkdtemp makes the directory private (0700); as root, Postgres runs as user `postgres`,
  // which must be able to reach its data directory inside.
  await chmod(root, 0o755);
  const postgres = await startEmbeddedPostgres({ dataDir: join(root, 'data'), port: await freePort(), database: TEMPLATE_DATABASE });
  try {
    await migrateDatabase(postgres.url);
  } catch (error) {
    await postgres.stop();
    await rm(root, { recursive: true, force: true });
    throw error;
  }
  return {
    adminUrl: postgres.adminUrl,
    templateDatabase: TEMPLATE_DATABASE,
    stop: async () => {
      await postgres.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh database `t_<random>` copied from the migrated template; `drop()` removes it. */
export async function createTestDatabase(adminUrl: string, templateDatabase: string): Promise<TestDatabase> {
  const { url, drop } = await createDatabaseCopy(adminUrl, templateDatabase, 't_');
  return { url, drop };
}
