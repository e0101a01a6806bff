import { oneSamplePerTimestamp } from '../metrics/one-sample-per-timestamp.sql';
import { param, sql, type SqlFragment } from '../sql-template';

/**
 * SQL of the hourly rollup built off the insert path (migration 009, docs/architecture.md
 * "Rollup watermark"). Pure builders, snapshot-tested; every value is a parameter.
 */
export interface RollupTables {
  samples: SqlFragment;
  rollup: SqlFragment;
  watermark: SqlFragment;
  stale: SqlFragment;
}

/** The watermark (DateTime): every hour before it is rolled up, except stale (project, hour) pairs. */
export function watermarkSql(tables: RollupTables): SqlFragment {
  return sql`(SELECT argMax(hour, updated_at) FROM ${tables.watermark} WHERE id = 1)`;
}

const seconds = (ms: number): SqlFragment => sql`toDateTime(${param('Int64', Math.floor(ms / 1000))})`;

/** The rollup's columns, computed from samples grouped by (…, hour). */
const ROLLUP_AGGREGATES = sql`min(value) AS lo, max(value) AS hi, sum(value) AS total, count() AS samples,
           argMinState(value, timestamp) AS first, argMaxState(value, timestamp) AS last,
           deltaSumTimestampState(value, toUnixTimestamp64Milli(timestamp)) AS delta`;

/**
 * The rollup's state as a read saw it just before its data query (read alongside the series
 * lookup, see rollupStateColumns): the watermark and the project's stale hours, epoch ms.
 */
export interface RollupState {
  watermarkMs: number;
  staleHours: readonly number[];
}

/**
 * Per series and hour, the rollup's values (fingerprint, bucket, min_value, max_value,
 * sum_value, sample_count, first_value, last_value, increase) for hours in [fromMs, toMs]: from
 * the rollup for hours before the watermark that are not stale for the project, computed from the
 * raw samples for the others. The two parts are disjoint by hour, so reading them with the
 * rollup's -Merge aggregates gives what a complete rollup would. deltaSumTimestamp needs a
 * series' samples in time order, hence the ORDER BY.
 *
 * Without `state`, the watermark and stale hours are subqueries of this query. With the state
 * the read saw just before, they are literals and a part that holds no hour of the range is
 * left out: that spares ~13 ms of engine CPU per query (the samples part's planning and four
 * subqueries, bench/query's golden signals) even when the samples part reads no row. A state
 * read moments earlier gives the answer of that moment: an older watermark only reads more
 * hours from the samples (they are kept longer than the rollup lags); an hour that turns stale
 * in between lacks the late samples, as a read a moment earlier would.
 */
export function rollupSourceSql(tables: RollupTables, projectId: string, key: SqlFragment, fromMs: number, toMs: number, state?: RollupState): SqlFragment {
  // The samples of exactly the hours `bucket >= from AND bucket <= to` selects (whole seconds, as in the rollup part).
  const firstHour = Math.ceil(Math.floor(fromMs / 1000) / 3600) * 3_600_000;
  const afterLastHour = Math.floor(Math.floor(toMs / 1000) / 3600) * 3_600_000 + 3_600_000;
  if (state === undefined) {
    const project = param('UUID', projectId);
    const staleHours = sql`(SELECT hour FROM ${tables.stale} WHERE project_id = ${project})`;
    return sql`${rollupPart(tables, key, fromMs, toMs, sql`bucket < ${watermarkSql(tables)} AND bucket NOT IN ${staleHours}`)}
          UNION ALL
          ${samplesPart(tables, key, firstHour, afterLastHour, sql`(timestamp >= ${watermarkSql(tables)} OR toStartOfHour(timestamp) IN ${staleHours})`)}`;
  }
  const stale = state.staleHours.filter((hour) => hour >= firstHour && hour < afterLastHour);
  const staleSeconds = param('Array(DateTime)', stale.map((hour) => hour / 1000));
  const parts: SqlFragment[] = [];
  if (state.watermarkMs > firstHour) {
    parts.push(rollupPart(tables, key, fromMs, toMs, stale.length === 0 ? sql`bucket < ${seconds(state.watermarkMs)}` : sql`bucket < ${seconds(state.watermarkMs)} AND bucket NOT IN ${staleSeconds}`));
  }
  if (state.watermarkMs < afterLastHour || stale.length > 0) {
    const fresh = sql`timestamp >= ${seconds(state.watermarkMs)}`;
    parts.push(samplesPart(tables, key, firstHour, afterLastHour, stale.length === 0 ? fresh : sql`(${fresh} OR toStartOfHour(timestamp) IN ${staleSeconds})`));
  }
  // A range before any hour: no rows, with the rollup's columns.
  if (parts.length === 0) parts.push(rollupPart(tables, key, fromMs, toMs, sql`0`));
  return parts.reduce((all, part, index) => (index === 0 ? part : sql`${all}
          UNION ALL
          ${part}`));
}

/** The rollup's rows of the range that `hours` selects. */
function rollupPart(tables: RollupTables, key: SqlFragment, fromMs: number, toMs: number, hours: SqlFragment): SqlFragment {
  return sql`
          SELECT fingerprint, bucket, min_value, max_value, sum_value, sample_count, first_value, last_value, increase
          FROM ${tables.rollup}
          WHERE ${key} AND bucket >= ${seconds(fromMs)} AND bucket <= ${seconds(toMs)}
            AND ${hours}`;
}

/**
 * The rollup's columns computed from the samples of the hours in [firstHour, afterLastHour) that
 * `hours` selects, named as the rollup's (a UNION takes the first part's names).
 */
function samplesPart(tables: RollupTables, key: SqlFragment, firstHour: number, afterLastHour: number, hours: SqlFragment): SqlFragment {
  return sql`
          SELECT fingerprint, bucket, lo AS min_value, hi AS max_value, total AS sum_value, samples AS sample_count, first AS first_value, last AS last_value, delta AS increase
          FROM (
          SELECT fingerprint, toStartOfHour(timestamp) AS bucket, ${ROLLUP_AGGREGATES}
          FROM (
            SELECT fingerprint, timestamp, value
            FROM ${tables.samples}
            WHERE ${key} AND timestamp >= ${seconds(firstHour)} AND timestamp < ${seconds(afterLastHour)} AND NOT isNaN(value)
              AND ${hours}
            ORDER BY fingerprint, timestamp
            ${oneSamplePerTimestamp('series')}
          )
          GROUP BY fingerprint, bucket)`;
}

/**
 * The rollup's state (watermark, the project's stale hours from `fromMs` on) as columns of
 * another query (scalar subqueries): a read gets it with its series lookup, without a round trip
 * of its own. Read with `readRollupState`.
 */
export function rollupStateColumns(tables: RollupTables, projectId: string, fromMs: number): SqlFragment {
  return sql`toInt64(toUnixTimestamp(${watermarkSql(tables)})) * 1000 AS rollup_watermark,
    (SELECT groupArray(toInt64(toUnixTimestamp(hour)) * 1000) FROM ${tables.stale} WHERE project_id = ${param('UUID', projectId)} AND hour >= ${seconds(fromMs - 3_600_000)}) AS rollup_stale`;
}

/** `rollupStateColumns` as the client returns them (JSON: 64-bit integers as strings). */
export function readRollupState(watermark: string | number, stale: readonly (string | number)[]): RollupState {
  return { watermarkMs: Number(watermark), staleHours: stale.map(Number) };
}

/** Series with fingerprints in [from, to) (UInt64 as decimal strings); no `to`: up to the largest. */
export interface FingerprintRange {
  from: string;
  to?: string;
}

/**
 * What a rollup build reads: samples in [fromMs, toMs), optionally only some projects and hours,
 * and only the series of a fingerprint range (an hour too big for one query is built in parts).
 */
export interface RollupBuildRange {
  fromMs: number;
  toMs: number;
  projects?: readonly string[];
  hours?: readonly number[];
  fingerprints?: FingerprintRange;
}

function buildFilters(range: RollupBuildRange): SqlFragment {
  const fingerprints = range.fingerprints;
  return joinAnd([
    sql`timestamp >= fromUnixTimestamp64Milli(${param('Int64', range.fromMs)})`,
    sql`timestamp < fromUnixTimestamp64Milli(${param('Int64', range.toMs)})`,
    sql`NOT isNaN(value)`,
    ...(range.projects ? [sql`project_id IN ${param('Array(UUID)', range.projects)}`] : []),
    ...(range.hours ? [sql`toStartOfHour(timestamp) IN ${param('Array(DateTime)', range.hours.map((hour) => Math.floor(hour / 1000)))}`] : []),
    ...(fingerprints ? [sql`fingerprint >= ${param('UInt64', fingerprints.from)}`] : []),
    ...(fingerprints?.to !== undefined ? [sql`fingerprint < ${param('UInt64', fingerprints.to)}`] : []),
  ]);
}

/**
 * Series (approximate: `uniq`) and samples per hour among the samples a build would read (epoch
 * ms), so the builder can size its slices in rollup rows and in samples read. It reads two narrow
 * columns of what the build reads.
 */
export function hourLoadsSql(tables: RollupTables, range: RollupBuildRange): SqlFragment {
  return sql`
    SELECT toInt64(toUnixTimestamp(toStartOfHour(timestamp))) * 1000 AS hour_ms, uniq(fingerprint) AS series, count() AS samples
    FROM ${tables.samples}
    WHERE ${buildFilters(range)}
    GROUP BY hour_ms
    ORDER BY hour_ms`;
}

/**
 * Rolls up the samples of a range into the rollup table: per series and hour, in key order.
 * Every slice holds whole hours, or one hour's series of a fingerprint range, so each (series,
 * hour) is built from all its samples in one state: partial states of one hour would merge on
 * read out of time order, which deltaSumTimestamp does not survive (metric-rollup.ts).
 */
export function buildRollupSql(tables: RollupTables & { rollupInsert: SqlFragment }, range: RollupBuildRange): SqlFragment {
  return sql`
    INSERT INTO ${tables.rollupInsert}
        (project_id, metric_name, fingerprint, bucket, min_value, max_value, sum_value, sample_count, first_value, last_value, increase, retention_days)
    SELECT project_id, metric_name, fingerprint, toStartOfHour(timestamp) AS hour, ${ROLLUP_AGGREGATES}, max(retention_days) AS retention
    FROM (
      SELECT project_id, metric_name, fingerprint, timestamp, value, retention_days
      FROM ${tables.samples}
      WHERE ${buildFilters(range)}
      ORDER BY project_id, metric_name, fingerprint, timestamp
      ${oneSamplePerTimestamp('projects')}
    )
    GROUP BY project_id, metric_name, fingerprint, hour`;
}

function joinAnd(conditions: readonly SqlFragment[]): SqlFragment {
  return conditions.reduce((all, condition, index) => (index === 0 ? condition : sql`${all} AND ${condition}`), sql``);
}

/** Rollup rows at or after `fromMs` (left by an interrupted close, or by the view before 009). */
export function rollupRowsFromSql(tables: RollupTables, fromMs: number): SqlFragment {
  return sql`SELECT count() AS n FROM ${tables.rollup} WHERE bucket >= ${seconds(fromMs)}`;
}

/** Deletes rollup rows of the given hours (and projects), before they are built again. */
export function deleteRollupSql(target: SqlFragment, selection: { fromMs: number } | { hours: readonly number[]; projects: readonly string[] }): SqlFragment {
  const where =
    'fromMs' in selection
      ? sql`bucket >= ${seconds(selection.fromMs)}`
      : sql`bucket IN ${param('Array(DateTime)', selection.hours.map((hour) => Math.floor(hour / 1000)))} AND project_id IN ${param('Array(UUID)', selection.projects)}`;
  return sql`DELETE FROM ${target} WHERE ${where}`;
}

export function setWatermarkSql(tables: RollupTables, hourMs: number): SqlFragment {
  return sql`INSERT INTO ${tables.watermark} (id, hour, updated_at) SELECT 1, ${seconds(hourMs)}, now64(3)`;
}

/**
 * Marks a build that starts after `cutoffMs` (server clock) covers: noted by then and held no
 * longer (`hold_ms`, migration 011). A held mark stands also for samples its writer stored after
 * it without a new mark, up to `noted_at + hold_ms` (writer/stale-hour-marks.ts); marks noted or
 * held past the cut-off wait for a later run.
 */
function consumableMark(cutoffMs: number): SqlFragment {
  return sql`addMilliseconds(noted_at, hold_ms) <= fromUnixTimestamp64Milli(${param('Int64', cutoffMs)})`;
}

/** The oldest stale hours before the watermark, each with the projects marked in it, among marks consumable at `cutoffMs`. */
export function staleHoursSql(tables: RollupTables, limit: number, cutoffMs: number): SqlFragment {
  return sql`
    SELECT toInt64(toUnixTimestamp(hour)) * 1000 AS hour_ms, groupUniqArray(project_id) AS projects
    FROM ${tables.stale}
    WHERE hour < ${watermarkSql(tables)} AND ${consumableMark(cutoffMs)}
    GROUP BY hour
    ORDER BY hour
    LIMIT ${param('UInt32', limit)}`;
}

/** Forgets marks the last build (begun after `cutoffMs`, server clock) has covered: those consumable at `cutoffMs`. */
export function deleteStaleMarksSql(tables: RollupTables, selection: { fromMs: number; toMs: number } | { hours: readonly number[]; projects: readonly string[] }, cutoffMs: number): SqlFragment {
  const where =
    'fromMs' in selection
      ? sql`hour >= ${seconds(selection.fromMs)} AND hour < ${seconds(selection.toMs)}`
      : sql`hour IN ${param('Array(DateTime)', selection.hours.map((hour) => Math.floor(hour / 1000)))} AND project_id IN ${param('Array(UUID)', selection.projects)}`;
  return sql`DELETE FROM ${tables.stale} WHERE ${where} AND ${consumableMark(cutoffMs)}`;
}

/** The server's clock (epoch ms): marks are stamped with it, so cut-offs compare on one clock. */
export const SERVER_NOW_SQL = sql`SELECT toUnixTimestamp64Milli(now64(3)) AS now_ms`;
