import type { PrismaExecutor } from '../prisma-client';
import { isUuid } from './uuid';

export interface SessionRecord {
  id: string;
  userId: string;
  expiresAt: Date;
  createdAt: Date;
  address: string | null;
  userAgent: string | null;
  lastSeenAt: Date | null;
}

const sessionFields = { id: true, userId: true, expiresAt: true, createdAt: true, address: true, userAgent: true, lastSeenAt: true } as const;

export class SessionRepository {
  constructor(private readonly db: PrismaExecutor) {}

  async create(input: { userId: string; tokenHash: string; expiresAt: Date; address?: string | null; userAgent?: string | null }): Promise<SessionRecord> {
    return this.db.session.create({ data: input, select: sessionFields });
  }

  /** The session with this token hash, unless it has expired by `now`. */
  async findValidByTokenHash(tokenHash: string, now: Date): Promise<{ sessionId: string; userId: string; expiresAt: Date } | null> {
    const session = await this.db.session.findFirst({ where: { tokenHash, expiresAt: { gt: now } }, select: { id: true, userId: true, expiresAt: true } });
    return session ? { sessionId: session.id, userId: session.userId, expiresAt: session.expiresAt } : null;
  }

  /** The user's sessions that have not expired by `now`, most recently used first. */
  async listForUser(userId: string, now: Date): Promise<SessionRecord[]> {
    if (!isUuid(userId)) return [];
    const rows = await this.db.session.findMany({ where: { userId, expiresAt: { gt: now } }, select: sessionFields });
    const seen = (session: SessionRecord) => (session.lastSeenAt ?? session.createdAt).getTime();
    return rows.sort((a, b) => seen(b) - seen(a) || a.id.localeCompare(b.id));
  }

  /** Records that the session was used at `at` (callers throttle this; it is off the request path). */
  async touch(id: string, at: Date): Promise<void> {
    if (!isUuid(id)) return;
    await this.db.session.updateMany({ where: { id }, data: { lastSeenAt: at } });
  }

  /** Idempotent: deleting a session that is already gone is not an error (double logout). */
  async delete(id: string): Promise<void> {
    if (!isUuid(id)) return;
    await this.db.session.deleteMany({ where: { id } });
  }

  /** Deletes one of the user's sessions; false when the user has no session with that id. */
  async deleteForUser(userId: string, id: string): Promise<boolean> {
    if (!isUuid(userId) || !isUuid(id)) return false;
    const { count } = await this.db.session.deleteMany({ where: { id, userId } });
    return count > 0;
  }

  /** Ends every session of the user (but `exceptId`, the one asking); returns how many. */
  async deleteAllForUser(userId: string, exceptId?: string): Promise<number> {
    if (!isUuid(userId)) return 0;
    const { count } = await this.db.session.deleteMany({ where: { userId, ...(exceptId === undefined ? {} : { id: { not: exceptId } }) } });
    return count;
  }

  /** Removes sessions expired by `now`; returns how many. */
  async deleteExpired(now: Date): Promise<number> {
    const { count } = await this.db.session.deleteMany({ where: { expiresAt: { lte: now } } });
    return count;
  }
}
