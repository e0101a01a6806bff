import type { LabelMatcher } from '@vigil/contracts';
import type { Prisma } from '../../generated/prisma/client';
import type { PrismaExecutor } from '../../prisma-client';
import { isUuid } from '../uuid';

export interface SilenceRecord {
  id: string;
  projectId: string;
  matchers: LabelMatcher[];
  startsAt: Date;
  endsAt: Date;
  comment: string;
  createdBy: string;
  createdAt: Date;
}

const toRecord = (row: Prisma.SilenceGetPayload<object>): SilenceRecord => ({ ...row, matchers: row.matchers as unknown as LabelMatcher[] });

export class SilenceRepository {
  constructor(private readonly db: PrismaExecutor) {}

  async create(projectId: string, silence: { matchers: readonly LabelMatcher[]; startsAt: Date; endsAt: Date; comment: string; createdBy: string }): Promise<SilenceRecord> {
    return toRecord(await this.db.silence.create({ data: { projectId, ...silence, matchers: silence.matchers as unknown as Prisma.InputJsonValue } }));
  }

  /** Moves the end (to now: ends it) and optionally the comment. */
  async update(projectId: string, id: string, update: { endsAt: Date; comment?: string }): Promise<SilenceRecord | null> {
    if (!isUuid(projectId) || !isUuid(id)) return null;
    const { count } = await this.db.silence.updateMany({ where: { id, projectId }, data: update });
    return count === 0 ? null : this.find(projectId, id);
  }

  async delete(projectId: string, id: string): Promise<boolean> {
    if (!isUuid(projectId) || !isUuid(id)) return false;
    const { count } = await this.db.silence.deleteMany({ where: { id, projectId } });
    return count > 0;
  }

  async find(projectId: string, id: string): Promise<SilenceRecord | null> {
    if (!isUuid(projectId) || !isUuid(id)) return null;
    const row = await this.db.silence.findFirst({ where: { id, projectId } });
    return row ? toRecord(row) : null;
  }

  /** Newest first; expired ones only back to `expiredSince`. */
  async listForProject(projectId: string, expiredSince: Date): Promise<SilenceRecord[]> {
    if (!isUuid(projectId)) return [];
    return (await this.db.silence.findMany({ where: { projectId, endsAt: { gte: expiredSince } }, orderBy: [{ startsAt: 'desc' }, { id: 'asc' }] })).map(toRecord);
  }

  /** Silences of these projects not over before `since` (active, pending, or just expired). */
  async listCurrent(projectIds: readonly string[], since: Date): Promise<SilenceRecord[]> {
    const ids = projectIds.filter(isUuid);
    if (ids.length === 0) return [];
    return (await this.db.silence.findMany({ where: { projectId: { in: ids }, endsAt: { gte: since } } })).map(toRecord);
  }
}
