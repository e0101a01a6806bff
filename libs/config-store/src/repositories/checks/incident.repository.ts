import type { PrismaExecutor } from '../../prisma-client';
import { isUuid } from '../uuid';

export type IncidentSeverity = 'degraded' | 'down';

export interface IncidentRecord {
  id: string;
  projectId: string;
  checkId: string;
  checkName: string;
  severity: IncidentSeverity;
  startedAt: Date;
  endedAt: Date | null;
  cause: string;
  regions: string[];
  parentIncidentId: string | null;
}

export interface NewIncident {
  projectId: string;
  checkId: string;
  severity: IncidentSeverity;
  startedAt: Date;
  cause: string;
  regions: string[];
  parentIncidentId: string | null;
}

export interface IncidentRangeQuery {
  /** Incidents overlapping [from, to] (epoch ms): started by `to`, not ended before `from`. */
  from: number;
  to: number;
  checkIds?: readonly string[];
  limit: number;
}

const fields = { id: true, projectId: true, checkId: true, severity: true, startedAt: true, endedAt: true, cause: true, regions: true, parentIncidentId: true, check: { select: { name: true } } } as const;

function toRecord(row: { check: { name: string }; severity: string } & Omit<IncidentRecord, 'checkName' | 'severity'>): IncidentRecord {
  const { check, ...rest } = row;
  return { ...rest, checkName: check.name, severity: row.severity as IncidentSeverity };
}

/** Incidents (periods a check was not up), opened and closed by changes of check state. */
export class IncidentRepository {
  constructor(private readonly db: PrismaExecutor) {}

  async open(incident: NewIncident): Promise<string> {
    const row = await this.db.incident.create({ data: incident, select: { id: true } });
    return row.id;
  }

  /** The open incident becomes a down incident with the new cause and regions. */
  async escalate(checkId: string, change: { severity: IncidentSeverity; cause: string; regions: string[] }): Promise<void> {
    await this.db.incident.updateMany({ where: { checkId, endedAt: null }, data: change });
  }

  async close(checkId: string, endedAt: Date): Promise<void> {
    await this.db.incident.updateMany({ where: { checkId, endedAt: null }, data: { endedAt } });
  }

  async findOpen(checkId: string): Promise<IncidentRecord | null> {
    if (!isUuid(checkId)) return null;
    const row = await this.db.incident.findFirst({ where: { checkId, endedAt: null }, select: fields });
    return row ? toRecord(row) : null;
  }

  /** The project's incidents overlapping the range, newest first, optionally of some checks. */
  async list(projectId: string, query: IncidentRangeQuery): Promise<IncidentRecord[]> {
    if (!isUuid(projectId)) return [];
    const checkIds = query.checkIds?.filter(isUuid);
    if (checkIds !== undefined && checkIds.length === 0) return [];
    const rows = await this.db.incident.findMany({
      where: {
        projectId,
        startedAt: { lte: new Date(query.to) },
        OR: [{ endedAt: null }, { endedAt: { gte: new Date(query.from) } }],
        ...(checkIds === undefined ? {} : { checkId: { in: checkIds } }),
      },
      select: fields,
      orderBy: [{ startedAt: 'desc' }, { id: 'asc' }],
      take: query.limit,
    });
    return rows.map(toRecord);
  }
}
