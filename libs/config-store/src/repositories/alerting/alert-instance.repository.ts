import type { AlertEvidence, AlertSeverity, AlertState } from '@vigil/contracts';
import type { Prisma } from '../../generated/prisma/client';
import type { PrismaExecutor } from '../../prisma-client';
import { isUuid } from '../uuid';

/** An alert instance as stored; `engineState` belongs to @vigil/alerting (opaque here). */
export interface AlertInstanceRecord {
  id: string;
  projectId: string;
  ruleId: string;
  key: string;
  labels: Record<string, string>;
  state: AlertState;
  severity: AlertSeverity | null;
  since: Date;
  firedAt: Date | null;
  resolvedAt: Date | null;
  lastValue: number | null;
  lastEvaluatedAt: Date;
  evidence: AlertEvidence | null;
  flapping: boolean;
  engineState: unknown;
}

/** What an evaluation writes for one instance (new or changed). */
export type AlertInstanceWrite = Omit<AlertInstanceRecord, 'id'>;

type InstanceRow = Prisma.AlertInstanceGetPayload<object>;

function toRecord(row: InstanceRow): AlertInstanceRecord {
  return {
    ...row,
    labels: row.labels as Record<string, string>,
    severity: row.severity as AlertSeverity | null,
    evidence: (row.evidence ?? null) as AlertEvidence | null,
  };
}

export class AlertInstanceRepository {
  constructor(private readonly db: PrismaExecutor) {}

  /** The instances of these rules (any project: the evaluator works across projects). */
  async listForRules(ruleIds: readonly string[]): Promise<AlertInstanceRecord[]> {
    const ids = ruleIds.filter(isUuid);
    if (ids.length === 0) return [];
    return (await this.db.alertInstance.findMany({ where: { ruleId: { in: ids } } })).map(toRecord);
  }

  /**
   * Writes the instances of one evaluation tick in one statement (insert or update by rule and
   * key): a tick of 1,000 instances is one round trip.
   */
  async upsertMany(instances: readonly AlertInstanceWrite[]): Promise<void> {
    if (instances.length === 0) return;
    const column = <T>(pick: (instance: AlertInstanceWrite) => T): T[] => instances.map(pick);
    const json = (value: unknown): string | null => (value === null || value === undefined ? null : JSON.stringify(value));
    // Prisma keeps DateTime as UTC in timestamp(3); node-postgres would send a Date in local time.
    const utc = (date: Date | null): string | null => date?.toISOString() ?? null;
    await this.db.$executeRaw`
      INSERT INTO alert_instances (id, project_id, rule_id, key, labels, state, severity, since, fired_at, resolved_at, last_value, last_evaluated_at, evidence, flapping, engine_state, updated_at)
      SELECT gen_random_uuid(), t.project_id, t.rule_id, t.key, t.labels::jsonb, t.state::"AlertState", t.severity, t.since, t.fired_at, t.resolved_at, t.last_value, t.last_evaluated_at, t.evidence::jsonb, t.flapping, t.engine_state::jsonb, now()
      FROM unnest(
        ${column((i) => i.projectId)}::uuid[], ${column((i) => i.ruleId)}::uuid[], ${column((i) => i.key)}::text[], ${column((i) => JSON.stringify(i.labels))}::text[],
        ${column((i) => i.state)}::text[], ${column((i) => i.severity)}::text[], ${column((i) => utc(i.since))}::timestamp[], ${column((i) => utc(i.firedAt))}::timestamp[],
        ${column((i) => utc(i.resolvedAt))}::timestamp[], ${column((i) => i.lastValue)}::float8[], ${column((i) => utc(i.lastEvaluatedAt))}::timestamp[],
        ${column((i) => json(i.evidence))}::text[], ${column((i) => i.flapping)}::boolean[], ${column((i) => JSON.stringify(i.engineState))}::text[]
      ) AS t(project_id, rule_id, key, labels, state, severity, since, fired_at, resolved_at, last_value, last_evaluated_at, evidence, flapping, engine_state)
      ON CONFLICT (rule_id, key) DO UPDATE SET
        labels = EXCLUDED.labels, state = EXCLUDED.state, severity = EXCLUDED.severity, since = EXCLUDED.since, fired_at = EXCLUDED.fired_at,
        resolved_at = EXCLUDED.resolved_at, last_value = EXCLUDED.last_value, last_evaluated_at = EXCLUDED.last_evaluated_at,
        evidence = EXCLUDED.evidence, flapping = EXCLUDED.flapping, engine_state = EXCLUDED.engine_state, updated_at = now()`;
  }

  /** Forgets these instances (the engine found them dormant); their history stays in ClickHouse. */
  async deleteKeys(instances: readonly { ruleId: string; key: string }[]): Promise<void> {
    const valid = instances.filter((instance) => isUuid(instance.ruleId));
    if (valid.length === 0) return;
    await this.db.$executeRaw`
      DELETE FROM alert_instances AS a USING unnest(${valid.map((i) => i.ruleId)}::uuid[], ${valid.map((i) => i.key)}::text[]) AS d(rule_id, key)
      WHERE a.rule_id = d.rule_id AND a.key = d.key`;
  }

  async listForProject(projectId: string, filter: { states?: readonly AlertState[]; ruleId?: string } = {}): Promise<AlertInstanceRecord[]> {
    if (!isUuid(projectId) || (filter.ruleId !== undefined && !isUuid(filter.ruleId))) return [];
    const rows = await this.db.alertInstance.findMany({
      where: { projectId, ...(filter.states ? { state: { in: [...filter.states] } } : {}), ...(filter.ruleId ? { ruleId: filter.ruleId } : {}) },
      orderBy: [{ since: 'desc' }, { id: 'asc' }],
    });
    return rows.map(toRecord);
  }

  /** The firing alerts of the rules SLOs keep, by SLO id (the SLO list's states: no need to read the rules). */
  async firingBySlo(projectId: string): Promise<Map<string, AlertInstanceRecord[]>> {
    const bySlo = new Map<string, AlertInstanceRecord[]>();
    if (!isUuid(projectId)) return bySlo;
    const rows = await this.db.alertInstance.findMany({
      where: { projectId, state: 'firing', rule: { sloId: { not: null } } },
      include: { rule: { select: { sloId: true } } },
      orderBy: [{ since: 'desc' }, { id: 'asc' }],
    });
    for (const { rule, ...row } of rows) {
      if (rule.sloId === null) continue;
      bySlo.set(rule.sloId, [...(bySlo.get(rule.sloId) ?? []), toRecord(row)]);
    }
    return bySlo;
  }

  async find(projectId: string, id: string): Promise<AlertInstanceRecord | null> {
    if (!isUuid(projectId) || !isUuid(id)) return null;
    const row = await this.db.alertInstance.findFirst({ where: { id, projectId } });
    return row ? toRecord(row) : null;
  }
}
