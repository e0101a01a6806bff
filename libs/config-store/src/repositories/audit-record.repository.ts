import type { Prisma } from '../generated/prisma/client';
import type { PrismaExecutor } from '../prisma-client';
import { isUuid } from './uuid';

export type AuditActorType = 'user' | 'api-key' | 'anonymous';

export interface AuditRecordInput {
  organizationId: string | null;
  projectId: string | null;
  actorType: AuditActorType;
  actorId: string | null;
  actorLabel: string;
  address: string;
  userAgent: string | null;
  method: string;
  route: string;
  action: string;
  targetType: string;
  targetId: string | null;
  status: number;
  /** JSON values, secrets already masked; null when the resource did not exist. */
  before: unknown;
  after: unknown;
  requestId: string;
}

export interface AuditRecordRow extends AuditRecordInput {
  id: string;
  at: Date;
}

export interface AuditRecordFilter {
  /** Records of the organization (its projects' included), or of one project: at least one is given. */
  organizationId?: string;
  projectId?: string;
  actorId?: string;
  /** `alert-rules`, or one action: `alert-rules.replace`. */
  action?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
  /** The last record of the previous page: the next page starts after it. */
  after?: { at: Date; id: string };
  limit: number;
}

/** A JSON column left out of the insert stays SQL NULL ("did not exist"), unlike a JSON null. */
const jsonOrNull = (value: unknown): Prisma.InputJsonValue | undefined => (value === null || value === undefined ? undefined : (value as Prisma.InputJsonValue));

export class AuditRecordRepository {
  constructor(private readonly db: PrismaExecutor) {}

  async insert(record: AuditRecordInput, at: Date = new Date()): Promise<AuditRecordRow> {
    const { before, after, ...rest } = record;
    const row = await this.db.auditRecord.create({ data: { ...rest, at, before: jsonOrNull(before), after: jsonOrNull(after) } });
    return toRow(row);
  }

  /** Newest first, `limit` records from the filter's cursor on. */
  async list(filter: AuditRecordFilter): Promise<AuditRecordRow[]> {
    const where: Prisma.AuditRecordWhereInput = {};
    if (filter.organizationId !== undefined) {
      if (!isUuid(filter.organizationId)) return [];
      where.organizationId = filter.organizationId;
    }
    if (filter.projectId !== undefined) {
      if (!isUuid(filter.projectId)) return [];
      where.projectId = filter.projectId;
    }
    if (filter.organizationId === undefined && filter.projectId === undefined) throw new Error('an audit listing names an organization or a project');
    if (filter.actorId !== undefined) where.actorId = filter.actorId;
    if (filter.targetId !== undefined) where.targetId = filter.targetId;
    if (filter.action !== undefined) where.action = filter.action.includes('.') ? filter.action : { startsWith: `${filter.action}.` };
    const and: Prisma.AuditRecordWhereInput[] = [];
    if (filter.from !== undefined) and.push({ at: { gte: filter.from } });
    if (filter.to !== undefined) and.push({ at: { lte: filter.to } });
    if (filter.after !== undefined) and.push({ OR: [{ at: { lt: filter.after.at } }, { at: filter.after.at, id: { lt: filter.after.id } }] });
    const rows = await this.db.auditRecord.findMany({ where: { ...where, AND: and }, orderBy: [{ at: 'desc' }, { id: 'desc' }], take: filter.limit });
    return rows.map(toRow);
  }

  /** The retention: removes records older than `before`; returns how many. */
  async deleteOlderThan(before: Date): Promise<number> {
    const { count } = await this.db.auditRecord.deleteMany({ where: { at: { lt: before } } });
    return count;
  }
}

function toRow(row: Prisma.AuditRecordGetPayload<object>): AuditRecordRow {
  return { ...row, actorType: row.actorType as AuditActorType, before: row.before ?? null, after: row.after ?? null };
}
