import type { CheckStatus, RegionStateView } from '@vigil/contracts';
import type { Prisma } from '../../generated/prisma/client';
import type { PrismaExecutor } from '../../prisma-client';
import { isUuid } from '../uuid';
import { type CheckStateRecord, toStateRecord } from './check.repository';

/** What a change of state writes. */
export interface CheckStateUpdate {
  status?: CheckStatus;
  since?: Date;
  cause?: string | null;
  regions?: string[];
  regionStates?: RegionStateView[];
  troubleSince?: Date | null;
  lastResultAt?: Date | null;
  push?: unknown;
  pushDeadline?: Date | null;
}

/** Check state rows; changes of state are made inside a transaction that locked the row first. */
export class CheckStateRepository {
  constructor(private readonly db: PrismaExecutor) {}

  /**
   * The row, locked until the transaction ends (`SELECT … FOR UPDATE`): results of one check from
   * several regions (or pings) change its state one at a time, so one transition opens one incident.
   */
  async lock(checkId: string): Promise<CheckStateRecord | null> {
    if (!isUuid(checkId)) return null;
    const locked = await this.db.$queryRaw<{ check_id: string }[]>`SELECT check_id FROM check_states WHERE check_id = ${checkId}::uuid FOR UPDATE`;
    if (locked.length === 0) return null;
    const row = await this.db.checkState.findUnique({ where: { checkId } });
    return row ? toStateRecord(row) : null;
  }

  async update(checkId: string, update: CheckStateUpdate): Promise<void> {
    const { push, regionStates, ...rest } = update;
    await this.db.checkState.update({
      where: { checkId },
      data: {
        ...rest,
        ...(regionStates === undefined ? {} : { regionStates: regionStates as unknown as Prisma.InputJsonValue }),
        ...(push === undefined ? {} : { push: push === null ? (null as unknown as Prisma.InputJsonValue) : (push as Prisma.InputJsonValue) }),
      },
    });
  }

  /** Push checks whose deadline has passed (any project), oldest first. */
  async listDuePush(now: Date, limit: number): Promise<string[]> {
    const rows = await this.db.checkState.findMany({ where: { pushDeadline: { lte: now }, status: { notIn: ['down', 'paused'] } }, select: { checkId: true }, orderBy: { pushDeadline: 'asc' }, take: limit });
    return rows.map((row) => row.checkId);
  }
}
