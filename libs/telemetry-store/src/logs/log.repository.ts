import type { LogRecord, SeverityText } from '@vigil/ingest';
import { type CompiledQuery, compile, join, param, qualifiedTable, sql, type SqlFragment } from '../sql-template';
import type { TelemetryStore } from '../telemetry-store';

export interface LogFilter {
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, inclusive. */
  to?: number;
  service?: string;
  /** Records at or above this OTLP severity number (1–24). */
  minSeverity?: number;
}

export interface LogSearch {
  from: number;
  to: number;
  limit: number;
  service?: string;
}

const MAX_LIMIT = 10_000;

interface LogRow {
  ts: string;
  observed: string;
  severity_number: number;
  severity_text: SeverityText;
  service: string;
  body: string;
  attributes: Record<string, string>;
  resource: Record<string, string>;
  trace_id: string;
  span_id: string;
}

/**
 * Log records in ClickHouse, scoped to one project. Writes go through the batch writers
 * (TelemetryBatchWriter / GroupCommitWriter); this repository reads. The full search API
 * (text, attributes, paging) is its own piece of work; these are what ingest tests need.
 */
export class LogRepository {
  constructor(private readonly store: TelemetryStore) {}

  private async rows<T>(query: CompiledQuery): Promise<T[]> {
    const result = await this.store.client.query({ ...query, format: 'JSONEachRow' });
    return result.json<T>();
  }

  private where(projectId: string, filter: LogFilter): SqlFragment {
    const conditions = [sql`project_id = ${param('UUID', projectId)}`];
    if (filter.from !== undefined) conditions.push(sql`timestamp >= fromUnixTimestamp64Milli(${param('Int64', filter.from)})`);
    if (filter.to !== undefined) conditions.push(sql`timestamp <= fromUnixTimestamp64Milli(${param('Int64', filter.to)})`);
    if (filter.service !== undefined) conditions.push(sql`service = ${param('String', filter.service)}`);
    if (filter.minSeverity !== undefined) conditions.push(sql`severity_number >= ${param('UInt8', filter.minSeverity)}`);
    return join(conditions, sql` AND `);
  }

  /** Stored records of the project matching the filter. */
  async count(projectId: string, filter: LogFilter = {}): Promise<number> {
    const [row] = await this.rows<{ records: string }>(
      compile(sql`SELECT count() AS records FROM ${qualifiedTable(this.store.database, 'logs')} WHERE ${this.where(projectId, filter)}`),
    );
    return Number(row?.records ?? 0);
  }

  /** Records in [from, to], newest first, at most `limit` (≤ 10,000). */
  async search(projectId: string, search: LogSearch): Promise<LogRecord[]> {
    if (!Number.isSafeInteger(search.limit) || search.limit < 1 || search.limit > MAX_LIMIT) throw new RangeError(`limit must be 1..${MAX_LIMIT}, got ${search.limit}`);
    const rows = await this.rows<LogRow>(
      compile(sql`
        SELECT toUnixTimestamp64Milli(timestamp) AS ts, toUnixTimestamp64Milli(observed_timestamp) AS observed,
               severity_number, severity_text, service, body, attributes, resource, trace_id, span_id
        FROM ${qualifiedTable(this.store.database, 'logs')}
        WHERE ${this.where(projectId, { from: search.from, to: search.to, service: search.service })}
        ORDER BY timestamp DESC
        LIMIT ${param('UInt32', search.limit)}`),
    );
    return rows.map((row) => ({
      timestampMs: Number(row.ts),
      observedTimestampMs: Number(row.observed),
      severityNumber: row.severity_number,
      severityText: row.severity_text,
      service: row.service,
      body: row.body,
      attributes: row.attributes,
      resource: row.resource,
      traceId: row.trace_id,
      spanId: row.span_id,
    }));
  }
}
