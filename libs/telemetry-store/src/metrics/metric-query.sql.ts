import type { AcrossSeriesAggregation, LabelMatcher, OverTimeAggregation } from '@vigil/contracts';
import type { StepsPlan } from '@vigil/metrics-query';
import { join, param, qualifiedTable, sql, type SqlFragment } from '../sql-template';
import { rollupSourceSql, type RollupState, rollupStateColumns, type RollupTables } from '../rollup/metric-rollup.sql';
import { HOUR_MS } from '../rollup/rollup-hours';
import { windowedRateSql } from './metric-rate.sql';
import { oneSamplePerTimestamp } from './one-sample-per-timestamp.sql';

/**
 * SQL builders of the metric query engine. Pure (no I/O): each returns a parametrized fragment,
 * snapshot-tested in metric-query.sql.spec.ts. Aggregate function names come from fixed
 * switch tables, never from input; every value, label name and regex is a parameter.
 */

export type Temporality = 'cumulative' | 'delta';

/** `db`.`table` fragments the builders read (the rollup's watermark and stale hours too). */
export interface QueryTables extends RollupTables {
  series: SqlFragment;
  metadata: SqlFragment;
}

/** The tables of the metric engine in `database`. */
export function queryTables(database: string): QueryTables {
  return {
    series: qualifiedTable(database, 'metric_series'),
    metadata: qualifiedTable(database, 'metric_metadata'),
    samples: qualifiedTable(database, 'metric_samples'),
    rollup: qualifiedTable(database, 'metric_rollup_hourly'),
    watermark: qualifiedTable(database, 'metric_rollup_watermark'),
    stale: qualifiedTable(database, 'metric_rollup_stale'),
  };
}

/**
 * One label matcher on the series' `labels` map. A missing label reads as '' (the Map default),
 * which is Prometheus' semantics. Regexes are anchored at both ends as in Prometheus and sent
 * as a parameter (ClickHouse `match`, RE2: no catastrophic backtracking).
 */
export function matcherCondition(matcher: LabelMatcher): SqlFragment {
  const label = sql`labels[${param('String', matcher.label)}]`;
  switch (matcher.op) {
    case '=':
      return sql`${label} = ${param('String', matcher.value)}`;
    case '!=':
      return sql`${label} != ${param('String', matcher.value)}`;
    case '=~':
      return sql`match(${label}, ${param('String', anchored(matcher.value))})`;
    case '!~':
      return sql`NOT match(${label}, ${param('String', anchored(matcher.value))})`;
  }
}

/** `^(?:re)$`: the whole value must match, as in PromQL. */
export function anchored(regex: string): string {
  return `^(?:${regex})$`;
}

/** Conditions selecting one metric's series of a project. */
export function seriesConditions(projectId: string, metric: string | undefined, matchers: readonly LabelMatcher[]): SqlFragment[] {
  return [
    sql`project_id = ${param('UUID', projectId)}`,
    ...(metric === undefined ? [] : [sql`metric_name = ${param('String', metric)}`]),
    ...matchers.map(matcherCondition),
  ];
}

/**
 * Series seen in [from, to] by metric_series' first_seen/last_seen. last_seen is written at
 * most once an hour of sample time (series-cache.ts), so it is compared with the hour holding
 * `from`: a series with a sample at or after `from` has last_seen at or after that hour.
 */
export function seenInRange(from: number, to: number): SqlFragment {
  const hour = Math.floor(from / 3_600_000) * 3_600;
  return sql`max(last_seen) >= toDateTime(${param('Int64', hour)}) AND min(first_seen) <= toDateTime(${param('Int64', Math.ceil(to / 1000))})`;
}

/**
 * The series (fingerprint, labels) of a metric matching the matchers; `limit` rows at most.
 * `context`: more columns, the same on every row (lookupContextColumns).
 */
export function findSeriesSql(tables: QueryTables, conditions: readonly SqlFragment[], range: { from: number; to: number } | undefined, limit: number, context?: SqlFragment): SqlFragment {
  return sql`
    SELECT fingerprint, any(labels) AS series_labels${context === undefined ? sql`` : sql`, ${context}`}
    FROM ${tables.series}
    WHERE ${join([...conditions], sql` AND `)}
    GROUP BY fingerprint
    ${range === undefined ? sql`` : sql`HAVING ${seenInRange(range.from, range.to)}`}
    LIMIT ${param('UInt64', limit)}`;
}

/**
 * Conditions on the samples' (or rollup's) ordering key: project, metric (or metrics), fingerprints
 * (UInt64 as BigInt: a string array is not read as Array(UInt64)).
 */
function keyConditions(projectId: string, metrics: string | readonly string[], fingerprints: readonly string[]): SqlFragment {
  const names = typeof metrics === 'string' ? [metrics] : metrics;
  const metric = names.length === 1 ? sql`metric_name = ${param('String', names[0] as string)}` : sql`metric_name IN ${param('Array(String)', names)}`;
  return sql`project_id = ${param('UUID', projectId)} AND ${metric}
      AND fingerprint IN ${param('Array(UInt64)', fingerprints.map(BigInt))}`;
}

const msTime = (ms: number): SqlFragment => sql`fromUnixTimestamp64Milli(${param('Int64', ms)})`;

/** Stored points as they are (fn=raw without step), NaN and Inf included. */
export function rawPointsSql(tables: QueryTables, projectId: string, metric: string, fingerprints: readonly string[], from: number, to: number, limit: number): SqlFragment {
  return sql`
    SELECT fingerprint, toFloat64(toUnixTimestamp64Milli(timestamp)) AS t, value AS v
    FROM ${tables.samples}
    WHERE ${keyConditions(projectId, metric, fingerprints)}
      AND timestamp >= ${msTime(from)} AND timestamp <= ${msTime(to)}
    ORDER BY fingerprint, timestamp
    ${oneSamplePerTimestamp('series')}
    LIMIT ${param('UInt64', limit)}`;
}

function overRaw(over: OverTimeAggregation): SqlFragment {
  switch (over) {
    case 'avg':
      return sql`avg(value)`;
    case 'sum':
      return sql`sum(value)`;
    case 'min':
      return sql`min(value)`;
    case 'max':
      return sql`max(value)`;
    case 'count':
      return sql`toFloat64(count())`;
    case 'last':
      return sql`argMax(value, timestamp)`;
  }
}

function overRollup(over: OverTimeAggregation): SqlFragment {
  switch (over) {
    case 'avg':
      return sql`sum(sum_value) / sum(sample_count)`;
    case 'sum':
      return sql`sum(sum_value)`;
    case 'min':
      return sql`min(min_value)`;
    case 'max':
      return sql`max(max_value)`;
    case 'count':
      return sql`toFloat64(sum(sample_count))`;
    case 'last':
      return sql`argMaxMerge(last_value)`;
  }
}

function across(agg: AcrossSeriesAggregation): SqlFragment {
  switch (agg) {
    // Each group holds one series: any aggregate returns its value.
    case 'none':
    case 'sum':
      return sql`sum(v)`;
    case 'avg':
      return sql`avg(v)`;
    case 'min':
      return sql`min(v)`;
    case 'max':
      return sql`max(v)`;
    case 'count':
      return sql`toFloat64(count())`;
  }
}

/**
 * Per series and step, the value the plan asks for, as (fingerprint, t, v):
 * - fn=raw: `over` of the samples (or rollup rows) in the step [t, t + step), from `from` on;
 *   NaN samples left out.
 * - fn=increase/rate from raw samples: windows separate from the step (metric-rate.sql.ts).
 * - fn=increase/rate from the rollup: each hour's in-hour increase plus the boundary from the
 *   previous hour's last value to this hour's first, summed per step, per second of the step's
 *   covered part (up to `to`); increase is that rate times the part of the step in [from, to].
 *   Delta-temporality series sum their points instead.
 */
export function seriesStepsSql(tables: QueryTables, projectId: string, plan: StepsPlan, fingerprints: readonly string[], temporality: Temporality, rollup?: RollupState): SqlFragment {
  const step = param('Int64', plan.step);
  const key = keyConditions(projectId, plan.metric, fingerprints);
  if (plan.resolution === 'raw') {
    if (plan.fn !== 'raw') return windowedRateSql({ key, samples: tables.samples, plan, temporality });
    const stepOf = sql`toFloat64(intDiv(toUnixTimestamp64Milli(timestamp), ${step}) * ${step})`;
    return sql`
        SELECT fingerprint, ${stepOf} AS t, ${overRaw(plan.over)} AS v
        FROM (
          SELECT fingerprint, timestamp, value
          FROM ${tables.samples}
          WHERE ${key} AND timestamp >= ${msTime(plan.from)} AND timestamp <= ${msTime(plan.to)} AND NOT isNaN(value)
          ${oneSamplePerTimestamp('series')}
        )
        GROUP BY fingerprint, t`;
  }

  const hourMs = sql`toInt64(toUnixTimestamp(bucket)) * 1000`;
  // The rollup's hours in [start, to]: rolled-up hours stitched with hours computed from raw samples.
  const hours = (fromMs: number): SqlFragment => sql`(${rollupSourceSql(tables, projectId, key, fromMs, plan.to, rollup)})`;
  if (plan.fn === 'raw') {
    return sql`
        SELECT fingerprint, toFloat64(intDiv(${hourMs}, ${step}) * ${step}) AS t, ${overRollup(plan.over)} AS v
        FROM ${hours(plan.start)}
        GROUP BY fingerprint, t`;
  }
  const increases =
    temporality === 'delta'
      ? sql`
        SELECT fingerprint, toFloat64(intDiv(${hourMs}, ${step}) * ${step}) AS t, sum(sum_value) AS v
        FROM ${hours(plan.start)}
        GROUP BY fingerprint, t`
      : rollupIncreasesSql(hours(plan.lookbackStart), plan, hourMs);
  return stepValuesSql(plan, increases);
}

/**
 * A step's rate or increase from its increase `v` (rows of fingerprint, t, v): per second of the
 * step's part up to `to`; an increase counts the part from `from` on. Steps wholly after `to` are
 * left out.
 */
function stepValuesSql(plan: StepsPlan, increases: SqlFragment): SqlFragment {
  const stepEnd = sql`least(toInt64(t) + ${param('Int64', plan.step)}, ${param('Int64', plan.to)})`;
  const perSecond = sql`v / ((${stepEnd} - toInt64(t)) / 1000)`;
  const value = plan.fn === 'rate' ? perSecond : sql`${perSecond} * ((${stepEnd} - greatest(toInt64(t), ${param('Int64', plan.from)})) / 1000)`;
  return sql`SELECT fingerprint, t, ${value} AS v FROM (${increases}) WHERE ${stepEnd} > toInt64(t)`;
}

/**
 * Whether a read is a counter's rate or increase at a 1-hour step from the rollup: one rollup
 * hour per step, so hourlyStepRowsSql reads it in fewer stages than groupedStepsSql.
 */
export function isHourlyRollupRate(plan: StepsPlan, temporality: Temporality): boolean {
  return plan.resolution !== 'raw' && plan.fn !== 'raw' && temporality === 'cumulative' && plan.step === HOUR_MS;
}

/**
 * groupedStepsSql's values for an isHourlyRollupRate read, as rows (g, step index since
 * plan.start, v) ordered by group and step, at most `limit`. Each hour's increase plus the
 * boundary from the previous hour's last value, as rollupIncreasesSql computes it, but taken
 * with lagInFrame (bench/query's fastest engine form for golden signals) and folded into groups
 * in one GROUP BY: no per-series arrays, no per-group arrays, no arraySort stage (each costs
 * ~2–3 ms of engine CPU whatever the row count; golden signals read a few thousand rows).
 * `metrics`: the series of several metrics read with this plan in one query (their fingerprints
 * hash their names, so series of two metrics never share a fingerprint or a window partition).
 */
export function hourlyStepRowsSql(
  tables: QueryTables,
  projectId: string,
  plan: StepsPlan,
  fingerprints: readonly string[],
  groups: readonly number[],
  limit: number,
  rollup?: RollupState,
  metrics: readonly string[] = [plan.metric],
): SqlFragment {
  const key = keyConditions(projectId, metrics, fingerprints);
  const hours = rollupSourceSql(tables, projectId, key, plan.lookbackStart, plan.to, rollup);
  const increases = sql`
        SELECT fingerprint, toFloat64(b) AS t, b_increase + if(prev IS NULL, 0, if(b_first >= assumeNotNull(prev), b_first - assumeNotNull(prev), b_first)) AS v
        FROM (
          SELECT fingerprint, b, b_first, b_increase,
                 lagInFrame(toNullable(b_last)) OVER (PARTITION BY fingerprint ORDER BY b ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS prev
          FROM (${hourlyStatesSql(sql`(${hours})`, sql`toInt64(toUnixTimestamp(bucket)) * 1000`)})
        )
        WHERE b >= ${param('Int64', plan.start)}`;
  const groupOf = sql`transform(fingerprint, ${param('Array(UInt64)', fingerprints.map(BigInt))}, ${param('Array(UInt32)', groups)}, toUInt32(0))`;
  return sql`
    SELECT ${groupOf} AS g, toUInt32(intDiv(toInt64(t) - ${param('Int64', plan.start)}, ${param('Int64', plan.step)})) AS i, ${across(plan.agg)} AS v
    FROM (${stepValuesSql(plan, increases)})
    GROUP BY g, i
    ORDER BY g, i
    LIMIT ${param('UInt64', limit)}`;
}

/**
 * Each series' hours as sorted arrays, the boundary taken from the previous element: the same
 * values as lagInFrame over (fingerprint, hour), about 15 ms less over 200 series × 30 days
 * (bench/query's engine baseline times both forms).
 */
function rollupIncreasesSql(hours: SqlFragment, plan: StepsPlan, hourMs: SqlFragment): SqlFragment {
  const step = param('Int64', plan.step);
  // At a 1-hour step each series has one row per step already: no GROUP BY stage (~2 ms CPU a query).
  const perStep = plan.step === HOUR_MS;
  return sql`
        SELECT fingerprint, ${perStep ? sql`toFloat64(b) AS t, v` : sql`toFloat64(intDiv(b, ${step}) * ${step}) AS t, sum(v) AS v`}
        FROM (
          SELECT fingerprint, hours,
                 arrayMap((inc, first, prevLast, i) -> inc + if(i = 1, 0, if(first >= prevLast, first - prevLast, first)), increases, firsts, arrayPushFront(arrayPopBack(lasts), 0), arrayEnumerate(hours)) AS values
          FROM (
            SELECT fingerprint, arraySort(groupArray(b)) AS hours, arraySort((x, k) -> k, groupArray(b_first), groupArray(b)) AS firsts,
                   arraySort((x, k) -> k, groupArray(b_last), groupArray(b)) AS lasts, arraySort((x, k) -> k, groupArray(b_increase), groupArray(b)) AS increases
            FROM (${hourlyStatesSql(hours, hourMs)})
            GROUP BY fingerprint
          )
        )
        ARRAY JOIN hours AS b, values AS v
        WHERE b >= ${param('Int64', plan.start)}
        ${perStep ? sql`` : sql`GROUP BY fingerprint, t`}`;
}

/** Each series' hours (b, epoch ms) with their first and last values and in-hour increase, merged from the rollup's states. */
function hourlyStatesSql(hours: SqlFragment, hourMs: SqlFragment): SqlFragment {
  return sql`
              SELECT fingerprint, ${hourMs} AS b, argMinMerge(first_value) AS b_first, argMaxMerge(last_value) AS b_last,
                     deltaSumTimestampMerge(increase) AS b_increase
              FROM ${hours}
              GROUP BY fingerprint, b`;
}

/**
 * How groupedStepsSql returns a group's points: `arrays`, two arrays (step indexes since
 * plan.start, and values: short indexes instead of 13-digit times, flat arrays instead of
 * pairs, cheap to send and parse); or `pairs`, the group's point count and its points as
 * `[[t, v], …]`, which ClickHouse's JSON output format (JSONCompactEachRow) writes as the API's
 * points array (stepsJson in the repository splices the rows into the answer as bytes). The
 * output format's writer costs less than building the JSON text with string functions
 * (~5–9 ms of engine CPU for 144,000 points, libs/telemetry-store/bench/metric-reads.profile.ts).
 */
export type StepsOutput = 'arrays' | 'pairs';

/**
 * Folds the per-series step values into groups: `groups[i]` is the group of `fingerprints[i]`
 * (computed from labels by the caller), aggregated with `agg` per step, at most `limit` points
 * in all (a query over the limit is detected without sending everything). One row per group,
 * ordered by group, its points sorted by time (StepsOutput). When every series is its own
 * group (agg=none), the fold across series is skipped (it would aggregate single values, except
 * for count) and rows are gathered per series, the group looked up once per series instead of
 * once per point.
 */
export function groupedStepsSql(
  tables: QueryTables,
  projectId: string,
  plan: StepsPlan,
  fingerprints: readonly string[],
  groups: readonly number[],
  temporality: Temporality,
  limit: number,
  options: { output?: StepsOutput; rollup?: RollupState } = {},
): SqlFragment {
  const groupOf = (fingerprint: SqlFragment): SqlFragment => sql`transform(${fingerprint}, ${param('Array(UInt64)', fingerprints.map(BigInt))}, ${param('Array(UInt32)', groups)}, toUInt32(0))`;
  const steps = seriesStepsSql(tables, projectId, plan, fingerprints, temporality, options.rollup);
  // Over one value, sum/avg/min/max return it; count does not (it is 1).
  const oneSeriesPerGroup = plan.agg !== 'count' && new Set(groups).size === groups.length;
  const points = oneSeriesPerGroup
    ? sql`SELECT fingerprint AS key, t, v FROM (${steps}) LIMIT ${param('UInt64', limit)}`
    : sql`SELECT ${groupOf(sql`fingerprint`)} AS key, t, ${across(plan.agg)} AS v FROM (${steps}) GROUP BY key, t LIMIT ${param('UInt64', limit)}`;
  // Both groupArrays see the rows in the same order; sorting the values by the step indexes is
  // cheaper than sorting (index, value) tuples.
  const sortedValues = sql`arraySort((value, index) -> index, point_values, indexes)`;
  const perGroup = sql`
      SELECT key, groupArray(toUInt32(intDiv(toInt64(t) - ${param('Int64', plan.start)}, ${param('Int64', plan.step)}))) AS indexes, groupArray(v) AS point_values
      FROM (${points})
      GROUP BY key`;
  const columns =
    options.output === 'pairs'
      ? sql`length(indexes) AS n, arrayZip(arrayMap(index -> ${param('Int64', plan.start)} + toInt64(index) * ${param('Int64', plan.step)}, arraySort(indexes)), ${sortedValues}) AS pairs`
      : sql`arraySort(indexes) AS steps, ${sortedValues} AS step_values`;
  return sql`
    SELECT ${oneSeriesPerGroup ? groupOf(sql`key`) : sql`key`} AS g, ${columns}
    FROM (${perGroup})
    ORDER BY g`;
}

/**
 * What a read needs besides its series, as columns of the series lookup (scalar subqueries, the
 * same on every row): the metrics' metadata rows (metadataSql) as `metadata_rows`, and when the
 * read may use the rollup, its state from `rollupFromMs` on (rollupStateColumns). One engine
 * query instead of two or three (each costs ~0.6 ms of fixed CPU and a turn in the engine's
 * queue); each subquery still costs what it would alone (~1.5–2.5 ms CPU), so the rollup's state
 * is read only when the rollup may be.
 */
export function lookupContextColumns(tables: QueryTables, projectId: string, metadataNames: readonly string[], rollupFromMs?: number): SqlFragment {
  const metadata = sql`(SELECT groupArray(tuple(name, temporality, unit, seen)) FROM (${metadataSql(tables.metadata, projectId, metadataNames)})) AS metadata_rows`;
  return rollupFromMs === undefined ? metadata : sql`${metadata}, ${rollupStateColumns(tables, projectId, rollupFromMs)}`;
}

/**
 * The metadata rows of the metric names: name, temporality, unit, when seen (seconds). Every
 * row, not the newest per name: the caller picks the newest (metadataOf), which spares the
 * engine a GROUP BY stage (~0.7 ms CPU of ~2.5 in a lookup's subquery).
 */
export function metadataSql(table: SqlFragment, projectId: string, names: readonly string[]): SqlFragment {
  return sql`
    SELECT toString(metric_name) AS name, temporality, unit, toUInt32(last_seen) AS seen
    FROM ${table}
    WHERE project_id = ${param('UUID', projectId)} AND metric_name IN ${param('Array(String)', names)}`;
}
