import { type BatchPlan, type BatchResults, type ExtensionDataRequest, type GroupSeries, type LogGroupResult, type SharedLogQuery } from '@vigil/alerting';
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
 * Answers the extension requests of one source (`ExtensionDataRequest.source`, e.g. `slo`) for
 * one project's rules due together, batched as the source sees fit: per rule id, per request id.
 * A rule left out of the answer has no data for that request.
 */
export interface ExtensionSource {
  fetch(projectId: string, requests: readonly { ruleId: string; request: ExtensionDataRequest }[], now: number): Promise<Map<string, Map<string, unknown>>>;
}

/**
 * Runs one project's batch plan: one query per shared metric query and per shared log query,
 * and one call per extension source.
 */
export async function fetchBatch(
  telemetry: AlertTelemetry,
  projectId: string,
  plan: BatchPlan,
  extensions: ReadonlyMap<string, ExtensionSource> = new Map(),
  now = Date.now(),
): Promise<{ results: BatchResults; failures: Map<string, Error> }> {
  const metric = new Map<string, readonly GroupSeries[]>();
  const logs = new Map<string, readonly LogGroupResult[]>();
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
  const extension = new Map<string, Map<string, unknown>>();
  const bySource = new Map<string, { ruleId: string; request: ExtensionDataRequest }[]>();
  for (const entry of plan.extensionRequests) bySource.set(entry.request.source, [...(bySource.get(entry.request.source) ?? []), entry]);
  for (const [name, requests] of bySource) {
    const source = extensions.get(name);
    try {
      if (!source) throw new Error(`no data source "${name}" is set up in this process`);
      for (const [ruleId, answers] of await source.fetch(projectId, requests, now)) extension.set(ruleId, answers);
    } catch (error) {
      for (const { ruleId } of requests) failures.set(ruleId, error as Error);
    }
  }
  return { results: { metric, logs, extension }, failures };
}
