import type { AlertRuleRequest, NoDataHandling } from '@vigil/contracts';
import type { Prisma } from '../../generated/prisma/client';
import type { PrismaExecutor } from '../../prisma-client';
import { isUuid } from '../uuid';

/** A rule as stored: the request's fields (spec validated by @vigil/contracts on the way in). */
export interface AlertRuleRecord {
  id: string;
  projectId: string;
  name: string;
  description: string;
  kind: string;
  spec: unknown;
  enabled: boolean;
  intervalSeconds: number;
  forSeconds: number;
  keepFiringForSeconds: number;
  noData: NoDataHandling;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  lastEvaluatedAt: Date | null;
  lastError: string | null;
  /** The SLO that keeps this rule for its alerting (docs/slo.md); null for rules of their own. */
  sloId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * A rule an SLO keeps (docs/slo.md): its id is derived from the SLO and the condition, so a
 * change of the SLO updates the same rule and its alerts keep their state.
 */
export type ManagedRuleDefinition = Omit<AlertRuleRequest, 'kind' | 'spec'> & { id: string; kind: string; spec: unknown };

type RuleRow = Prisma.AlertRuleGetPayload<object>;

function toRecord(row: RuleRow): AlertRuleRecord {
  return {
    ...row,
    noData: row.noData as NoDataHandling,
    labels: (row.labels ?? {}) as Record<string, string>,
    annotations: (row.annotations ?? {}) as Record<string, string>,
  };
}

function toData(rule: AlertRuleRequest | ManagedRuleDefinition) {
  return {
    name: rule.name,
    description: rule.description,
    kind: rule.kind,
    spec: rule.spec as Prisma.InputJsonValue,
    enabled: rule.enabled,
    intervalSeconds: rule.intervalSeconds,
    forSeconds: rule.forSeconds,
    keepFiringForSeconds: rule.keepFiringForSeconds,
    noData: rule.noData,
    labels: rule.labels,
    annotations: rule.annotations,
  };
}

/** Alert rules, always scoped to a project (the tenant boundary) except where the worker lists all. */
export class AlertRuleRepository {
  constructor(private readonly db: PrismaExecutor) {}

  async create(projectId: string, rule: AlertRuleRequest): Promise<AlertRuleRecord> {
    return toRecord(await this.db.alertRule.create({ data: { projectId, ...toData(rule) } }));
  }

  /** Replaces the rule's definition; null when the project has no such rule. */
  async replace(projectId: string, id: string, rule: AlertRuleRequest): Promise<AlertRuleRecord | null> {
    if (!isUuid(projectId) || !isUuid(id)) return null;
    const { count } = await this.db.alertRule.updateMany({ where: { id, projectId }, data: toData(rule) });
    return count === 0 ? null : this.find(projectId, id);
  }

  async setEnabled(projectId: string, id: string, enabled: boolean): Promise<AlertRuleRecord | null> {
    if (!isUuid(projectId) || !isUuid(id)) return null;
    const { count } = await this.db.alertRule.updateMany({ where: { id, projectId }, data: { enabled } });
    return count === 0 ? null : this.find(projectId, id);
  }

  /** Deletes the rule and its instances; false when the project has no such rule. */
  async delete(projectId: string, id: string): Promise<boolean> {
    if (!isUuid(projectId) || !isUuid(id)) return false;
    const { count } = await this.db.alertRule.deleteMany({ where: { id, projectId } });
    return count > 0;
  }

  async find(projectId: string, id: string): Promise<AlertRuleRecord | null> {
    if (!isUuid(projectId) || !isUuid(id)) return null;
    const row = await this.db.alertRule.findFirst({ where: { id, projectId } });
    return row ? toRecord(row) : null;
  }

  async listForProject(projectId: string): Promise<AlertRuleRecord[]> {
    if (!isUuid(projectId)) return [];
    return (await this.db.alertRule.findMany({ where: { projectId }, orderBy: [{ name: 'asc' }, { id: 'asc' }] })).map(toRecord);
  }

  /**
   * Makes an SLO's rules exactly `rules`: creates or updates each (by its derived id, so alerts
   * keep their state) and deletes the SLO's other rules. Run it in the SLO's transaction.
   */
  async syncManaged(projectId: string, sloId: string, rules: readonly ManagedRuleDefinition[]): Promise<void> {
    await this.db.alertRule.deleteMany({ where: { projectId, sloId, id: { notIn: rules.map((rule) => rule.id) } } });
    for (const rule of rules) {
      const data = toData(rule);
      await this.db.alertRule.upsert({ where: { id: rule.id }, create: { id: rule.id, projectId, sloId, ...data }, update: data });
    }
  }

  /** The rules an SLO keeps. */
  async listForSlo(projectId: string, sloId: string): Promise<AlertRuleRecord[]> {
    if (!isUuid(projectId) || !isUuid(sloId)) return [];
    return (await this.db.alertRule.findMany({ where: { projectId, sloId }, orderBy: [{ name: 'asc' }, { id: 'asc' }] })).map(toRecord);
  }

  /**
   * Every enabled rule of every live project, for the evaluator (optionally only these ids): a
   * project being deleted is evaluated no more, so no alert events are written behind its deletion.
   */
  async listEnabled(ids?: readonly string[]): Promise<AlertRuleRecord[]> {
    const where: Prisma.AlertRuleWhereInput = { enabled: true, project: { deletingAt: null }, ...(ids ? { id: { in: ids.filter(isUuid) } } : {}) };
    return (await this.db.alertRule.findMany({ where, orderBy: { id: 'asc' } })).map(toRecord);
  }

  /** The distinct evaluation intervals of enabled rules: one schedule per interval. */
  async enabledIntervals(): Promise<number[]> {
    const rows = await this.db.alertRule.findMany({ where: { enabled: true }, distinct: ['intervalSeconds'], select: { intervalSeconds: true } });
    return rows.map((row) => row.intervalSeconds).sort((a, b) => a - b);
  }

  /**
   * Claims these rules for an evaluation at `at`: only those not yet evaluated at or after `at`
   * are returned (and marked), atomically, so two evaluators (replicas, or a tick and an
   * immediate evaluation) never evaluate a rule twice for one time. Rules of a project being
   * deleted are never claimed.
   */
  async claimForEvaluation(ids: readonly string[], at: Date): Promise<string[]> {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return [];
    const rows = await this.db.$queryRaw<{ id: string }[]>`
      UPDATE alert_rules SET last_evaluated_at = ${at.toISOString()}::timestamp
      WHERE id = ANY(${valid}::uuid[]) AND enabled AND (last_evaluated_at IS NULL OR last_evaluated_at < ${at.toISOString()}::timestamp)
        AND project_id IN (SELECT id FROM projects WHERE deleting_at IS NULL)
      RETURNING id`;
    return rows.map((row) => row.id);
  }

  /**
   * When the rules of one tick were evaluated and the error each gave (null: none), in one
   * statement: a tick of 1,000 rules is one round trip, not 1,000.
   */
  async recordEvaluations(at: Date, results: readonly { id: string; error: string | null }[]): Promise<void> {
    const valid = results.filter((result) => isUuid(result.id));
    if (valid.length === 0) return;
    await this.db.$executeRaw`
      UPDATE alert_rules AS r SET last_evaluated_at = ${at.toISOString()}::timestamp, last_error = e.error
      FROM unnest(${valid.map((result) => result.id)}::uuid[], ${valid.map((result) => result.error)}::text[]) AS e(id, error)
      WHERE r.id = e.id`;
  }
}
