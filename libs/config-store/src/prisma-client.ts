import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';

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
