import type { LabelMatcher } from '@vigil/contracts';
import type { MetricBatch, SeriesDescriptor } from '@vigil/ingest';
import { type CompiledQuery, compile, join, param, qualifiedTable, sql, type SqlFragment } from '../sql-template';
import type { TelemetryStore } from '../telemetry-store';
import { TelemetryBatchWriter } from '../writer/telemetry-batch.writer';
import { MetricQueryRepository, type QuerySeries } from './metric-query.repository';
import { readSettings } from './query-rows';
import { SeriesCache } from './series-cache';

export interface MetricSampleRecord {
  name: string;
  labels: Readonly<Record<string, string>>;
  value: number;
  timestampMs: number;
}

export interface MetricSeriesQuery {
  name: string;
  matchers?: readonly LabelMatcher[];
  /** Epoch milliseconds, both ends inclusive. */
  from: number;
  to: number;
  /** Bucket width in ms: points become the average per bucket, buckets aligned to multiples of step. */
  step?: number;
  maxSeries?: number;
  maxPoints?: number;
}

const DEFAULT_MAX_SERIES = 1_000;
const DEFAULT_MAX_POINTS = 500_000;
/** Retention of rows written through writeSamples, the table's default (see migration 002). */
const DEFAULT_RETENTION_DAYS = 400;

/**
 * Metric series and samples in ClickHouse, always scoped to one project. Writes are batched
 * and throw on failure; queries are parametrized throughout (label names included, as Map keys).
 */
export class MetricRepository {
  private readonly batchWriter: TelemetryBatchWriter;
  private readonly queries: MetricQueryRepository;

  /**
   * @param seriesWritten the process' record of series rows written (series-cache.ts); pass the
   *   one the batch writers use so both skip the same rows.
   */
  constructor(
    private readonly store: TelemetryStore,
    seriesWritten = new SeriesCache(),
  ) {
    this.batchWriter = new TelemetryBatchWriter(store.writer, { seriesCache: seriesWritten });
    this.queries = new MetricQueryRepository(store);
  }

  private table(name: 'metric_series' | 'metric_samples'): SqlFragment {
    return qualifiedTable(this.store.database, name);
  }

  /** Rows as JSON; UInt64 and Int64 columns arrive as strings (QUERY_SETTINGS in telemetry-store.ts). */
  private async rows<T>(query: CompiledQuery): Promise<T[]> {
    const result = await this.store.client.query({
      ...query,
      format: 'JSONEachRow',
      clickhouse_settings: readSettings(this.store),
    });
    return result.json<T>();
  }

  /** Writes the samples and the series they belong to; resolves only once both are stored. */
  /**
   * Writes samples given as records, through the same encoder as ingest's batches (series
   * rows only where the shared series cache says they are due, then the samples).
   */
  async writeSamples(projectId: string, samples: readonly MetricSampleRecord[]): Promise<void> {
    if (samples.length === 0) return;
    const series: SeriesDescriptor[] = [];
    const seriesIndex = new Map<string, number>();
    const sampleSeries = new Uint32Array(samples.length);
    const sampleTimestamps = new Float64Array(samples.length);
    const sampleValues = new Float64Array(samples.length);
    samples.forEach((sample, index) => {
      const identity = JSON.stringify([sample.name, sample.labels]);
      let position = seriesIndex.get(identity);
      if (position === undefined) {
        position = series.push({ name: sample.name, labels: sample.labels }) - 1;
        seriesIndex.set(identity, position);
      }
      sampleSeries[index] = position;
      sampleTimestamps[index] = sample.timestampMs;
      sampleValues[index] = sample.value;
    });
    const batch: MetricBatch = { series, sampleSeries, sampleTimestamps, sampleValues, sampleCount: samples.length, metadata: [], rejected: { count: 0, reasons: [] } };
    await this.batchWriter.writeMetricBatch(projectId, batch, DEFAULT_RETENTION_DAYS);
  }

  /**
   * Series of one metric matching the label matchers, with their points in [from, to]: the
   * stored points, or with `step` the average per step. A thin use of the query engine
   * (MetricQueryRepository), kept for callers that only read points.
   */
  async querySeries(projectId: string, query: MetricSeriesQuery): Promise<QuerySeries[]> {
    if (query.step !== undefined && (!Number.isSafeInteger(query.step) || query.step <= 0)) throw new RangeError(`step must be a positive integer of ms, got ${query.step}`);
    const result = await this.queries.query(
      projectId,
      { name: query.name, matchers: query.matchers ?? [], from: query.from, to: query.to, step: query.step, fn: 'raw', over: 'avg', agg: 'none', by: [] },
      { maxSeries: query.maxSeries ?? DEFAULT_MAX_SERIES, maxPoints: query.maxPoints ?? DEFAULT_MAX_POINTS },
    );
    return result.series;
  }

  /** Names of the metrics the project has sent, alphabetically. */
  async listMetricNames(projectId: string): Promise<string[]> {
    const rows = await this.rows<{ name: string }>(
      compile(sql`
        SELECT DISTINCT metric_name AS name FROM ${this.table('metric_series')}
        WHERE project_id = ${param('UUID', projectId)}
        ORDER BY name`),
    );
    return rows.map((row) => row.name);
  }

  /**
   * Series of the project whose last sample was at or after `sinceMs` (the series limiter's
   * seed). last_seen is accurate to the hour (see the series cache).
   */
  async loadActiveSeries(projectId: string, sinceMs: number): Promise<{ metricName: string; fingerprint: string; lastSeenMs: number }[]> {
    const rows = await this.rows<{ metric_name: string; fingerprint: string; seen: string }>(
      compile(sql`
        SELECT metric_name, fingerprint, toUnixTimestamp(max(last_seen)) AS seen
        FROM ${this.table('metric_series')}
        WHERE project_id = ${param('UUID', projectId)}
        GROUP BY metric_name, fingerprint
        HAVING max(last_seen) >= toDateTime(${param('Int64', Math.floor(sinceMs / 1000))})`),
    );
    return rows.map((row) => ({ metricName: row.metric_name, fingerprint: row.fingerprint, lastSeenMs: Number(row.seen) * 1000 }));
  }

  /** Stored samples of the project (of one metric when `name` is given). */
  async countSamples(projectId: string, name?: string): Promise<number> {
    const conditions = [sql`project_id = ${param('UUID', projectId)}`];
    if (name !== undefined) conditions.push(sql`metric_name = ${param('String', name)}`);
    const [row] = await this.rows<{ samples: string }>(
      compile(sql`SELECT count() AS samples FROM ${this.table('metric_samples')} WHERE ${join(conditions, sql` AND `)}`),
    );
    return Number(row?.samples ?? 0);
  }
}
