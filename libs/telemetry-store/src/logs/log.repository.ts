import { defaultLogHistogramStep, logSeverityName, MAX_LOG_HISTOGRAM_BUCKETS, type LogsHistogramResponse } from '@vigil/contracts';
import type { LogRecord, SeverityText } from '@vigil/ingest';
import { DomainError } from '@vigil/server-kit';
import { param, qualifiedTable, sql, type SqlFragment } from '../sql-template';
import type { TelemetryStore } from '../telemetry-store';
import { decodeLogCursor, encodeLogCursor } from './log-cursor';
import { afterCursor, cursorAfter, keyed, type KeyedLogRecord, newestFirst } from './log-order';
import { checkGroupCountQuery, type GroupCountRow, groupCountSql, GroupCounts, type LogGroupCount, type LogGroupCountQuery } from './log-group-count';
import { DEFAULT_LOG_QUERY_BUDGET_MS, LogQueryBudget } from './log-query-budget';
import { type LogFilter, logFilterCondition } from './log-search.sql';
import { AGGREGATE_SLICES, NewestFirstSlices, SCAN_SLICES, scansText, SliceWidths } from './log-slices';

export type { LogFilter } from './log-search.sql';

export interface LogSearch {
  from: number;
  to: number;
  limit: number;
  service?: string;
}

/** A page of `GET /api/v1/logs`: the filter (with from/to), a limit and the previous page's cursor. */
export interface LogPageQuery extends LogFilter {
  from: number;
  to: number;
  limit: number;
  cursor?: string;
}

export interface LogPage {
  records: LogRecord[];
  nextCursor: string | null;
}

export interface LogRepositoryOptions {
  /** Engine time one read (every query and slice of it) may take; more is a 422 (default 10 s). */
  queryBudgetMs?: number;
  /** false: every read is one query, as before slicing (bench/lanes.bench.ts compares). Default true. */
  slicing?: boolean;
}

export interface LogHistogramQuery extends LogFilter {
  from: number;
  to: number;
  /** Bucket width in ms; default range / 60 rounded to a whole second. */
  step?: number;
}

const MAX_LIMIT = 10_000;
/** Newest records whose attributes feed the pickers (attributeKeys / attributeValues). */
const ATTRIBUTE_SAMPLE = 10_000;
/** Records of one millisecond a page may have to read to order them; more is refused (422). */
const MAX_SAME_MILLISECOND = 100_000;

const COLUMNS = sql`toUnixTimestamp64Milli(timestamp) AS ts, toUnixTimestamp64Milli(observed_timestamp) AS observed,
  severity_number, severity_text, service, body, attributes, resource, trace_id, span_id`;

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

function toRecord(row: LogRow): LogRecord {
  return {
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
  };
}

/**
 * Log records in ClickHouse, scoped to one project. Writes go through the batch writers
 * (TelemetryBatchWriter / GroupCommitWriter); this repository reads: pages newest first with a
 * stable cursor, histograms, counts and the recent records a tail polls for.
 *
 * Every query orders by `timestamp DESC` alone with a LIMIT, so ClickHouse reads the
 * (project_id, timestamp) key backwards and stops early (top-N in order); the tie-breaker among
 * records of one millisecond is applied here (see log-order.ts for why not in SQL).
 *
 * Bounded (docs/architecture.md): every read has an engine-time budget (each query carries the
 * time left as `max_execution_time`), and reads that can scan (histograms, counts, and pages
 * whose filter reads every line's text or attributes) run as newest-first time slices, each a
 * separate turn on the caller's lane, so higher lanes run in between.
 */
export class LogRepository {
  private readonly budgetMs: number;
  private readonly slicing: boolean;
  private readonly widths = new SliceWidths();

  constructor(
    private readonly store: TelemetryStore,
    options: LogRepositoryOptions = {},
  ) {
    this.budgetMs = options.queryBudgetMs ?? DEFAULT_LOG_QUERY_BUDGET_MS;
    this.slicing = options.slicing ?? true;
  }

  /**
   * Slices for a read with this filter, or none (one query). They start at the width the last
   * read of the same project, kind and filter ended with: the cost per hour of range depends on
   * the filter (an attribute filter reads every line, a phrase only the index's candidates), and
   * a dashboard repeats the same reads.
   */
  private slicer(projectId: string, filter: LogFilter & { from: number }, aggregate: boolean): NewestFirstSlices | undefined {
    const scanning = scansText(filter);
    if (!this.slicing || (!scanning && !aggregate)) return undefined;
    const { services, service, minSeverity, severities, attributes, text, traceId } = filter;
    const key = JSON.stringify([projectId, aggregate, services, service, minSeverity, severities, attributes, text, traceId]);
    return new NewestFirstSlices(filter.from, scanning ? SCAN_SLICES : AGGREGATE_SLICES, { widths: this.widths, key });
  }

  private get table(): SqlFragment {
    return qualifiedTable(this.store.database, 'logs');
  }

  /** A fresh engine-time budget for one read; `what` names the read in the error. */
  private bounded<T>(what: string, work: (budget: LogQueryBudget) => Promise<T>): Promise<T> {
    return new LogQueryBudget(this.store, what, this.budgetMs).run(work);
  }

  private async newest(budget: LogQueryBudget, where: SqlFragment, limit: number): Promise<KeyedLogRecord[]> {
    const rows = await budget.rows<LogRow>(sql`SELECT ${COLUMNS} FROM ${this.table} WHERE ${where} ORDER BY timestamp DESC LIMIT ${param('UInt32', limit)}`);
    return rows.map((row) => keyed(toRecord(row)));
  }

  /**
   * The newest `limit` records matching the filter at or before `upper`: one query, or for a
   * scanning filter newest-first slices until `limit` are found. Slices are disjoint and in time
   * order, so the rows are the same set a single query returns (ties on the oldest millisecond
   * aside, which the caller reads whole anyway).
   */
  private async newestUpTo(budget: LogQueryBudget, projectId: string, filter: LogPageQuery, upper: number, limit: number, slicer: NewestFirstSlices | undefined): Promise<KeyedLogRecord[]> {
    if (slicer === undefined) return this.newest(budget, sql`${logFilterCondition(projectId, filter)} AND timestamp <= fromUnixTimestamp64Milli(${param('Int64', upper)})`, limit);
    const rows: KeyedLogRecord[] = [];
    await budget.slices(slicer, upper, async (slice) => {
      rows.push(...(await this.newest(budget, logFilterCondition(projectId, { ...filter, from: slice.from, to: slice.to }), limit - rows.length)));
      return rows.length < limit;
    });
    return rows;
  }

  /** Runs `each` on newest-first slices of [from, to] sized for the filter (aggregates add up across slices). */
  private async aggregateSlices(budget: LogQueryBudget, projectId: string, filter: LogFilter & { from: number; to: number }, each: (slice: LogFilter) => Promise<void>): Promise<void> {
    const slicer = this.slicer(projectId, filter, true);
    if (slicer === undefined) return each(filter);
    await budget.slices(slicer, filter.to, async (slice) => {
      await each({ ...filter, from: slice.from, to: slice.to });
      return true;
    });
  }

  /** Stored records of the project matching the filter (in slices when it has a range). */
  async count(projectId: string, filter: LogFilter = {}): Promise<number> {
    return this.bounded('count', async (budget) => {
      const countIn = async (part: LogFilter): Promise<number> => {
        const [row] = await budget.rows<{ records: string }>(sql`SELECT count() AS records FROM ${this.table} WHERE ${logFilterCondition(projectId, part)}`);
        return Number(row?.records ?? 0);
      };
      const { from, to } = filter;
      if (from === undefined || to === undefined) return countIn(filter);
      let total = 0;
      await this.aggregateSlices(budget, projectId, { ...filter, from, to }, async (slice) => {
        total += await countIn(slice);
      });
      return total;
    });
  }

  /**
   * Records matching the filter (the logs search's: q, services, levels, attributes) in
   * [from, to], counted per group — the service, one attribute (missing reads as ''), or none —
   * each with its newest `evidence` lines (body cut at 1,000 characters). One query (per time
   * slice, for long or scanning searches), never one per group; more than `maxGroups` groups is a
   * TelemetryQueryError (TOO_MANY_GROUPS, 422). Alert rules of kind `log_count` call it on the
   * `evaluation` lane.
   */
  async countByGroup(projectId: string, query: LogGroupCountQuery): Promise<LogGroupCount[]> {
    const { evidence, maxGroups } = checkGroupCountQuery(query);
    const groups = new GroupCounts(query.groupBy, evidence, maxGroups);
    await this.bounded('count', (budget) =>
      this.aggregateSlices(budget, projectId, query, async (slice) => {
        groups.add(await budget.rows<GroupCountRow>(groupCountSql(this.table, logFilterCondition(projectId, slice), query.groupBy, evidence, maxGroups)));
      }),
    );
    return groups.result();
  }

  /** Services with records in [from, to] (starting with `prefix`), alphabetically, at most `limit`. */
  async services(projectId: string, query: { from: number; to: number; prefix?: string; limit: number }): Promise<string[]> {
    const prefix = query.prefix ? sql` AND startsWith(service, ${param('String', query.prefix)})` : sql``;
    const rows = await this.bounded('services list', (budget) =>
      budget.rows<{ service: string }>(sql`
        SELECT DISTINCT service FROM ${this.table}
        WHERE ${logFilterCondition(projectId, { from: query.from, to: query.to })}${prefix}
        ORDER BY service
        LIMIT ${param('UInt32', query.limit)}`),
    );
    return rows.map((row) => row.service);
  }

  /**
   * Attribute keys (or one key's values) for pickers, from the newest ATTRIBUTE_SAMPLE records
   * of the range: reading every record's attribute map over 30 days would take seconds, and
   * the newest records name what people are looking at. Alphabetical, at most `limit`.
   */
  async attributeKeys(projectId: string, query: { from: number; to: number; prefix?: string; limit: number }): Promise<string[]> {
    return this.sampledAttributeStrings(projectId, query, sql`arrayJoin(mapKeys(attributes))`);
  }

  async attributeValues(projectId: string, query: { from: number; to: number; key: string; prefix?: string; limit: number }): Promise<string[]> {
    const key = param('String', query.key);
    return this.sampledAttributeStrings(projectId, query, sql`attributes[${key}]`, sql`mapContains(attributes, ${key})`);
  }

  private async sampledAttributeStrings(projectId: string, query: { from: number; to: number; prefix?: string; limit: number }, pick: SqlFragment, having?: SqlFragment): Promise<string[]> {
    const where = having ? sql`${logFilterCondition(projectId, { from: query.from, to: query.to })} AND ${having}` : logFilterCondition(projectId, { from: query.from, to: query.to });
    const prefix = query.prefix ? sql`WHERE startsWith(picked, ${param('String', query.prefix)})` : sql``;
    const rows = await this.bounded('attribute list', (budget) =>
      budget.rows<{ picked: string }>(sql`
        SELECT DISTINCT picked FROM (
          SELECT ${pick} AS picked FROM (
            SELECT attributes FROM ${this.table} WHERE ${where} ORDER BY timestamp DESC LIMIT ${param('UInt32', ATTRIBUTE_SAMPLE)}
          )
        )
        ${prefix}
        ORDER BY picked
        LIMIT ${param('UInt32', query.limit)}`),
    );
    return rows.map((row) => row.picked);
  }

  /** Records in [from, to], newest first, at most `limit` (≤ 10,000). */
  async search(projectId: string, search: LogSearch): Promise<LogRecord[]> {
    if (!Number.isSafeInteger(search.limit) || search.limit < 1 || search.limit > MAX_LIMIT) throw new RangeError(`limit must be 1..${MAX_LIMIT}, got ${search.limit}`);
    const rows = await this.bounded('search', (budget) => this.newest(budget, logFilterCondition(projectId, { from: search.from, to: search.to, service: search.service }), search.limit));
    return rows.map((row) => row.record);
  }

  /**
   * One page, newest first, ordered by (timestamp DESC, content key DESC). The cursor names the
   * last record returned, so records arriving later never shift a page: nothing is returned
   * twice or skipped, however many records share a millisecond.
   *
   * One query in the usual case: the LIMIT reaches past the page by one record plus those the
   * cursor's millisecond already gave. Only when the page ends inside a millisecond the query
   * cut off is that millisecond read whole (`timestamp = t`, a primary-key range) to order it.
   * A filter that reads every line's text (scansText) is searched in newest-first slices instead
   * of one query; the records, pages and cursors are the same.
   */
  async page(projectId: string, query: LogPageQuery): Promise<LogPage> {
    const { limit } = query;
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new RangeError(`limit must be 1..${MAX_LIMIT}, got ${limit}`);
    const cursor = query.cursor === undefined ? undefined : decodeLogCursor(query.cursor);
    return this.bounded('search', async (budget) => {
      const filter = logFilterCondition(projectId, query);
      const slicer = this.slicer(projectId, query, false);
      const collected: KeyedLogRecord[] = [];
      let upper = Math.min(query.to, cursor?.timestampMs ?? query.to);
      let alreadySent = cursor?.sameTimestamp ?? 0;
      for (;;) {
        const fetch = limit + 1 - collected.length + alreadySent + 1;
        const rows = await this.newestUpTo(budget, projectId, query, upper, fetch, slicer);
        const cutOff = rows.length === fetch ? rows[rows.length - 1]?.record.timestampMs : undefined;
        const complete = cutOff === undefined ? rows : rows.filter((row) => row.record.timestampMs > cutOff);
        collected.push(...afterCursor(complete.sort(newestFirst), cursor));
        if (cutOff === undefined || collected.length > limit) break;
        // The page needs the millisecond the query cut off: read all of it, then go on below it.
        const group = await this.newest(budget, sql`${filter} AND timestamp = fromUnixTimestamp64Milli(${param('Int64', cutOff)})`, MAX_SAME_MILLISECOND + 1);
        if (group.length > MAX_SAME_MILLISECOND) {
          throw new DomainError('QUERY_LIMIT_EXCEEDED', `More than ${MAX_SAME_MILLISECOND} matching records share the millisecond ${cutOff}; narrow the search (service, severity, q) to page through them.`);
        }
        collected.push(...afterCursor(group.sort(newestFirst), cursor));
        if (collected.length > limit) break;
        upper = cutOff - 1;
        alreadySent = 0;
      }
      const page = collected.slice(0, limit);
      const nextCursor = collected.length > limit ? encodeLogCursor(cursorAfter(page, cursor)) : null;
      return { records: page.map((row) => row.record), nextCursor };
    });
  }

  /**
   * Counts per step-wide bucket and severity level. Buckets are aligned to multiples of `step`
   * since the epoch (the bucket `t` covers [t, t + step)); every bucket from `from` to `to` is
   * present, empty ones with total 0. More than 1,000 buckets is refused (422).
   */
  async histogram(projectId: string, query: LogHistogramQuery): Promise<LogsHistogramResponse> {
    const step = query.step ?? defaultLogHistogramStep(query.from, query.to);
    if (!Number.isSafeInteger(step) || step < 1) throw new RangeError(`step must be a positive whole number of ms, got ${step}`);
    const first = Math.floor(query.from / step) * step;
    const last = Math.floor(query.to / step) * step;
    const buckets = (last - first) / step + 1;
    if (buckets > MAX_LOG_HISTOGRAM_BUCKETS) {
      const minimum = Math.ceil((query.to - query.from) / (MAX_LOG_HISTOGRAM_BUCKETS - 1));
      throw new DomainError('QUERY_LIMIT_EXCEEDED', `The histogram would have ${buckets} buckets, more than ${MAX_LOG_HISTOGRAM_BUCKETS}; use a step of at least ${minimum} ms or a shorter range.`, {
        errors: [{ path: 'step', message: `at most ${MAX_LOG_HISTOGRAM_BUCKETS} buckets: use at least ${minimum} ms` }],
      });
    }
    const stepParam = param('Int64', step);
    const byTime = new Map<number, { t: number; total: number; bySeverity: Record<string, number> }>();
    for (let t = first; t <= last; t += step) byTime.set(t, { t, total: 0, bySeverity: {} });
    await this.bounded('histogram', (budget) =>
      // A bucket cut by a slice boundary gets its counts from both slices: they add up.
      this.aggregateSlices(budget, projectId, query, async (slice) => {
        const rows = await budget.rows<{ t: string; severity_number: number; records: string }>(sql`
          SELECT intDiv(toUnixTimestamp64Milli(timestamp), ${stepParam}) * ${stepParam} AS t, severity_number, count() AS records
          FROM ${this.table}
          WHERE ${logFilterCondition(projectId, slice)}
          GROUP BY t, severity_number`);
        for (const row of rows) {
          const bucket = byTime.get(Number(row.t));
          if (!bucket) continue;
          const count = Number(row.records);
          const level = logSeverityName(row.severity_number);
          bucket.total += count;
          bucket.bySeverity[level] = (bucket.bySeverity[level] ?? 0) + count;
        }
      }),
    );
    return { step, buckets: [...byTime.values()] };
  }

  /** The newest `limit` matching records with timestamp ≥ `sinceMs`, for a tail's poll. */
  async recent(projectId: string, filter: LogFilter, sinceMs: number, limit: number): Promise<KeyedLogRecord[]> {
    return this.bounded('tail', (budget) => this.newest(budget, logFilterCondition(projectId, { ...filter, from: sinceMs, to: undefined }), limit));
  }
}
