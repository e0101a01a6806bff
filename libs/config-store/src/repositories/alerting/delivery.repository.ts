import type { DeliveryStatus } from '@vigil/contracts';
import type { Prisma } from '../../generated/prisma/client';
import type { PrismaExecutor } from '../../prisma-client';
import { isUuid } from '../uuid';

/** One attempt of a delivery: when, what the receiver answered (or why none), how long it took. */
export interface DeliveryAttempt {
  at: string;
  status: number | null;
  error: string | null;
  durationMs: number;
}

export interface DeliveryRecord {
  id: string;
  projectId: string;
  channelId: string;
  webhookId: string;
  kind: string;
  title: string;
  /** The exact bytes sent on every attempt (as UTF-8 text), so retries are identical. */
  body: string;
  status: DeliveryStatus;
  /** The attempts sent, oldest first (what a person reads; what counts towards giving up). */
  attempts: DeliveryAttempt[];
  /** Runs of the delivery so far: attempts sent plus tries put off while the endpoint's circuit was open (job ids derive from it). */
  attemptCount: number;
  nextAttemptAt: Date | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

const toRecord = (row: Prisma.DeliveryGetPayload<object>): DeliveryRecord => ({ ...row, attempts: row.attempts as unknown as DeliveryAttempt[] });

/**
 * The outbox of notifications: a delivery is written before it is queued, so a lost queue
 * (Redis restarted without its data) loses nothing — a sweeper re-queues what is due.
 */
export class DeliveryRepository {
  constructor(private readonly db: PrismaExecutor) {}

  /** Creates the delivery unless one with this webhook id exists; returns the stored one either way. */
  async createIfAbsent(input: { projectId: string; channelId: string; webhookId: string; kind: string; title: string; body: string; nextAttemptAt: Date }): Promise<DeliveryRecord> {
    return toRecord(await this.db.delivery.upsert({ where: { webhookId: input.webhookId }, create: input, update: {} }));
  }

  async findById(id: string): Promise<DeliveryRecord | null> {
    if (!isUuid(id)) return null;
    const row = await this.db.delivery.findUnique({ where: { id } });
    return row ? toRecord(row) : null;
  }

  async find(projectId: string, id: string): Promise<DeliveryRecord | null> {
    if (!isUuid(projectId) || !isUuid(id)) return null;
    const row = await this.db.delivery.findFirst({ where: { id, projectId } });
    return row ? toRecord(row) : null;
  }

  /** Newest first. */
  async listForProject(projectId: string, filter: { status?: DeliveryStatus; channelId?: string; limit: number }): Promise<DeliveryRecord[]> {
    if (!isUuid(projectId) || (filter.channelId !== undefined && !isUuid(filter.channelId))) return [];
    const rows = await this.db.delivery.findMany({
      where: { projectId, ...(filter.status ? { status: filter.status } : {}), ...(filter.channelId ? { channelId: filter.channelId } : {}) },
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      take: filter.limit,
    });
    return rows.map(toRecord);
  }

  /**
   * Appends an attempt and sets the outcome in one statement: `delivered`, `failed` (retried at
   * `nextAttemptAt`) or `dead`. Only a delivery not already delivered or dead changes, so a job
   * that runs twice cannot undo an outcome; returns whether this call changed it.
   */
  async recordAttempt(id: string, attempt: DeliveryAttempt, outcome: { status: Exclude<DeliveryStatus, 'pending'>; nextAttemptAt: Date | null }): Promise<boolean> {
    const deliveredAt = outcome.status === 'delivered' ? attempt.at : null;
    const changed = await this.db.$executeRaw`
      UPDATE deliveries SET attempts = attempts || ${JSON.stringify([attempt])}::jsonb, attempt_count = attempt_count + 1,
        status = ${outcome.status}::"DeliveryStatus", next_attempt_at = ${outcome.nextAttemptAt?.toISOString() ?? null}::timestamp,
        delivered_at = ${deliveredAt}::timestamp
      WHERE id = ${id}::uuid AND status IN ('pending', 'failed')`;
    return changed > 0;
  }

  /**
   * Puts the next try off to `nextAttemptAt` without an attempt (nothing was sent: the endpoint's
   * circuit is open). The run counter still moves on, so the next try's job has an id of its own;
   * the attempt log and the attempts that count towards giving up stay as they were. Returns
   * whether the delivery was still waiting to be sent.
   */
  async defer(id: string, nextAttemptAt: Date): Promise<boolean> {
    const changed = await this.db.$executeRaw`
      UPDATE deliveries SET attempt_count = attempt_count + 1, next_attempt_at = ${nextAttemptAt.toISOString()}::timestamp
      WHERE id = ${id}::uuid AND status IN ('pending', 'failed')`;
    return changed > 0;
  }

  /** Deliveries waiting to be (re)tried whose time has come, oldest first: what the sweeper re-queues. */
  async listDue(now: Date, limit: number): Promise<DeliveryRecord[]> {
    const rows = await this.db.delivery.findMany({ where: { status: { in: ['pending', 'failed'] }, nextAttemptAt: { lte: now } }, orderBy: { nextAttemptAt: 'asc' }, take: limit });
    return rows.map(toRecord);
  }

  /** A dead (or delivered) delivery goes out again, with the same webhook id, attempts kept. */
  async redeliver(projectId: string, id: string, at: Date): Promise<DeliveryRecord | null> {
    if (!isUuid(projectId) || !isUuid(id)) return null;
    const { count } = await this.db.delivery.updateMany({ where: { id, projectId }, data: { status: 'pending', nextAttemptAt: at, deliveredAt: null } });
    return count === 0 ? null : this.find(projectId, id);
  }
}
