import { logSeverityName } from '@vigil/contracts';
import { param, sql, type SqlFragment } from '../sql-template';
import { TelemetryQueryError } from '../telemetry.errors';
import type { LogFilter } from './log-search.sql';

/** What a log count groups by: nothing, the service, or one record attribute (`attribute:<key>`), as in LogCountSpec. */
export type LogCountGrouping = 'none' | 'service' | `attribute:${string}`;

export interface LogGroupCountQuery extends LogFilter {
  /** Epoch ms, both inclusive. */
  from: number;
  to: number;
  groupBy: LogCountGrouping;
  /** Newest matching lines kept per group (0–100, default 5). */
  evidence?: number;
  /** More groups than this is refused (default 1,000). */
  maxGroups?: number;
}

export interface LogEvidenceLine {
  timestamp: number;
  service: string;
  /** The record's severity text, or its level name (`error`, …) when it sent none. */
  severity: string;
  /** At most EVIDENCE_BODY_CHARS characters. */
  body: string;
}

export interface LogGroupCount {
  /** `{}`, `{ service }` or `{ <key>: value }` (a missing attribute reads as ''). */
  labels: Record<string, string>;
  count: number;
  /** The newest matching lines of the group, newest first. */
  lines: LogEvidenceLine[];
}

export const DEFAULT_EVIDENCE_LINES = 5;
export const MAX_EVIDENCE_LINES = 100;
export const DEFAULT_MAX_GROUPS = 1_000;
export const EVIDENCE_BODY_CHARS = 1_000;

/** A group's row: key, count, and its newest lines as (−timestamp, service, severity number, severity text, body) tuples. */
export interface GroupCountRow {
  group_key: string;
  records: string;
  lines: [negativeMs: string, service: string, severityNumber: number, severityText: string, body: string][];
}

/** Checks a query's evidence and group limits (RangeError: the caller passed a bad value). */
export function checkGroupCountQuery(query: LogGroupCountQuery): { evidence: number; maxGroups: number } {
  const evidence = query.evidence ?? DEFAULT_EVIDENCE_LINES;
  const maxGroups = query.maxGroups ?? DEFAULT_MAX_GROUPS;
  if (!Number.isSafeInteger(evidence) || evidence < 0 || evidence > MAX_EVIDENCE_LINES) throw new RangeError(`evidence must be 0..${MAX_EVIDENCE_LINES} lines, got ${evidence}`);
  if (!Number.isSafeInteger(maxGroups) || maxGroups < 1) throw new RangeError(`maxGroups must be a positive integer, got ${maxGroups}`);
  if (query.groupBy !== 'none' && query.groupBy !== 'service' && !/^attribute:.+$/s.test(query.groupBy)) throw new RangeError(`groupBy must be none, service or attribute:<key>, got ${query.groupBy}`);
  return { evidence, maxGroups };
}

function groupKey(groupBy: LogCountGrouping): SqlFragment {
  if (groupBy === 'none') return sql`''`;
  if (groupBy === 'service') return sql`toString(service)`;
  return sql`attributes[${param('String', groupBy.slice('attribute:'.length))}]`;
}

/**
 * Counts per group and each group's newest lines in one pass (one query per time slice, never one
 * per group). `groupArraySorted` keeps the N smallest tuples per group; ordering on −timestamp
 * first makes them the newest, the other fields break ties so the choice is deterministic.
 * LIMIT maxGroups + 1 tells "too many" without reading every group back.
 */
export function groupCountSql(table: SqlFragment, where: SqlFragment, groupBy: LogCountGrouping, evidence: number, maxGroups: number): SqlFragment {
  const body = sql`substringUTF8(body, 1, ${param('UInt32', EVIDENCE_BODY_CHARS)})`;
  const lines =
    evidence === 0 ? sql`[]` : sql`groupArraySorted(${param('UInt32', evidence)})((-toUnixTimestamp64Milli(timestamp), toString(service), severity_number, toString(severity_text), ${body}))`;
  return sql`
    SELECT ${groupKey(groupBy)} AS group_key, count() AS records, ${lines} AS lines
    FROM ${table}
    WHERE ${where}
    GROUP BY group_key
    LIMIT ${param('UInt32', maxGroups + 1)}`;
}

/**
 * Folds the slices' rows, newest slice first: counts add up, and a group keeps its lines from the
 * newer slices before the older ones' (slices are disjoint in time), at most `evidence` of them.
 */
export class GroupCounts {
  private readonly groups = new Map<string, { count: number; lines: LogEvidenceLine[] }>();

  constructor(
    private readonly groupBy: LogCountGrouping,
    private readonly evidence: number,
    private readonly maxGroups: number,
  ) {}

  add(rows: readonly GroupCountRow[]): void {
    for (const { group_key: key, records, lines } of rows) {
      let group = this.groups.get(key);
      if (group === undefined) {
        group = { count: 0, lines: [] };
        this.groups.set(key, group);
      }
      group.count += Number(records);
      for (const [negativeMs, service, severityNumber, severityText, body] of lines) {
        if (group.lines.length >= this.evidence) break;
        group.lines.push({ timestamp: -Number(negativeMs), service, severity: severityText === '' ? logSeverityName(severityNumber) : severityText, body });
      }
    }
    if (this.groups.size > this.maxGroups) {
      const by = this.groupBy === 'none' ? '' : ` by ${this.groupBy}`;
      throw new TelemetryQueryError(
        'TOO_MANY_GROUPS',
        `The log count${by} has more than ${this.maxGroups} groups; group by a key with fewer values, or narrow the search (service, severity, attr, q).`,
      );
    }
  }

  /** Groups by key; `none` is always one group, with 0 when nothing matched. */
  result(): LogGroupCount[] {
    if (this.groupBy === 'none' && this.groups.size === 0) return [{ labels: {}, count: 0, lines: [] }];
    return [...this.groups]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, group]) => ({ labels: this.labels(key), count: group.count, lines: group.lines }));
  }

  private labels(key: string): Record<string, string> {
    if (this.groupBy === 'none') return {};
    if (this.groupBy === 'service') return { service: key };
    return { [this.groupBy.slice('attribute:'.length)]: key };
  }
}
