import { compileMatchers, type LabelPredicate } from '@vigil/alerting';
import { parseBucketBound } from '@vigil/metrics-query';
import type { CheckSli } from '@vigil/contracts';
import { combineSides, type SliSide } from '@vigil/slo';
import { compile, MetricQueryRepository, oneSamplePerTimestamp, param, qualifiedTable, type SeriesRef, sql, type SqlFragment, type TelemetryStore } from '@vigil/telemetry-store';
import { groupKeyOf } from './sli-records.repository';

/** An SLO as the readers see it: the counters to sum and how to group (metric SLIs), or the check whose results count (check SLIs). */
export interface SliReading {
  sloId: string;
  revision: number;
  sides: readonly SliSide[];
  groupBy: readonly string[];
  /** A check SLI, with the check's quorum (CheckSliReader). */
  check?: { sli: CheckSli; quorum: number };
}

/** Good and valid events of one SLO, group and minute, counted from the samples. */
export interface CountedMinute {
  sloId: string;
  revision: number;
  groupKey: string;
  minute: number;
  good: number;
  valid: number;
}

/**
 * How far before a range a counter's previous sample is looked for: the increase of a range's
 * first sample is measured from it. A series silent for longer loses the increase across the
 * gap, as a new series' first sample counts nothing (Prometheus' rate() does the same).
 */
export const PREDECESSOR_LOOKBACK_MS = 3_600_000;
/** Series of one metric a reading may hold (the query engine's own bound). */
export const MAX_SERIES_PER_METRIC = 20_000;

interface Assignment {
  reading: number;
  role: SliSide['role'];
  groupKey: string;
}

/**
 * Counts good and valid events per SLO, label group and minute from the raw samples
 * (docs/slo.md, Recording). A minute (t, t + 1 min] gets the increases of the samples in it:
 * each cumulative sample's increase over the series' previous sample (its value itself after a
 * drop: a counter reset, as Prometheus reads it), or a delta-temporality sample's value. Summed
 * over minutes, a range's count is exactly the counters' increase from its start to its end, so
 * a window of whole minutes reads what Prometheus' `increase()` reads when samples lie on its
 * edges, and an SLO's events add up without gaps or double counting.
 *
 * Every reading of a project shares the work: one series lookup per metric and one samples query
 * for all of them; series are matched to SLIs in JS with the alerting engine's matchers (the API
 * refuses matchers RE2 and JavaScript read differently).
 */
export class SliSampleReader {
  private readonly series: MetricQueryRepository;

  constructor(private readonly store: TelemetryStore) {
    this.series = new MetricQueryRepository(store);
  }

  /** Per SLO, group and minute in [from, to): minutes without any valid or good event are left out. */
  async count(projectId: string, readings: readonly SliReading[], from: number, to: number): Promise<CountedMinute[]> {
    if (readings.length === 0 || to <= from) return [];
    const metrics = [...new Set(readings.flatMap((reading) => reading.sides.map((side) => side.metric)))];
    const assignments = new Map<string, Assignment[]>();
    for (const metric of metrics) {
      const found = await this.series.findSeries(projectId, metric, [], { range: { from: from - PREDECESSOR_LOOKBACK_MS, to }, limit: MAX_SERIES_PER_METRIC });
      readings.forEach((reading, index) => {
        for (const side of reading.sides) if (side.metric === metric) assign(assignments, found, side, index, reading.groupBy);
      });
    }
    if (assignments.size === 0) return [];
    const temporalities = await this.series.temporalities(projectId, metrics);
    const byKind = { cumulative: [] as string[], delta: [] as string[] };
    for (const metric of metrics) byKind[temporalities.get(metric) === 'delta' ? 'delta' : 'cumulative'].push(metric);
    const sums = new Map<string, Partial<Record<SliSide['role'], number>>>();
    for (const [kind, names] of Object.entries(byKind) as ['cumulative' | 'delta', string[]][]) {
      if (names.length === 0) continue;
      const fingerprints = [...assignments.keys()];
      for (const [fingerprint, minute, increase] of await this.increases(projectId, names, fingerprints, from, to, kind)) {
        for (const { reading, role, groupKey } of assignments.get(fingerprint) ?? []) {
          const key = `${reading}\u0000${groupKey}\u0000${minute}`;
          const entry = sums.get(key) ?? {};
          entry[role] = (entry[role] ?? 0) + increase;
          sums.set(key, entry);
        }
      }
    }
    const counted: CountedMinute[] = [];
    for (const [key, entry] of sums) {
      const [index, groupKey, minute] = key.split('\u0000') as [string, string, string];
      const reading = readings[Number(index)] as SliReading;
      const { good, valid } = combineSides(reading.sides, entry);
      if (good !== 0 || valid !== 0) counted.push({ sloId: reading.sloId, revision: reading.revision, groupKey, minute: Number(minute), good, valid });
    }
    return counted;
  }

  /**
   * When the oldest series of these metrics was first seen (hour-accurate), or null when none
   * exists: where an SLO's history recording can stop looking.
   */
  async oldestSample(projectId: string, metrics: readonly string[]): Promise<number | null> {
    if (metrics.length === 0) return null;
    const result = await this.store.client.query({
      ...compile(sql`SELECT toString(toUnixTimestamp(min(first_seen)) * 1000) AS oldest, count() AS series
        FROM ${qualifiedTable(this.store.database, 'metric_series')}
        WHERE project_id = ${param('UUID', projectId)} AND metric_name IN ${param('Array(String)', metrics)}`),
      format: 'JSONCompactEachRow',
    });
    const [row] = (await result.json()) as [string, string][];
    return row && Number(row[1]) > 0 ? Number(row[0]) : null;
  }

  /** [fingerprint, minute start (ms), increase] for every minute of [from, to) holding samples of these series. */
  private async increases(projectId: string, metrics: readonly string[], fingerprints: readonly string[], from: number, to: number, kind: 'cumulative' | 'delta'): Promise<[string, number, number][]> {
    const samples = qualifiedTable(this.store.database, 'metric_samples');
    const key = sql`project_id = ${param('UUID', projectId)} AND metric_name IN ${param('Array(String)', metrics)}
      AND fingerprint IN ${param('Array(UInt64)', fingerprints.map(BigInt))} AND NOT isNaN(value)`;
    const inRange = (column: SqlFragment) => sql`${column} > fromUnixTimestamp64Milli(${param('Int64', from)}) AND ${column} <= fromUnixTimestamp64Milli(${param('Int64', to)})`;
    const minuteOf = sql`toString(toUnixTimestamp(toStartOfMinute(ts - toIntervalMillisecond(1))) * 1000)`;
    const query =
      kind === 'delta'
        ? sql`SELECT toString(fingerprint) AS fp, ${minuteOf} AS m, sum(value) AS increase
            FROM (SELECT fingerprint, timestamp AS ts, value FROM ${samples} WHERE ${key} AND ${inRange(sql`timestamp`)} ${oneSamplePerTimestamp('series')})
            GROUP BY fp, m`
        : sql`SELECT toString(fingerprint) AS fp, ${minuteOf} AS m, sum(if(isNaN(previous), 0, if(value >= previous, value - previous, value))) AS increase
            FROM (
              SELECT fingerprint, timestamp AS ts, value,
                lagInFrame(value, 1, nan) OVER (PARTITION BY fingerprint ORDER BY timestamp ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS previous
              FROM ${samples}
              WHERE ${key} AND timestamp > fromUnixTimestamp64Milli(${param('Int64', from - PREDECESSOR_LOOKBACK_MS)}) AND timestamp <= fromUnixTimestamp64Milli(${param('Int64', to)})
            )
            WHERE ${inRange(sql`ts`)}
            GROUP BY fp, m`;
    const result = await this.store.client.query({ ...compile(query), format: 'JSONCompactEachRow' });
    return ((await result.json()) as [string, string, number][]).map(([fp, minute, increase]) => [fp, Number(minute), increase]);
  }
}

function assign(assignments: Map<string, Assignment[]>, series: readonly SeriesRef[], side: SliSide, reading: number, groupBy: readonly string[]): void {
  const matches: LabelPredicate = compileMatchers(side.matchers);
  for (const ref of series) {
    if (!matches(ref.labels)) continue;
    if (side.bound !== undefined && parseBucketBound(ref.labels['le']) !== side.bound) continue;
    const groupKey = groupKeyOf(Object.fromEntries(groupBy.map((label) => [label, ref.labels[label] ?? ''])));
    const list = assignments.get(ref.fingerprint) ?? [];
    list.push({ reading, role: side.role, groupKey });
    assignments.set(ref.fingerprint, list);
  }
}
