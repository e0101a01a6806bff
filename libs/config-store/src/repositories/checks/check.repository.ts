import type { CheckKind, CheckListRequest, CheckRequest, CheckStatus, RegionStateView } from '@vigil/contracts';
import type { Prisma } from '../../generated/prisma/client';
import type { PrismaExecutor } from '../../prisma-client';
import { isUuid } from '../uuid';

/** A check as stored (spec validated by @vigil/contracts on the way in). Probe fields are null for push checks. */
export interface CheckRecord {
  id: string;
  projectId: string;
  name: string;
  description: string;
  kind: CheckKind;
  spec: unknown;
  enabled: boolean;
  intervalSeconds: number | null;
  timeoutMs: number | null;
  retries: number | null;
  regions: string[];
  quorum: number | null;
  labels: Record<string, string>;
  parentId: string | null;
  pushTokenPrefix: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A check's state row (see @vigil/probing: CheckState, PushState). */
export interface CheckStateRecord {
  checkId: string;
  projectId: string;
  status: CheckStatus;
  since: Date;
  cause: string | null;
  regions: string[];
  regionStates: RegionStateView[];
  troubleSince: Date | null;
  lastResultAt: Date | null;
  push: unknown;
  pushDeadline: Date | null;
}

export type CheckWithState = CheckRecord & { state: CheckStateRecord };

/** What the prober schedules: every enabled probed check, lightly. */
export interface ScheduledCheck {
  id: string;
  intervalSeconds: number;
  regions: string[];
  /** `updatedAt` in epoch ms: a schedule carries it, so probers know when their cached definition is stale. */
  version: number;
}

type CheckRow = Prisma.CheckGetPayload<object>;
type StateRow = Prisma.CheckStateGetPayload<object>;

const checkFields = {
  id: true,
  projectId: true,
  name: true,
  description: true,
  kind: true,
  spec: true,
  enabled: true,
  intervalSeconds: true,
  timeoutMs: true,
  retries: true,
  regions: true,
  quorum: true,
  labels: true,
  parentId: true,
  pushTokenPrefix: true,
  createdAt: true,
  updatedAt: true,
} as const;

export function toCheckRecord(row: Omit<CheckRow, 'pushTokenHash'>): CheckRecord {
  return { ...row, kind: row.kind as CheckKind, labels: (row.labels ?? {}) as Record<string, string> };
}

export function toStateRecord(row: StateRow): CheckStateRecord {
  return { ...row, regionStates: (row.regionStates ?? []) as unknown as RegionStateView[] };
}

function toData(check: CheckRequest) {
  const probed = check.kind === 'push' ? null : check;
  return {
    name: check.name,
    description: check.description,
    kind: check.kind,
    spec: check.spec as Prisma.InputJsonValue,
    enabled: check.enabled,
    intervalSeconds: probed?.intervalSeconds ?? null,
    timeoutMs: probed?.timeoutMs ?? null,
    retries: probed?.retries ?? null,
    regions: probed?.regions ?? [],
    quorum: probed?.quorum ?? null,
    labels: check.labels,
    parentId: check.parentId,
  };
}

/** Checks, always scoped to a project (the tenant boundary) except where the prober lists them all. */
export class CheckRepository {
  constructor(private readonly db: PrismaExecutor) {}

  /** The check and its state row (pending, or paused when disabled), together. */
  async create(projectId: string, check: CheckRequest, now: Date, pushToken?: { hash: string; prefix: string }): Promise<CheckWithState> {
    const row = await this.db.check.create({
      data: {
        projectId,
        ...toData(check),
        ...(pushToken ? { pushTokenHash: pushToken.hash, pushTokenPrefix: pushToken.prefix } : {}),
        state: { create: { projectId, status: check.enabled ? 'pending' : 'paused', since: now, regions: [] } },
      },
      select: { ...checkFields, state: true },
    });
    return { ...toCheckRecord(row), state: toStateRecord(row.state as StateRow) };
  }

  /** Replaces the definition; null when the project has no such check. The kind cannot change (CONFLICT is the caller's). */
  async replace(projectId: string, id: string, check: CheckRequest): Promise<CheckRecord | null> {
    if (!isUuid(projectId) || !isUuid(id)) return null;
    const { count } = await this.db.check.updateMany({ where: { id, projectId }, data: toData(check) });
    return count === 0 ? null : this.find(projectId, id);
  }

  async delete(projectId: string, id: string): Promise<boolean> {
    if (!isUuid(projectId) || !isUuid(id)) return false;
    const { count } = await this.db.check.deleteMany({ where: { id, projectId } });
    return count > 0;
  }

  async find(projectId: string, id: string): Promise<CheckRecord | null> {
    if (!isUuid(projectId) || !isUuid(id)) return null;
    const row = await this.db.check.findFirst({ where: { id, projectId }, select: checkFields });
    return row ? toCheckRecord(row) : null;
  }

  async findWithState(projectId: string, id: string): Promise<CheckWithState | null> {
    if (!isUuid(projectId) || !isUuid(id)) return null;
    const row = await this.db.check.findFirst({ where: { id, projectId }, select: { ...checkFields, state: true } });
    return row?.state ? { ...toCheckRecord(row), state: toStateRecord(row.state) } : null;
  }

  /** For the prober: any project's check by id (null when gone). */
  async findById(id: string): Promise<CheckRecord | null> {
    if (!isUuid(id)) return null;
    const row = await this.db.check.findUnique({ where: { id }, select: checkFields });
    return row ? toCheckRecord(row) : null;
  }

  async findByPushTokenHash(hash: string): Promise<CheckRecord | null> {
    const row = await this.db.check.findUnique({ where: { pushTokenHash: hash }, select: checkFields });
    return row ? toCheckRecord(row) : null;
  }

  async setPushToken(projectId: string, id: string, token: { hash: string; prefix: string }): Promise<boolean> {
    if (!isUuid(projectId) || !isUuid(id)) return false;
    const { count } = await this.db.check.updateMany({ where: { id, projectId, kind: 'push' }, data: { pushTokenHash: token.hash, pushTokenPrefix: token.prefix } });
    return count > 0;
  }

  /** A page of the project's checks by name, with their state, and how many match in all. */
  async list(projectId: string, query: CheckListRequest): Promise<{ checks: CheckWithState[]; total: number }> {
    if (!isUuid(projectId)) return { checks: [], total: 0 };
    const where: Prisma.CheckWhereInput = {
      projectId,
      ...(query.ids ? { id: { in: query.ids } } : {}),
      ...(query.kind ? { kind: query.kind } : {}),
      ...(query.status ? { state: { status: query.status } } : {}),
      ...(query.q ? { AND: query.q.split(/\s+/).filter((word) => word !== '').map((word) => ({ name: { contains: word, mode: 'insensitive' as const } })) } : {}),
    };
    const [rows, total] = await Promise.all([
      this.db.check.findMany({ where, select: { ...checkFields, state: true }, orderBy: [{ name: 'asc' }, { id: 'asc' }], skip: query.offset, take: query.limit }),
      this.db.check.count({ where }),
    ]);
    return { checks: rows.filter((row) => row.state !== null).map((row) => ({ ...toCheckRecord(row), state: toStateRecord(row.state as StateRow) })), total };
  }

  /** Every check of the project with its state: the check_down rule kind reads these. */
  async listWithStates(projectId: string): Promise<CheckWithState[]> {
    if (!isUuid(projectId)) return [];
    const rows = await this.db.check.findMany({ where: { projectId }, select: { ...checkFields, state: true }, orderBy: { id: 'asc' } });
    return rows.filter((row) => row.state !== null).map((row) => ({ ...toCheckRecord(row), state: toStateRecord(row.state as StateRow) }));
  }

  /** These checks of the project with their states (e.g. the parents of a page of checks). */
  async findManyWithState(projectId: string, ids: readonly string[]): Promise<CheckWithState[]> {
    const valid = ids.filter(isUuid);
    if (!isUuid(projectId) || valid.length === 0) return [];
    const rows = await this.db.check.findMany({ where: { projectId, id: { in: valid } }, select: { ...checkFields, state: true } });
    return rows.filter((row) => row.state !== null).map((row) => ({ ...toCheckRecord(row), state: toStateRecord(row.state as StateRow) }));
  }

  /** Id → name of these checks of the project (ids of other projects, or of none, are left out). */
  async namesOf(projectId: string, ids: readonly string[]): Promise<Map<string, string>> {
    const valid = [...new Set(ids.filter(isUuid))];
    if (!isUuid(projectId) || valid.length === 0) return new Map();
    const rows = await this.db.check.findMany({ where: { projectId, id: { in: valid } }, select: { id: true, name: true } });
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  /** The project's checks as a dependency graph (id, parent), for cycle checks. */
  async dependencyNodes(projectId: string): Promise<{ id: string; parentId: string | null }[]> {
    if (!isUuid(projectId)) return [];
    return this.db.check.findMany({ where: { projectId }, select: { id: true, parentId: true } });
  }

  async countForProject(projectId: string): Promise<number> {
    return isUuid(projectId) ? this.db.check.count({ where: { projectId } }) : 0;
  }

  /** Enabled probed checks of every project that run in `region` (theirs, or every region when none listed): what its probers run. */
  async listProbedIn(region: string): Promise<CheckRecord[]> {
    const rows = await this.db.check.findMany({
      where: { enabled: true, kind: { in: ['http', 'tcp', 'dns'] }, OR: [{ regions: { isEmpty: true } }, { regions: { has: region } }] },
      select: checkFields,
    });
    return rows.map(toCheckRecord);
  }

}
