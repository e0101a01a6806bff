import type { PrismaExecutor } from '../prisma-client';
import { isUuid } from './uuid';

export interface SessionRecord {
  id: string;
  userId: string;
  expiresAt: Date;
  createdAt: Date;
}

export class SessionRepository {
  constructor(private readonly db: PrismaExecutor) {}

  async create(input: { userId: string; tokenHash: string; expiresAt: Date }): Promise<SessionRecord> {
    return this.db.session.create({ data: input, select: { id: true, userId: true, expiresAt: true, createdAt: true } });
  }

  /** The session with this token hash, unless it has expired by `now`. */
  async findValidByTokenHash(tokenHash: string, now: Date): Promise<{ sessionId: string; userId: string; expiresAt: Date } | null> {
    const session = await this.db.session.findFirst({ where: { tokenHash, expiresAt: { gt: now } }, select: { id: true, userId: true, expiresAt: true } });
    return session ? { sessionId: session.id, userId: session.userId, expiresAt: session.expiresAt } : null;
  }

  /** Idempotent: deleting a session that is already gone is not an error (double logout). */
  async delete(id: string): Promise<void> {
    if (!isUuid(id)) return;
    await this.db.session.deleteMany({ where: { id } });
  }

  /** Removes sessions expired by `now`; returns how many. */
  async deleteExpired(now: Date): Promise<number> {
    const { count } = await this.db.session.deleteMany({ where: { expiresAt: { lte: now } } });
    return count;
  }
}
