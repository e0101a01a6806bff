import type { AlertEvent, AlertEvidence } from '@vigil/contracts';
import { compile, param, qualifiedTable, sql, type SqlFragment } from '../sql-template';
import type { TelemetryStore } from '../telemetry-store';
import type { ColumnSpec, Row } from '../writer/row-encoding';

/** One transition of an alert instance, as the alerting engine records it. */
export interface NewAlertEvent {
  projectId: string;
  ruleId: string;
  ruleName: string;
  instanceId: string;
  /** When the transition happened (the evaluation time), epoch ms. */
  time: number;
  labels: Readonly<Record<string, string>>;
  from: string;
  to: string;
  severity: string;
  /** The value compared with the thresholds: finite, or null for no data. */
  value: number | null;
  evidence: AlertEvidence | null;
}

export interface AlertEventListQuery {
  /** Epoch ms, both inclusive. */
  from: number;
  to: number;
  ruleId?: string;
  /** Any of these rules (an SLO's rules). */
  ruleIds?: readonly string[];
  /** 1–1,000. */
  limit: number;
}

export const MAX_ALERT_EVENTS_PER_LIST = 1_000;

const COLUMNS: readonly ColumnSpec[] = [
  { name: 'project_id', kind: 'UUID' },
  { name: 'rule_id', kind: 'UUID' },
  { name: 'instance_id', kind: 'String' },
  { name: 'time', kind: 'DateTime64Ms' },
  { name: 'labels', kind: 'StringMap' },
  { name: 'from_state', kind: 'String' },
  { name: 'to_state', kind: 'String' },
  { name: 'severity', kind: 'String' },
  { name: 'value', kind: 'NullableFloat64' },
  { name: 'evidence', kind: 'String' },
  { name: 'rule_name', kind: 'String' },
];

// Aliases differ from column names: ClickHouse would use an alias in WHERE too (README, SQL).
interface EventRow {
  rule: string;
  rule_name: string;
  instance_id: string;
  ms: string;
  labels: Record<string, string>;
  from_state: string;
  to_state: string;
  severity: string;
  value: number | null;
  evidence: string;
}

function toRow(event: NewAlertEvent): Row {
  if (event.value !== null && !Number.isFinite(event.value)) throw new RangeError(`an alert event's value must be finite or null, got ${event.value}`);
  return [event.projectId, event.ruleId, event.instanceId, event.time, event.labels, event.from, event.to, event.severity, event.value, JSON.stringify(event.evidence), event.ruleName];
}

/**
 * The alert history in ClickHouse (`alert_events`, migration 006): every transition with the
 * values that caused it. Inserts go through the store's writer, so they take turns on the `write`
 * lane, ahead of evaluations: an evaluation's transitions are a handful of rows, and the
 * notification that follows should not wait for the next dashboard query. Reads are a project's
 * timeline, newest first.
 */
export class AlertEventRepository {
  constructor(private readonly store: TelemetryStore) {}

  private get table(): SqlFragment {
    return qualifiedTable(this.store.database, 'alert_events');
  }

  /** Stores the events (of any projects) in one insert; resolves once stored, throws otherwise. */
  async insert(events: readonly NewAlertEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.store.writer.insert('alert_events', COLUMNS, events.map(toRow));
  }

  /**
   * The project's events in [from, to], newest first (events of one millisecond in no fixed
   * order: a tie-breaker in SQL would cost the read in key order), optionally of one rule.
   */
  async list(projectId: string, query: AlertEventListQuery): Promise<AlertEvent[]> {
    if (!Number.isSafeInteger(query.limit) || query.limit < 1 || query.limit > MAX_ALERT_EVENTS_PER_LIST) throw new RangeError(`limit must be 1..${MAX_ALERT_EVENTS_PER_LIST}, got ${query.limit}`);
    const rule =
      query.ruleId !== undefined ? sql` AND rule_id = ${param('UUID', query.ruleId)}` : query.ruleIds !== undefined ? sql` AND rule_id IN ${param('Array(UUID)', [...query.ruleIds])}` : sql``;
    const result = await this.store.client.query({
      ...compile(sql`
        SELECT toString(rule_id) AS rule, rule_name, instance_id, toUnixTimestamp64Milli(time) AS ms, labels, from_state, to_state, severity, value, evidence
        FROM ${this.table}
        WHERE project_id = ${param('UUID', projectId)}
          AND time >= fromUnixTimestamp64Milli(${param('Int64', query.from)}) AND time <= fromUnixTimestamp64Milli(${param('Int64', query.to)})${rule}
        ORDER BY time DESC
        LIMIT ${param('UInt32', query.limit)}`),
      format: 'JSONEachRow',
    });
    return (await result.json<EventRow>()).map((row) => ({
      time: Number(row.ms),
      ruleId: row.rule,
      ruleName: row.rule_name,
      instanceId: row.instance_id,
      labels: row.labels,
      from: row.from_state,
      to: row.to_state,
      severity: row.severity,
      value: row.value,
      // Written by insert() from an AlertEvidence (or null), so it parses back to one.
      evidence: JSON.parse(row.evidence) as AlertEvidence | null,
    }));
  }
}
