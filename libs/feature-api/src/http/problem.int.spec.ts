import { type ConfigStore, createDatabaseCopy, createPrismaClient, type DatabaseCopy, isDatabaseBusyError, openConfigStore, type PrismaClient } from '@vigil/config-store';
import { DomainError } from '@vigil/server-kit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { toProblem } from './problem';

// A busy Postgres is overload (503 with Retry-After), not a bug (500): the errors come from a real
// Postgres here, as Prisma raises them.
let database: DatabaseCopy;
let store: ConfigStore;
let client: PrismaClient;

beforeAll(async () => {
  database = await createDatabaseCopy(inject('postgresAdminUrl'), inject('postgresTemplateDatabase'));
  store = await openConfigStore(database.url, { migrate: false });
  client = createPrismaClient(database.url);
});
afterAll(async () => {
  await client?.$disconnect();
  await store?.close();
  await database?.drop();
});

/** What a rejected promise was rejected with. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected a rejection'),
    (error: unknown) => error,
  );
}

describe('problem details for a busy configuration database', () => {
  it('answers a transaction that ran out of its time 503 with Retry-After, not 500', async () => {
    const error = await rejection(
      client.$transaction(
        async (tx) => {
          await tx.$executeRaw`SELECT pg_sleep(0.3)`;
          await tx.$queryRaw`SELECT 1`;
        },
        { timeout: 50 },
      ),
    );
    expect(isDatabaseBusyError(error)).toBe(true);
    const problem = toProblem(error, '/api/v1/slos');
    expect(problem.status).toBe(503);
    expect(problem.headers['retry-after']).toBe('5');
    expect(problem.errorId).toBeUndefined();
    expect(problem.body).toMatchObject({ status: 503, title: 'Service Unavailable', instance: '/api/v1/slos' });
    expect(problem.body.detail).toMatch(/did not answer in time/);
  });

  it('leaves other errors as they were: a domain error keeps its status, an unknown one is a 500 with an error id', async () => {
    expect(toProblem(new DomainError('CONFLICT', 'taken'), '/x').status).toBe(409);
    const unknown = toProblem(new Error('boom'), '/x');
    expect(unknown.status).toBe(500);
    expect(unknown.errorId).toBeDefined();
    const broken = await rejection(
      store.runInTransaction(async () => {
        await client.$executeRawUnsafe('SELECT * FROM no_such_table');
      }),
    );
    expect(isDatabaseBusyError(broken)).toBe(false);
    expect(toProblem(broken, '/x').status).toBe(500);
  });
});
