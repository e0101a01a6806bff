import { sql, type SqlFragment } from '../sql-template';

/**
 * A series holds one sample per timestamp, as Prometheus' storage does. Delivery is at least
 * once — Prometheus re-sends a remote_write batch whose answer it lost and forwards a sample it
 * scraped again with the same explicit timestamp, an OTLP exporter retries an export — so the
 * same sample can be stored twice, and every read that lists, counts or sums raw samples must
 * take it once. Put after a samples subquery's WHERE (and ORDER BY).
 *
 * `LIMIT 1 BY` keeps the first row of each key: when two copies disagree on the value, one of
 * them is read (Prometheus refuses the second at ingest, which would cost Vigil a read before
 * every write). A ReplacingMergeTree would drop copies only when parts merge, so reads would
 * still need this. Measured on bench/query's data (chDB, in process): +10–15 % of the engine's
 * time of a raw range read, 2.5–2.7× the engine time of a rollup build (in the worker, off the
 * read path), in the memory the build's sort needs already. Rates dedupe in their own buckets
 * (metric-rate.sql.ts).
 */
export function oneSamplePerTimestamp(scope: 'series' | 'projects'): SqlFragment {
  // A fingerprint names a series within a project (its name and labels), not across projects.
  return scope === 'series' ? sql`LIMIT 1 BY fingerprint, timestamp` : sql`LIMIT 1 BY project_id, metric_name, fingerprint, timestamp`;
}
