import { compile, join, param, qualifiedTable, sql, type SqlFragment } from '../sql-template';
import type { TelemetryStore } from '../telemetry-store';

/** Response-time percentiles of a check over a span (every result that measured a latency, any status). */
export interface LatencyPercentiles {
  p50Ms: number | null;
  p95Ms: number | null;
  /** Results with a latency the percentiles are of. */
  measured: number;
}

/** A span cut at UTC midnights (`splitAtUtcDays` in @vigil/probing): whole days and partial-day edges. */
export interface LatencySpan {
  wholeDays: { first: string; last: string } | null;
  /** Epoch ms, [from, to) each. */
  edges: readonly { from: number; to: number }[];
}

interface PercentileRow {
  check: string;
  quantiles: number[];
  results: string;
}

/**
 * Latency percentiles for uptime reports: the daily rollup's t-digests for whole UTC days merged
 * with t-digests built from the raw results of the partial days at either end, in one query, so
 * a month in any time zone reads ~30 rollup rows and at most two partial days of results per
 * check and region. t-digest is approximate (a few per cent near p95 on skewed latencies); raw
 * results past the project's retention are gone, so an old month's edges then count only the
 * rollup (docs/checks.md, Uptime and reports).
 */
export class CheckLatencyRepository {
  constructor(private readonly store: TelemetryStore) {}

  private table(name: string): SqlFragment {
    return qualifiedTable(this.store.database, name);
  }

  async percentiles(projectId: string, checkIds: readonly string[], span: LatencySpan): Promise<Map<string, LatencyPercentiles>> {
    const parts: SqlFragment[] = [];
    const checks = sql`project_id = ${param('UUID', projectId)} AND check_id IN ${param('Array(UUID)', checkIds)}`;
    if (span.wholeDays !== null) {
      parts.push(sql`
        SELECT check_id, latency_quantiles AS digest, latency_count AS measured
        FROM ${this.table('check_results_daily')}
        WHERE ${checks} AND day >= toDate(${param('String', span.wholeDays.first)}) AND day <= toDate(${param('String', span.wholeDays.last)})`);
    }
    if (span.edges.length > 0) {
      const within = join(
        span.edges.map((edge) => sql`(time >= fromUnixTimestamp64Milli(${param('Int64', edge.from)}) AND time < fromUnixTimestamp64Milli(${param('Int64', edge.to)}))`),
        sql` OR `,
      );
      parts.push(sql`
        SELECT check_id, quantilesTDigestStateIf(0.5, 0.95, 0.99)(assumeNotNull(latency_ms), latency_ms IS NOT NULL) AS digest, count(latency_ms) AS measured
        FROM ${this.table('check_results')}
        WHERE ${checks} AND (${within})
        GROUP BY check_id`);
    }
    const found = new Map<string, LatencyPercentiles>();
    if (checkIds.length === 0 || parts.length === 0) return found;
    const result = await this.store.client.query({
      ...compile(sql`
        SELECT toString(check_id) AS check, quantilesTDigestMerge(0.5, 0.95, 0.99)(digest) AS quantiles, sum(measured) AS results
        FROM (${join(parts, sql` UNION ALL `)})
        GROUP BY check_id`),
      format: 'JSONEachRow',
    });
    for (const row of await result.json<PercentileRow>()) {
      const measured = Number(row.results);
      found.set(row.check, { p50Ms: measured === 0 ? null : finite(row.quantiles[0]), p95Ms: measured === 0 ? null : finite(row.quantiles[1]), measured });
    }
    return found;
  }
}

function finite(value: number | string | undefined): number | null {
  const number = Number(value);
  return value === undefined || !Number.isFinite(number) ? null : number;
}
