import { type BatchPlan, type BatchResults, type GroupSeries, type LogGroupResult, type SharedLogQuery } from '@vigil/alerting';
import type { MetricQuerySpec } from '@vigil/metrics-query';

/**
 * Where evaluations read telemetry, one project at a time (a shared query never spans projects:
 * the tenant boundary). The telemetry store implements it on the `evaluation` lane.
 */
export interface AlertTelemetry {
  /** Per-series points of a shared query (agg=none). */
  metricSeries(projectId: string, spec: MetricQuerySpec): Promise<GroupSeries[]>;
  /** A grouped count of matching log records with the first lines of each group. */
  logGroups(projectId: string, request: SharedLogQuery['request']): Promise<LogGroupResult[]>;
}

/**
 * Data of later rule kinds by extension source name (`checks` for check_down: every check of the
 * project with its state), read once per project and source in an evaluation.
 */
export type ExtensionSources = Readonly<Record<string, (projectId: string, params: unknown) => Promise<unknown>>>;

/** Runs one project's batch plan: one query per shared metric query and per shared log query, one read per extension source. */
export async function fetchBatch(telemetry: AlertTelemetry, projectId: string, plan: BatchPlan, sources: ExtensionSources = {}): Promise<{ results: BatchResults; failures: Map<string, Error> }> {
  const metric = new Map<string, readonly GroupSeries[]>();
  const logs = new Map<string, readonly LogGroupResult[]>();
  const extension = new Map<string, Map<string, unknown>>();
  const failures = new Map<string, Error>();
  // Sequential: embedded ClickHouse runs one query at a time anyway, and a failing query must
  // only fail the rules that read it.
  for (const query of plan.metricQueries) {
    try {
      metric.set(query.key, await telemetry.metricSeries(projectId, query.spec));
    } catch (error) {
      for (const member of query.members) failures.set(member.ruleId, error as Error);
    }
  }
  for (const query of plan.logQueries) {
    try {
      logs.set(query.key, await telemetry.logGroups(projectId, query.request));
    } catch (error) {
      for (const member of query.members) failures.set(member.ruleId, error as Error);
    }
  }
  const read = new Map<string, Promise<unknown>>();
  for (const { ruleId, request } of plan.extensionRequests) {
    const source = sources[request.source];
    if (source === undefined) {
      failures.set(ruleId, new Error(`no data source "${request.source}" in this process`));
      continue;
    }
    // Rules of one project reading one source share the read (params are per rule kind; checks take none).
    const key = `${request.source}:${JSON.stringify(request.params)}`;
    if (!read.has(key)) read.set(key, source(projectId, request.params));
    try {
      const value = await read.get(key);
      extension.set(ruleId, (extension.get(ruleId) ?? new Map()).set(request.id, value));
    } catch (error) {
      failures.set(ruleId, error as Error);
    }
  }
  return { results: { metric, logs, extension }, failures };
}
