import { checkMinuteEvents, type RegionMinute } from '@vigil/slo';
import { compile, param, qualifiedTable, sql, type TelemetryStore } from '@vigil/telemetry-store';
import type { CountedMinute, SliReading } from './sli-sample-reader';
import { groupKeyOf } from './sli-records.repository';

const NO_GROUP = groupKeyOf({});

/**
 * Counts check SLIs' good and valid events per minute from `check_results` (docs/slo.md, Check
 * SLIs): one query for every check SLI of a project over the range, grouped by check, minute and
 * region in ClickHouse; the minute's events are decided by the domain rule (checkMinuteEvents).
 * A minute is (t, t + 1 min], as for metric SLIs; a result belongs to the minute its probe ended in.
 */
export class CheckSliReader {
  constructor(private readonly store: TelemetryStore) {}

  /** Per SLO and minute in [from, to): readings without a check are skipped; minutes without results are left out. */
  async count(projectId: string, readings: readonly SliReading[], from: number, to: number): Promise<CountedMinute[]> {
    const checkReadings = readings.filter((reading) => reading.check !== undefined);
    if (checkReadings.length === 0 || to <= from) return [];
    const checkIds = [...new Set(checkReadings.map((reading) => reading.check?.sli.checkId ?? ''))];
    const result = await this.store.client.query({
      ...compile(sql`SELECT toString(check_id) AS check, toString(toUnixTimestamp(toStartOfMinute(time - toIntervalMillisecond(1))) * 1000) AS m, region,
          countIf(status = 'up') AS up, countIf(status = 'degraded') AS degraded, countIf(status = 'down') AS down
        FROM ${qualifiedTable(this.store.database, 'check_results')}
        WHERE project_id = ${param('UUID', projectId)} AND check_id IN ${param('Array(UUID)', checkIds)}
          AND time > fromUnixTimestamp64Milli(${param('Int64', from)}) AND time <= fromUnixTimestamp64Milli(${param('Int64', to)})
        GROUP BY check, m, region`),
      format: 'JSONCompactEachRow',
    });
    const minutes = new Map<string, Map<number, RegionMinute[]>>();
    for (const [check, minute, region, up, degraded, down] of (await result.json()) as [string, string, string, string, string, string][]) {
      const byMinute = minutes.get(check) ?? new Map<number, RegionMinute[]>();
      const regions = byMinute.get(Number(minute)) ?? [];
      regions.push({ region, up: Number(up), degraded: Number(degraded), down: Number(down) });
      byMinute.set(Number(minute), regions);
      minutes.set(check, byMinute);
    }
    const counted: CountedMinute[] = [];
    for (const reading of checkReadings) {
      const check = reading.check;
      if (!check) continue;
      for (const [minute, regions] of minutes.get(check.sli.checkId) ?? []) {
        const { good, valid } = checkMinuteEvents(check.sli, check.quorum, regions);
        if (valid !== 0) counted.push({ sloId: reading.sloId, revision: reading.revision, groupKey: NO_GROUP, minute, good, valid });
      }
    }
    return counted;
  }

  /** The oldest result of these checks (null: none): where a check SLI's history recording stops. */
  async oldestResult(projectId: string, checkIds: readonly string[]): Promise<number | null> {
    if (checkIds.length === 0) return null;
    const result = await this.store.client.query({
      ...compile(sql`SELECT toString(toUnixTimestamp64Milli(min(time))) AS oldest, count() AS results
        FROM ${qualifiedTable(this.store.database, 'check_results')}
        WHERE project_id = ${param('UUID', projectId)} AND check_id IN ${param('Array(UUID)', checkIds)}`),
      format: 'JSONCompactEachRow',
    });
    const [row] = (await result.json()) as [string, string][];
    return row && Number(row[1]) > 0 ? Number(row[0]) : null;
  }
}
