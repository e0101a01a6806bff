import type { FailoverGroupRequest } from '@vigil/contracts';
import type { Prisma } from '../../generated/prisma/client';
import type { PrismaExecutor } from '../../prisma-client';
import { isUuid } from '../uuid';

export interface FailoverTargetRecord {
  id: string;
  name: string;
  address: string;
  checkId: string;
  /** The watching check's interval and timeout: how long a region's word on the target counts. */
  checkIntervalSeconds: number;
  checkTimeoutMs: number;
}

export interface FailoverGroupRecord {
  id: string;
  projectId: string;
  name: string;
  fall: number;
  rise: number;
  quorum: number;
  channelIds: string[];
  pinnedTargetId: string | null;
  /** Primary first. */
  targets: FailoverTargetRecord[];
  activeTargetId: string | null;
  activeReason: string | null;
  activeSince: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface FailoverEventRecord {
  at: Date;
  fromTargetId: string | null;
  toTargetId: string;
  reason: string;
}

const withTargets = { targets: { orderBy: { position: 'asc' as const }, include: { check: { select: { intervalSeconds: true, timeoutMs: true } } } } };
type GroupRow = Prisma.FailoverGroupGetPayload<{ include: typeof withTargets }>;

function toRecord(row: GroupRow): FailoverGroupRecord {
  const { targets, ...group } = row;
  return {
    ...group,
    targets: targets.map(({ id, name, address, checkId, check }) => ({ id, name, address, checkId, checkIntervalSeconds: check.intervalSeconds ?? 60, checkTimeoutMs: check.timeoutMs ?? 10_000 })),
  };
}

function targetRows(request: FailoverGroupRequest) {
  return request.targets.map((target, position) => ({ position, name: target.name, address: target.address, checkId: target.checkId }));
}

/** Failover groups and their events; the active target changes inside a transaction that locked the group. */
export class FailoverGroupRepository {
  constructor(private readonly db: PrismaExecutor) {}

  async create(projectId: string, request: FailoverGroupRequest): Promise<FailoverGroupRecord> {
    const { targets: _targets, ...fields } = request;
    return toRecord(await this.db.failoverGroup.create({ data: { ...fields, projectId, targets: { create: targetRows(request) } }, include: withTargets }));
  }

  /**
   * Replaces the definition. Targets are matched by position: a target whose check and address
   * are unchanged keeps its id (a pin and the active target stay valid); others are new.
   */
  async update(projectId: string, id: string, request: FailoverGroupRequest): Promise<FailoverGroupRecord | null> {
    const existing = await this.find(projectId, id);
    if (existing === null) return null;
    const { targets: _targets, ...fields } = request;
    const rows = targetRows(request);
    const kept = rows.map((row, position) => {
      const before = existing.targets[position];
      return before !== undefined && before.checkId === row.checkId && before.address === row.address ? before.id : undefined;
    });
    await this.db.failoverTarget.deleteMany({ where: { groupId: id, id: { notIn: kept.filter((one): one is string => one !== undefined) } } });
    for (const [position, row] of rows.entries()) {
      const keptId = kept[position];
      if (keptId === undefined) await this.db.failoverTarget.create({ data: { ...row, groupId: id } });
      else await this.db.failoverTarget.update({ where: { id: keptId }, data: { name: row.name } });
    }
    return toRecord(await this.db.failoverGroup.update({ where: { id }, data: fields, include: withTargets }));
  }

  async delete(projectId: string, id: string): Promise<boolean> {
    if (!isUuid(projectId) || !isUuid(id)) return false;
    const { count } = await this.db.failoverGroup.deleteMany({ where: { id, projectId } });
    return count > 0;
  }

  async find(projectId: string, id: string): Promise<FailoverGroupRecord | null> {
    if (!isUuid(projectId) || !isUuid(id)) return null;
    const row = await this.db.failoverGroup.findFirst({ where: { id, projectId }, include: withTargets });
    return row ? toRecord(row) : null;
  }

  async list(projectId: string): Promise<FailoverGroupRecord[]> {
    if (!isUuid(projectId)) return [];
    const rows = await this.db.failoverGroup.findMany({ where: { projectId }, include: withTargets, orderBy: [{ name: 'asc' }, { id: 'asc' }] });
    return rows.map(toRecord);
  }

  /** The groups one of whose targets this check watches (any project: the prober asks by check). */
  async listByCheck(checkId: string): Promise<FailoverGroupRecord[]> {
    if (!isUuid(checkId)) return [];
    const rows = await this.db.failoverGroup.findMany({ where: { targets: { some: { checkId } } }, include: withTargets });
    return rows.map(toRecord);
  }

  /** Every check that watches a target of some group (any project): most checks watch none. */
  async watchedCheckIds(): Promise<Set<string>> {
    const rows = await this.db.failoverTarget.findMany({ select: { checkId: true }, distinct: ['checkId'] });
    return new Set(rows.map((row) => row.checkId));
  }

  /** The names of groups that use a check (a check in use cannot be deleted). */
  async namesUsingCheck(projectId: string, checkId: string): Promise<string[]> {
    if (!isUuid(projectId) || !isUuid(checkId)) return [];
    const rows = await this.db.failoverGroup.findMany({ where: { projectId, targets: { some: { checkId } } }, select: { name: true }, orderBy: { name: 'asc' } });
    return rows.map((row) => row.name);
  }

  /** The group, locked until the transaction ends (`SELECT … FOR UPDATE`): one decision at a time. */
  async lock(id: string): Promise<FailoverGroupRecord | null> {
    if (!isUuid(id)) return null;
    const locked = await this.db.$queryRaw<{ id: string }[]>`SELECT id FROM failover_groups WHERE id = ${id}::uuid FOR UPDATE`;
    if (locked.length === 0) return null;
    const row = await this.db.failoverGroup.findUnique({ where: { id }, include: withTargets });
    return row ? toRecord(row) : null;
  }

  /** A new active target (or reason); the version grows, and the event is kept when the target changed. */
  async setActive(id: string, change: { activeTargetId: string; reason: string; at: Date; fromTargetId: string | null; switched: boolean }): Promise<FailoverGroupRecord> {
    const row = await this.db.failoverGroup.update({
      where: { id },
      data: { activeTargetId: change.activeTargetId, activeReason: change.reason, version: { increment: 1 }, ...(change.switched ? { activeSince: change.at } : {}) },
      include: withTargets,
    });
    await this.db.failoverEvent.create({ data: { groupId: id, at: change.at, fromTargetId: change.fromTargetId, toTargetId: change.activeTargetId, reason: change.reason } });
    return toRecord(row);
  }

  async setPin(projectId: string, id: string, targetId: string | null): Promise<void> {
    await this.db.failoverGroup.updateMany({ where: { id, projectId }, data: { pinnedTargetId: targetId } });
  }

  async events(projectId: string, id: string, limit: number): Promise<FailoverEventRecord[]> {
    if (!isUuid(projectId) || !isUuid(id)) return [];
    const rows = await this.db.failoverEvent.findMany({ where: { groupId: id, group: { projectId } }, orderBy: { at: 'desc' }, take: limit });
    return rows.map(({ at, fromTargetId, toTargetId, reason }) => ({ at, fromTargetId, toTargetId, reason }));
  }
}
