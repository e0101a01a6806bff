import type { TestProject } from 'vitest/node';
import { startTestPostgres } from './postgres';
import { startTestRedis } from './redis';

/**
 * Starts the engines once per test run (not per file): an embedded Postgres with a migrated
 * template database and a private redis-server. Each test file then makes its own database
 * from the template, so files can run in parallel. chDB runs inside each test process.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const postgres = await startTestPostgres();
  const redis = await startTestRedis();
  project.provide('postgresAdminUrl', postgres.adminUrl);
  project.provide('postgresTemplateDatabase', postgres.templateDatabase);
  project.provide('redisUrl', redis.url);
  return async () => {
    await redis.stop();
    await postgres.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgresAdminUrl: string;
    postgresTemplateDatabase: string;
    redisUrl: string;
  }
}
