import type { LabelMatcher } from '@vigil/contracts';
import { type CompiledQuery, compile, join, param, qualifiedTable, sql, type SqlFragment } from '../sql-template';
import type { TelemetryStore } from '../telemetry-store';
import { seenInRange, seriesConditions } from './metric-query.sql';
import { queryRows } from './query-rows';

export interface LabelDiscovery {
  name?: string;
  matchers?: readonly LabelMatcher[];
  /** Only series seen in [from, to] (hour-accurate, see seenInRange). */
  range?: { from: number; to: number };
}

const MAX_LABEL_NAMES = 10_000;

/**
 * Metric names, label names and label values of a project, from metric_series. That table is
 * an AggregatingMergeTree with one row per series write, so queries either ask for DISTINCT
 * values (duplicates of a series carry the same labels) or group by fingerprint first when the
 * range filter needs the folded first_seen/last_seen.
 */
export class MetricDiscoveryRepository {
  private readonly series: SqlFragment;

  constructor(private readonly store: TelemetryStore) {
    this.series = qualifiedTable(store.database, 'metric_series');
  }

  private async column(query: CompiledQuery, matchers: readonly LabelMatcher[] = []): Promise<string[]> {
    return (await queryRows<[string]>(this.store, query, matchers)).map(([value]) => value);
  }

  /** Metric names, alphabetically, optionally starting with `prefix` and with series seen in `range`. */
  async metricNames(projectId: string, options: { prefix?: string; limit: number; range?: { from: number; to: number } }): Promise<string[]> {
    const conditions = [sql`project_id = ${param('UUID', projectId)}`];
    if (options.prefix) conditions.push(sql`startsWith(metric_name, ${param('String', options.prefix)})`);
    const where = join(conditions, sql` AND `);
    // With a range, series are folded first: first_seen/last_seen are aggregates over their rows.
    const names =
      options.range === undefined
        ? sql`SELECT DISTINCT toString(metric_name) AS name FROM ${this.series} WHERE ${where}`
        : sql`SELECT DISTINCT name FROM (
            SELECT toString(metric_name) AS name FROM ${this.series} WHERE ${where}
            GROUP BY metric_name, fingerprint HAVING ${seenInRange(options.range.from, options.range.to)})`;
    return this.column(compile(sql`${names} ORDER BY name LIMIT ${param('UInt64', options.limit)}`));
  }

  /** The series' labels as a subquery column `series_labels`, folded per series when a range applies. */
  private labelSets(projectId: string, discovery: LabelDiscovery): SqlFragment {
    const where = join(seriesConditions(projectId, discovery.name, discovery.matchers ?? []), sql` AND `);
    if (discovery.range === undefined) return sql`SELECT labels AS series_labels FROM ${this.series} WHERE ${where}`;
    return sql`
      SELECT any(labels) AS series_labels FROM ${this.series} WHERE ${where}
      GROUP BY metric_name, fingerprint HAVING ${seenInRange(discovery.range.from, discovery.range.to)}`;
  }

  /** Label names of the matching series (of every metric without `name`), alphabetically. */
  async labelNames(projectId: string, discovery: LabelDiscovery): Promise<string[]> {
    return this.column(
      compile(sql`
        SELECT DISTINCT arrayJoin(mapKeys(series_labels)) AS label_name
        FROM (${this.labelSets(projectId, discovery)})
        ORDER BY label_name
        LIMIT ${param('UInt64', MAX_LABEL_NAMES)}`),
      discovery.matchers,
    );
  }

  /** Values of one label over the matching series, alphabetically, optionally starting with `prefix`. */
  async labelValues(projectId: string, label: string, discovery: LabelDiscovery & { prefix?: string; limit: number }): Promise<string[]> {
    const conditions = [sql`label_value != ''`];
    if (discovery.prefix) conditions.push(sql`startsWith(label_value, ${param('String', discovery.prefix)})`);
    return this.column(
      compile(sql`
        SELECT DISTINCT series_labels[${param('String', label)}] AS label_value
        FROM (${this.labelSets(projectId, discovery)})
        WHERE ${join(conditions, sql` AND `)}
        ORDER BY label_value
        LIMIT ${param('UInt64', discovery.limit)}`),
      discovery.matchers,
    );
  }
}
