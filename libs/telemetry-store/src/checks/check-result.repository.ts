import type { CheckDayView, CheckResultStatus, CheckResultView } from '@vigil/contracts';
import { compile, param, qualifiedTable, sql, type SqlFragment } from '../sql-template';
import type { TelemetryStore } from '../telemetry-store';
import type { TelemetryWriter } from '../writer/telemetry-writer';
import { type ColumnSpec, type Row } from '../writer/row-encoding';

/** One probe run in one region (or one push ping), as the prober and the push API record it. */
export interface NewCheckResult {
  projectId: string;
  checkId: string;
  region: string;
  /** Epoch ms. */
  time: number;
  status: CheckResultStatus;
  /** The HTTP status, or null. */
  statusCode: number | null;
  latencyMs: number | null;
  error: string;
  /** The project's retention for raw telemetry: the row's TTL (the daily rollup keeps 400 days regardless). */
  retentionDays: number;
}

export interface CheckResultRange {
  /** Epoch ms, both inclusive. */
  from: number;
  to: number;
  region?: string;
  limit: number;
}

const COLUMNS: readonly ColumnSpec[] = [
  { name: 'project_id', kind: 'UUID' },
  { name: 'check_id', kind: 'UUID' },
  { name: 'region', kind: 'String' },
  { name: 'time', kind: 'DateTime64Ms' },
  { name: 'status', kind: 'String' },
  { name: 'status_code', kind: 'UInt64' },
  { name: 'latency_ms', kind: 'NullableFloat64' },
  { name: 'error', kind: 'String' },
  { name: 'retention_days', kind: 'UInt64' },
];
/** Bytes of an error kept per result: a probe's message, or a push failure's output. */
export const MAX_RESULT_ERROR_CHARS = 10_000;

function toRow(result: NewCheckResult): Row {
  if (result.latencyMs !== null && !Number.isFinite(result.latencyMs)) throw new RangeError(`a check result's latency must be finite or null, got ${result.latencyMs}`);
  if (!Number.isInteger(result.retentionDays) || result.retentionDays < 1 || result.retentionDays > 65_535) throw new RangeError(`retention must be 1..65535 days, got ${result.retentionDays}`);
  return [result.projectId, result.checkId, result.region, result.time, result.status, String(result.statusCode ?? 0), result.latencyMs, result.error.slice(0, MAX_RESULT_ERROR_CHARS), String(result.retentionDays)];
}

/**
 * Results for the group-commit writer's checks lane (GroupCommitWriter.submitCheckResults): rows of
 * one table, inserted row-wise (a few results per round; latency_ms is Nullable, which the
 * columnar ingest encoding has no kind for), across projects (each row carries its own).
 */
export interface CheckResultRows {
  values: Row[];
  rows: number;
  /** What the rows take once encoded: what the writer's budget counts. */
  bytes: number;
}

export function encodeCheckResults(results: readonly NewCheckResult[]): CheckResultRows {
  const rows = results.map(toRow);
  return { values: rows, rows: rows.length, bytes: rows.reduce((sum, row) => sum + encodedSize(row), 0) };
}

/**
 * A row's size as TabSeparated, for the writer's budget: the fields' text, a separator each and
 * the error's UTF-8 bytes (escapes left out: a budget, not a buffer). Encoding the rows here to
 * measure them cost the prober a second encode of every result (the insert encodes them again).
 */
function encodedSize(row: Row): number {
  let bytes = 0;
  for (const cell of row) bytes += 1 + Buffer.byteLength(cell === null ? '\\N' : typeof cell === 'object' ? JSON.stringify(cell) : String(cell));
  return bytes;
}

/** One insert of many rounds' results. */
export async function writeCheckResults(writer: TelemetryWriter, batches: readonly CheckResultRows[]): Promise<void> {
  await writer.insert('check_results', COLUMNS, batches.flatMap((batch) => batch.values));
}

interface ResultRow {
  ms: string;
  region: string;
  outcome: CheckResultStatus;
  status_code: number;
  latency: number | null;
  error: string;
}

// Aliases differ from column names: ClickHouse would use an alias in WHERE too (README, SQL).
interface DayRow {
  check: string;
  date: string;
  place: string;
  results: string;
  ups: string;
  degradeds: string;
  downs: string;
  latency_avg: number | null;
  quantiles: number[];
}

/** A day of one check in one region, with the check it belongs to. */
export type CheckDay = CheckDayView & { checkId: string };
/** A day of one check, every region summed, counts only (the list's bars). */
export type CheckDayCounts = Pick<CheckDayView, 'day' | 'total' | 'up' | 'degraded' | 'down'> & { checkId: string };

/**
 * Check results in ClickHouse (`check_results`, `check_results_daily`, migration 007). Writes go
 * through the group-commit writer (`encodeCheckResults`), on the `write` lane with ingest; reads
 * are a check's raw results over a range and the daily rollup of a page of checks.
 */
export class CheckResultRepository {
  constructor(private readonly store: TelemetryStore) {}

  private table(name: string): SqlFragment {
    return qualifiedTable(this.store.database, name);
  }

  /** Stores results at once (one insert, without batching: tests and tools). */
  async insert(results: readonly NewCheckResult[]): Promise<void> {
    if (results.length === 0) return;
    await this.store.writer.insert('check_results', COLUMNS, results.map(toRow));
  }

  /** One check's results in [from, to], newest first, optionally of one region. */
  async list(projectId: string, checkId: string, range: CheckResultRange): Promise<CheckResultView[]> {
    const region = range.region === undefined ? sql`` : sql` AND region = ${param('String', range.region)}`;
    const result = await this.store.client.query({
      ...compile(sql`
        SELECT toUnixTimestamp64Milli(time) AS ms, region, toString(status) AS outcome, status_code, latency_ms AS latency, error
        FROM ${this.table('check_results')}
        WHERE project_id = ${param('UUID', projectId)} AND check_id = ${param('UUID', checkId)}
          AND time >= fromUnixTimestamp64Milli(${param('Int64', range.from)}) AND time <= fromUnixTimestamp64Milli(${param('Int64', range.to)})${region}
        ORDER BY time DESC
        LIMIT ${param('UInt32', range.limit)}`),
      format: 'JSONEachRow',
    });
    return (await result.json<ResultRow>()).map((row) => ({
      time: Number(row.ms),
      region: row.region,
      status: row.outcome,
      statusCode: row.status_code === 0 ? null : row.status_code,
      latencyMs: row.latency,
      error: row.error,
    }));
  }

  /**
   * The daily rollup of these checks (of one project) for the UTC days that [from, to] touches,
   * per check, day and region, by check then day. Read from the rollup only, so it answers for
   * the last 400 days whatever the raw retention.
   */
  async days(projectId: string, checkIds: readonly string[], range: { from: number; to: number }): Promise<CheckDay[]> {
    if (checkIds.length === 0) return [];
    const result = await this.store.client.query({
      ...compile(sql`
        SELECT toString(check_id) AS check, toString(day) AS date, region AS place, sum(total) AS results, sum(up) AS ups, sum(degraded) AS degradeds, sum(down) AS downs,
          if(sum(latency_count) = 0, NULL, sum(latency_sum) / sum(latency_count)) AS latency_avg,
          quantilesTDigestMerge(0.5, 0.95, 0.99)(latency_quantiles) AS quantiles
        FROM ${this.table('check_results_daily')}
        WHERE project_id = ${param('UUID', projectId)} AND check_id IN ${param('Array(UUID)', checkIds)}
          AND day >= toDate(fromUnixTimestamp64Milli(${param('Int64', range.from)}), 'UTC') AND day <= toDate(fromUnixTimestamp64Milli(${param('Int64', range.to)}), 'UTC')
        GROUP BY check_id, day, region
        ORDER BY check_id, day, region`),
      format: 'JSONEachRow',
    });
    return (await result.json<DayRow>()).map((row) => {
      const measured = row.latency_avg !== null;
      return {
        checkId: row.check,
        day: row.date,
        region: row.place,
        total: Number(row.results),
        up: Number(row.ups),
        degraded: Number(row.degradeds),
        down: Number(row.downs),
        latencyAvgMs: row.latency_avg,
        latencyP50Ms: measured ? finiteOrNull(row.quantiles[0]) : null,
        latencyP95Ms: measured ? finiteOrNull(row.quantiles[1]) : null,
      };
    });
  }

  /**
   * The newest result of each of these checks (of one project) in each region since `since`
   * (epoch ms): what the list's "last latency" and a check's regions show. Postgres keeps a
   * check's regions only as of its last change of state; the results are the live word. The
   * bound keeps the read to the newest part of each check's rows (ORDER BY ends with time).
   * The latency goes through a tuple: argMax skips NULLs, and a refused run has no latency.
   */
  async latest(projectId: string, checkIds: readonly string[], since: number): Promise<(CheckResultView & { checkId: string })[]> {
    if (checkIds.length === 0) return [];
    const result = await this.store.client.query({
      ...compile(sql`
        SELECT toString(check_id) AS check, region, toUnixTimestamp64Milli(max(time)) AS ms, argMax(toString(status), time) AS outcome,
          argMax(status_code, time) AS code, argMax(tuple(latency_ms), time).1 AS latency, argMax(error, time) AS message
        FROM ${this.table('check_results')}
        WHERE project_id = ${param('UUID', projectId)} AND check_id IN ${param('Array(UUID)', checkIds)} AND time >= fromUnixTimestamp64Milli(${param('Int64', since)})
        GROUP BY check_id, region
        ORDER BY check_id, region`),
      format: 'JSONEachRow',
    });
    return (await result.json<{ check: string; region: string; ms: string; outcome: CheckResultStatus; code: number; latency: number | null; message: string }>()).map((row) => ({
      checkId: row.check,
      time: Number(row.ms),
      region: row.region,
      status: row.outcome,
      statusCode: row.code === 0 ? null : row.code,
      latencyMs: row.latency,
      error: row.message,
    }));
  }

  /**
   * Counts by status of these checks (of one project) per UTC day, every region summed: what the
   * list's 90-day bars need. No latency digests are merged, so a page of 200 checks over 90 days
   * reads the rollup's counts only.
   */
  async dayCounts(projectId: string, checkIds: readonly string[], range: { from: number; to: number }): Promise<CheckDayCounts[]> {
    if (checkIds.length === 0) return [];
    const result = await this.store.client.query({
      ...compile(sql`
        SELECT toString(check_id) AS check, toString(day) AS date, sum(total) AS results, sum(up) AS ups, sum(degraded) AS degradeds, sum(down) AS downs
        FROM ${this.table('check_results_daily')}
        WHERE project_id = ${param('UUID', projectId)} AND check_id IN ${param('Array(UUID)', checkIds)}
          AND day >= toDate(fromUnixTimestamp64Milli(${param('Int64', range.from)}), 'UTC') AND day <= toDate(fromUnixTimestamp64Milli(${param('Int64', range.to)}), 'UTC')
        GROUP BY check_id, day
        ORDER BY check_id, day`),
      format: 'JSONEachRow',
    });
    return (await result.json<Omit<DayRow, 'place' | 'latency_avg' | 'quantiles'>>()).map((row) => ({
      checkId: row.check,
      day: row.date,
      total: Number(row.results),
      up: Number(row.ups),
      degraded: Number(row.degradeds),
      down: Number(row.downs),
    }));
  }
}

function finiteOrNull(value: number | string | undefined): number | null {
  const number = Number(value);
  return value === undefined || !Number.isFinite(number) ? null : number;
}
