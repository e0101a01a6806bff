import { PrismaPg } from '@prisma/adapter-pg';
import { Prisma, PrismaClient } from './generated/prisma/client';

export type { PrismaClient } from './generated/prisma/client';

/**
 * A Prisma client over node-postgres (`@prisma/adapter-pg`): Prisma 7's client is Rust-free
 * and needs a driver adapter. Close it with `closePrismaClient`.
 */
export function createPrismaClient(databaseUrl: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
}

export async function closePrismaClient(client: PrismaClient): Promise<void> {
  await client.$disconnect();
}

/** What repositories run their queries on: the client, or the client inside a transaction. */
export type PrismaExecutor = Omit<PrismaClient, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;

/**
 * Prisma's errors for a database that is busy or out of reach, where the same request may
 * succeed shortly: no connection within the pool's time (P2024), a transaction that could not
 * start or ran out of time and was rolled back (P2028), a write conflict or deadlock (P2034), the
 * server unreachable, timing out or closing the connection (P1001, P1002, P1008, P1017). The API
 * answers these 503 with Retry-After instead of 500.
 */
const BUSY_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028', 'P2034']);

export function isDatabaseBusyError(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && BUSY_CODES.has(error.code);
}
