import type { LabelMatcher, MetricSeries } from '@vigil/contracts';
import type { MetricBatch, SeriesDescriptor } from '@vigil/ingest';
import { type CompiledQuery, compile, join, param, qualifiedTable, sql, type SqlFragment } from '../sql-template';
import { TelemetryQueryError } from '../telemetry.errors';
import type { TelemetryStore } from '../telemetry-store';
import { TelemetryBatchWriter } from '../writer/telemetry-batch.writer';
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

/** Float64 as it comes back with output_format_json_quote_denormals: a number or nan/inf text. */
function parseFloat64(value: number | string): number {
  if (typeof value === 'number') return value;
  if (value === 'nan' || value === '-nan') return Number.NaN;
  if (value === 'inf' || value === '+inf') return Infinity;
  if (value === '-inf') return -Infinity;
  return Number(value);
}

/**
 * Metric series and samples in ClickHouse, always scoped to one project. Writes are batched
 * and throw on failure; queries are parametrized throughout (label names included, as Map keys).
 */
export class MetricRepository {
  private readonly batchWriter: TelemetryBatchWriter;

  /**
   * @param seriesWritten the process' record of series rows written (series-cache.ts); pass the
   *   one the batch writers use so both skip the same rows.
   */
  constructor(
    private readonly store: TelemetryStore,
    seriesWritten = new SeriesCache(),
  ) {
    this.batchWriter = new TelemetryBatchWriter(store.writer, { seriesCache: seriesWritten });
  }

  private table(name: 'metric_series' | 'metric_samples'): SqlFragment {
    return qualifiedTable(this.store.database, name);
  }

  /** Rows as JSON; UInt64 and Int64 columns arrive as strings (QUERY_SETTINGS in telemetry-store.ts). */
  private async rows<T>(query: CompiledQuery): Promise<T[]> {
    const result = await this.store.client.query({
      ...query,
      format: 'JSONEachRow',
      // On a cluster, `fingerprint IN (SELECT … FROM metric_series)` runs per shard against the
      // local series table: both tables are sharded by fingerprint, so that is exact.
      ...(this.store.cluster === undefined ? {} : { clickhouse_settings: { distributed_product_mode: 'local' } }),
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

  private seriesFilter(projectId: string, name: string, matchers: readonly LabelMatcher[]): SqlFragment {
    const conditions = [
      sql`project_id = ${param('UUID', projectId)}`,
      sql`metric_name = ${param('String', name)}`,
      // A missing label reads as '' (Map default), which is Prometheus' matcher semantics too.
      ...matchers.map((matcher) =>
        matcher.op === '='
          ? sql`labels[${param('String', matcher.label)}] = ${param('String', matcher.value)}`
          : sql`labels[${param('String', matcher.label)}] != ${param('String', matcher.value)}`,
      ),
    ];
    return join(conditions, sql` AND `);
  }

  /** Series of one metric matching the label matchers, with their points in [from, to]. */
  async querySeries(projectId: string, query: MetricSeriesQuery): Promise<MetricSeries[]> {
    const maxSeries = query.maxSeries ?? DEFAULT_MAX_SERIES;
    const maxPoints = query.maxPoints ?? DEFAULT_MAX_POINTS;
    if (query.step !== undefined && (!Number.isSafeInteger(query.step) || query.step <= 0)) throw new RangeError(`step must be a positive integer of ms, got ${query.step}`);
    const inRange = join(
      [
        sql`project_id = ${param('UUID', projectId)}`,
        sql`metric_name = ${param('String', query.name)}`,
        sql`timestamp >= fromUnixTimestamp64Milli(${param('Int64', query.from)})`,
        sql`timestamp <= fromUnixTimestamp64Milli(${param('Int64', query.to)})`,
        sql`fingerprint IN (SELECT fingerprint FROM ${this.table('metric_series')} WHERE ${this.seriesFilter(projectId, query.name, query.matchers ?? [])})`,
      ],
      sql` AND `,
    );

    // Limits are checked on counts first, so a too-wide query never pulls its points into memory.
    const counts = await this.rows<{ fingerprint: string; points: string }>(
      compile(sql`
        SELECT fingerprint, count() AS points
        FROM ${this.table('metric_samples')}
        WHERE ${inRange}
        GROUP BY fingerprint
        LIMIT ${param('UInt64', maxSeries + 1)}`),
    );
    if (counts.length > maxSeries) {
      throw new TelemetryQueryError('TOO_MANY_SERIES', `The query matches more than ${maxSeries} series of ${query.name}; add label matchers to narrow it.`);
    }
    if (counts.length === 0) return [];
    const buckets = query.step === undefined ? Infinity : Math.floor(query.to / query.step) - Math.floor(query.from / query.step) + 1;
    const totalPoints = counts.reduce((sum, row) => sum + Math.min(Number(row.points), buckets), 0);
    if (totalPoints > maxPoints) {
      throw new TelemetryQueryError('TOO_MANY_POINTS', `The query would return ${totalPoints} points (at most ${maxPoints}); use a larger step or a shorter range.`);
    }

    const fingerprints = counts.map((row) => row.fingerprint);
    const labelRows = await this.rows<{ fingerprint: string; series_labels: Record<string, string> }>(
      compile(sql`
        SELECT fingerprint, any(labels) AS series_labels
        FROM ${this.table('metric_series')}
        WHERE project_id = ${param('UUID', projectId)} AND metric_name = ${param('String', query.name)}
          AND fingerprint IN ${param('Array(UInt64)', fingerprints.map((fingerprint) => BigInt(fingerprint)))}
        GROUP BY fingerprint`),
    );
    const points = await this.rows<{ fingerprint: string; t: string; point_value: number | string }>(
      compile(
        query.step === undefined
          ? sql`
            SELECT fingerprint, toUnixTimestamp64Milli(timestamp) AS t, value AS point_value
            FROM ${this.table('metric_samples')}
            WHERE ${inRange}
            ORDER BY fingerprint, timestamp`
          : sql`
            SELECT fingerprint,
                   intDiv(toUnixTimestamp64Milli(timestamp), ${param('Int64', query.step)}) * ${param('Int64', query.step)} AS t,
                   avg(value) AS point_value
            FROM ${this.table('metric_samples')}
            WHERE ${inRange}
            GROUP BY fingerprint, t
            ORDER BY fingerprint, t`,
      ),
    );

    const byFingerprint = new Map<string, MetricSeries>();
    for (const row of labelRows) byFingerprint.set(row.fingerprint, { labels: row.series_labels, points: [] });
    for (const row of points) byFingerprint.get(row.fingerprint)?.points.push([Number(row.t), parseFloat64(row.point_value)]);
    // A stable order for callers and charts: by label set.
    return [...byFingerprint.values()]
      .filter((series) => series.points.length > 0)
      .sort((a, b) => compareLabels(a.labels, b.labels));
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

function labelKey(labels: Readonly<Record<string, string>>): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function compareLabels(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): number {
  const left = labelKey(a);
  const right = labelKey(b);
  return left < right ? -1 : left > right ? 1 : 0;
}
