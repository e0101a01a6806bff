import { EngineMeter, metered } from '../lanes/lane-context';
import { compile, param, sql, type SqlFragment } from '../sql-template';
import { TelemetryQueryError } from '../telemetry.errors';
import type { TelemetryStore } from '../telemetry-store';
import { type NewestFirstSlices, type TimeSlice } from './log-slices';

/** Engine time one log read (all its queries and slices) may take by default. */
export const DEFAULT_LOG_QUERY_BUDGET_MS = 10_000;

/** ClickHouse's TIMEOUT_EXCEEDED (159): a query ran past its `max_execution_time`. */
function isTimeout(error: unknown): boolean {
  const { code, type } = (error ?? {}) as { code?: unknown; type?: unknown };
  return type === 'TIMEOUT_EXCEEDED' || code === '159' || /\bTIMEOUT_EXCEEDED\b/.test(error instanceof Error ? error.message : '');
}

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * The engine time one log read may use, over all its queries. Each query carries
 * `max_execution_time` = what is left (ClickHouse stops it there), and a sliced read stops
 * before a slice once nothing is left; either way the caller gets a TelemetryQueryError
 * (QUERY_LIMIT_EXCEEDED → 422) naming the limit and what to narrow. A 422, not a 503: the same
 * search would fail again, a narrower one will not.
 */
export class LogQueryBudget {
  readonly meter = new EngineMeter();
  /** Newest-first reads: everything from here to the range's end has been searched. */
  private searchedFrom: number | undefined;
  private searchedTo: number | undefined;

  constructor(
    private readonly store: TelemetryStore,
    private readonly what: string,
    readonly limitMs: number = DEFAULT_LOG_QUERY_BUDGET_MS,
  ) {}

  /** Runs `work` with its store operations counted against this budget. */
  run<T>(work: (budget: LogQueryBudget) => Promise<T>): Promise<T> {
    return metered(this.meter, () => work(this));
  }

  /** Rows of one query (JSONEachRow), bounded by the time left. */
  async rows<T>(query: SqlFragment): Promise<T[]> {
    this.check();
    const seconds = Math.max(1, Math.ceil((this.limitMs - this.meter.runMs) / 1_000));
    // A SETTINGS clause, not client settings: chDB applies those as session-wide SET statements
    // that would then bound every later query and insert of the process too.
    const bounded = compile(sql`${query} SETTINGS max_execution_time = ${param('UInt32', seconds)}`);
    try {
      const result = await this.store.client.query({ ...bounded, format: 'JSONEachRow' });
      return await result.json<T>();
    } catch (error) {
      if (isTimeout(error)) throw this.exceeded();
      throw error;
    }
  }

  /**
   * Calls `step` for each slice of [from, to] newest first, until it returns false or the range
   * is covered; each slice's engine time sizes the next.
   */
  async slices(slicer: NewestFirstSlices, to: number, step: (slice: TimeSlice) => Promise<boolean>): Promise<void> {
    for (let slice = slicer.below(to); slice !== undefined; slice = slicer.below(slice.from - 1)) {
      const before = this.meter.runMs;
      const more = await step(slice);
      slicer.took(this.meter.runMs - before);
      this.searchedFrom = slice.from;
      this.searchedTo ??= slice.to;
      if (!more) return;
    }
  }

  private check(): void {
    if (this.meter.runMs >= this.limitMs) throw this.exceeded();
  }

  private exceeded(): TelemetryQueryError {
    const progress = this.searchedFrom === undefined || this.searchedTo === undefined ? '' : ` (it had searched from ${iso(this.searchedTo)} back to ${iso(this.searchedFrom)})`;
    return new TelemetryQueryError(
      'TIME_LIMIT',
      `The log ${this.what} needed more than ${this.limitMs / 1_000} s of query time${progress}. Narrow it: a shorter time range, a service or severity filter, ` +
        'or plain words instead of phrases, exclusions, attribute filters and non-ASCII words (those read every line of the range).',
    );
  }
}
