import type { Sli, SloAlerting, SloRequest, SloWindow } from '@vigil/contracts';
import { Prisma } from '../generated/prisma/client';
import type { PrismaExecutor } from '../prisma-client';
import { isUuid } from './uuid';

/** An SLO as stored: its definition (validated by @vigil/contracts on the way in) and how far recording has got. */
export interface SloRecord {
  id: string;
  projectId: string;
  name: string;
  description: string;
  service: string;
  sli: Sli;
  objective: number;
  window: SloWindow;
  alerting: SloAlerting;
  sliRevision: number;
  recordedUntil: Date | null;
  historyCursor: Date | null;
  historyLimit: Date | null;
  historyReachedBack: Date | null;
  recordingError: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** One SLO's recording progress after a worker tick (applied only if its SLI revision is unchanged). */
export interface SloRecordingUpdate {
  id: string;
  revision: number;
  recordedUntil: Date;
  historyCursor: Date;
  historyLimit: Date;
  historyReachedBack: Date | null;
  error: string | null;
}

type SloRow = Prisma.SloGetPayload<object>;

function toRecord(row: SloRow): SloRecord {
  return { ...row, sli: row.sli as Sli, window: row.window as SloWindow, alerting: row.alerting as SloAlerting };
}

function toData(slo: SloRequest) {
  return {
    name: slo.name,
    description: slo.description,
    service: slo.service,
    sli: slo.sli as Prisma.InputJsonValue,
    objective: slo.objective,
    window: slo.window as Prisma.InputJsonValue,
    alerting: slo.alerting as Prisma.InputJsonValue,
  };
}

/** SLOs, always scoped to a project (the tenant boundary) except where the worker lists all. */
export class SloRepository {
  constructor(private readonly db: PrismaExecutor) {}

  /** Null when the project has an SLO of that name already. */
  async create(projectId: string, slo: SloRequest): Promise<SloRecord | null> {
    try {
      return toRecord(await this.db.slo.create({ data: { projectId, ...toData(slo) } }));
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }

  /**
   * Replaces the definition; with `sliChanged` the SLI revision is bumped and recording starts
   * over (live from now, history re-recorded from the telemetry). `undefined`: no such SLO;
   * null: another SLO of the project has that name.
   */
  async replace(projectId: string, id: string, slo: SloRequest, sliChanged: boolean): Promise<SloRecord | null | undefined> {
    if (!isUuid(projectId) || !isUuid(id)) return undefined;
    const restart = sliChanged
      ? { sliRevision: { increment: 1 }, recordedUntil: null, historyCursor: null, historyLimit: null, historyReachedBack: null, recordingError: null }
      : {};
    try {
      const { count } = await this.db.slo.updateMany({ where: { id, projectId }, data: { ...toData(slo), ...restart } });
      return count === 0 ? undefined : ((await this.find(projectId, id)) ?? undefined);
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }

  /** Deletes the SLO and its alert rules (their alerts with them); false when the project has no such SLO. */
  async delete(projectId: string, id: string): Promise<boolean> {
    if (!isUuid(projectId) || !isUuid(id)) return false;
    const { count } = await this.db.slo.deleteMany({ where: { id, projectId } });
    return count > 0;
  }

  async find(projectId: string, id: string): Promise<SloRecord | null> {
    if (!isUuid(projectId) || !isUuid(id)) return null;
    const row = await this.db.slo.findFirst({ where: { id, projectId } });
    return row ? toRecord(row) : null;
  }

  /** The names of the project's SLOs whose SLI reads this check (a check an SLO reads cannot be deleted). */
  async namesReadingCheck(projectId: string, checkId: string): Promise<string[]> {
    if (!isUuid(projectId) || !isUuid(checkId)) return [];
    const rows = await this.db.slo.findMany({ where: { projectId, sli: { path: ['checkId'], equals: checkId } }, select: { name: true }, orderBy: { name: 'asc' } });
    return rows.map((row) => row.name);
  }

  async listForProject(projectId: string): Promise<SloRecord[]> {
    if (!isUuid(projectId)) return [];
    return (await this.db.slo.findMany({ where: { projectId }, orderBy: [{ name: 'asc' }, { id: 'asc' }] })).map(toRecord);
  }

  /**
   * Every SLO of every live project (the recorder), or those with these ids: a project being
   * deleted records no more, so no SLI rows are written behind its deletion.
   */
  async listAll(ids?: readonly string[]): Promise<SloRecord[]> {
    const where = { project: { deletingAt: null }, ...(ids ? { id: { in: ids.filter(isUuid) } } : {}) };
    return (await this.db.slo.findMany({ where, orderBy: { id: 'asc' } })).map(toRecord);
  }

  /**
   * The oldest point any SLO of a live project is recorded up to: its `recordedUntil`, or for an
   * SLO not recorded yet (new, or its SLI changed) when that happened — so an SLO no worker ever
   * records still shows as behind. Null without SLOs. Vigil's own /metrics reads it at each scrape.
   */
  async oldestRecordingPoint(): Promise<Date | null> {
    const live = { project: { deletingAt: null } };
    const [recorded, pending] = await Promise.all([
      this.db.slo.aggregate({ where: { ...live, recordedUntil: { not: null } }, _min: { recordedUntil: true } }),
      this.db.slo.aggregate({ where: { ...live, recordedUntil: null }, _min: { updatedAt: true } }),
    ]);
    const points = [recorded._min.recordedUntil, pending._min.updatedAt].filter((point): point is Date => point !== null);
    return points.length === 0 ? null : new Date(Math.min(...points.map((point) => point.getTime())));
  }

  /** Saves recording progress in one statement; an SLO whose SLI changed meanwhile (another revision) is left alone. */
  async recordProgress(updates: readonly SloRecordingUpdate[]): Promise<void> {
    const valid = updates.filter((update) => isUuid(update.id));
    if (valid.length === 0) return;
    const iso = (date: Date | null) => (date === null ? null : date.toISOString());
    await this.db.$executeRaw`
      UPDATE slos AS s SET recorded_until = u.recorded_until, history_cursor = u.history_cursor, history_limit = u.history_limit,
        history_reached_back = u.history_reached_back, recording_error = u.error
      FROM unnest(${valid.map((u) => u.id)}::uuid[], ${valid.map((u) => u.revision)}::int[], ${valid.map((u) => iso(u.recordedUntil))}::timestamp[],
        ${valid.map((u) => iso(u.historyCursor))}::timestamp[], ${valid.map((u) => iso(u.historyLimit))}::timestamp[],
        ${valid.map((u) => iso(u.historyReachedBack))}::timestamp[], ${valid.map((u) => u.error)}::text[])
        AS u(id, revision, recorded_until, history_cursor, history_limit, history_reached_back, error)
      WHERE s.id = u.id AND s.sli_revision = u.revision`;
  }

  /** Records why recording an SLO failed (null clears it), for its revision only. */
  async recordError(id: string, revision: number, error: string | null): Promise<void> {
    if (!isUuid(id)) return;
    await this.db.slo.updateMany({ where: { id, sliRevision: revision }, data: { recordingError: error } });
  }
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}
