import {
  type CompiledRule,
  compileRule,
  type DataRequest,
  evaluateRule,
  type FetchedData,
  type GroupSeries,
  type InstanceState,
  type RuleDefinition,
  type RuleKindRegistry,
  toMetricQuerySpec,
} from '@vigil/alerting';
import type { AlertRulePreviewResponse, AlertSeverity } from '@vigil/contracts';
import type { AlertTelemetry } from './telemetry-source';

/** At most this many evaluations in a preview: every one of a 10 s rule over 24 h, one a minute over 7 days. */
export const MAX_PREVIEW_EVALUATIONS = 10_080;
/** Log rules read once per evaluation: fewer of them. */
export const MAX_PREVIEW_LOG_EVALUATIONS = 96;

/**
 * What a rule would have done over [from, to] (the dashboard's form draws it): the value it
 * compared at each evaluation and where it would have fired, with `for`, recovery and
 * keep-firing applied by the same state machine the worker runs. Metric data is read once for
 * the whole range at the rule's evaluation step and sliced per evaluation (the windowed values
 * of a step do not depend on the range around it); log counts are read per evaluation, so
 * fewer evaluations are previewed for log rules.
 */
export async function previewRule(registry: RuleKindRegistry, telemetry: AlertTelemetry, projectId: string, definition: RuleDefinition, from: number, to: number): Promise<AlertRulePreviewResponse> {
  const rule = compileRule(registry, definition);
  const probe = rule.dataRequests(to);
  const hasLogs = probe.some((request) => request.type === 'logs');
  const times = evaluationTimes(definition.intervalSeconds * 1000, from, to, hasLogs ? MAX_PREVIEW_LOG_EVALUATIONS : MAX_PREVIEW_EVALUATIONS);
  const wholeRange = await readMetricsOnce(telemetry, projectId, rule, times);

  let instances: InstanceState[] = [];
  const series = new Map<string, { labels: Record<string, string>; points: [number, number][] }>();
  const firing: AlertRulePreviewResponse['firing'] = [];
  const open = new Map<string, { labels: Record<string, string>; from: number; severity: AlertSeverity }>();
  for (const t of times) {
    const data = new Map<string, FetchedData>();
    for (const request of rule.dataRequests(t)) data.set(request.id, await dataAt(telemetry, projectId, request, wholeRange));
    const evaluation = evaluateRule(rule, data, instances, t);
    instances = evaluation.instances.filter((instance) => !evaluation.dormant.includes(instance.key));
    for (const instance of evaluation.instances) {
      const key = JSON.stringify(instance.groupLabels);
      if (instance.lastValue !== null && instance.lastEvaluatedAt === t && Number.isFinite(instance.lastValue)) {
        const entry = series.get(key) ?? { labels: instance.groupLabels, points: [] };
        entry.points.push([t, instance.lastValue]);
        series.set(key, entry);
      }
      const current = open.get(key);
      if (instance.status === 'firing' && instance.severity !== null) {
        if (!current) open.set(key, { labels: instance.groupLabels, from: t, severity: instance.severity });
        else if (instance.severity === 'critical') current.severity = 'critical';
      } else if (current) {
        firing.push({ ...current, to: t });
        open.delete(key);
      }
    }
  }
  for (const current of open.values()) firing.push({ ...current, to: times.at(-1) ?? to });
  const thresholds = rule.instanceRule.thresholds;
  return {
    series: [...series.values()],
    thresholds: { comparator: thresholds.comparator, warning: thresholds.warning ?? null, critical: thresholds.critical ?? null, recovery: thresholds.recovery ?? null },
    firing,
    evaluations: times.length,
  };
}

/** Evaluation times on the rule's interval grid, evenly thinned to at most `max`. */
function evaluationTimes(intervalMs: number, from: number, to: number, max: number): number[] {
  const first = Math.ceil(from / intervalMs) * intervalMs;
  const count = Math.max(0, Math.floor((to - first) / intervalMs) + 1);
  const every = Math.max(1, Math.ceil(count / max));
  const times: number[] = [];
  for (let i = 0; i < count; i += every) times.push(first + i * intervalMs);
  return times;
}

/** Every metric request of the rule read once over all evaluation times (same selector and step each time). */
async function readMetricsOnce(telemetry: AlertTelemetry, projectId: string, rule: CompiledRule, times: readonly number[]): Promise<Map<string, GroupSeries[]>> {
  const found = new Map<string, GroupSeries[]>();
  const first = times[0];
  const last = times.at(-1);
  if (first === undefined || last === undefined) return found;
  const lastRequests = rule.dataRequests(last);
  for (const request of rule.dataRequests(first)) {
    if (request.type !== 'metric') continue;
    const end = lastRequests.find((other) => other.id === request.id);
    const to = end?.type === 'metric' ? end.to : request.to;
    found.set(request.id, await telemetry.metricSeries(projectId, toMetricQuerySpec({ ...request, to })));
  }
  return found;
}

async function dataAt(telemetry: AlertTelemetry, projectId: string, request: DataRequest, wholeRange: ReadonlyMap<string, GroupSeries[]>): Promise<FetchedData> {
  switch (request.type) {
    case 'metric': {
      const start = Math.floor(request.from / request.step) * request.step;
      const series = (wholeRange.get(request.id) ?? [])
        .map((group) => ({ labels: group.labels, points: group.points.slice(firstAtOrAfter(group.points, start), firstAtOrAfter(group.points, request.to + 1)) }))
        .filter((group) => group.points.length > 0);
      return { type: 'metric', series };
    }
    case 'logs': {
      const { id: _id, ...query } = request;
      return { type: 'logs', groups: await telemetry.logGroups(projectId, query) };
    }
    case 'extension':
      return { type: 'extension', value: undefined };
  }
}

/** Index of the first point at or after `t` (points are sorted by time): thousands of evaluations slice cheaply. */
function firstAtOrAfter(points: GroupSeries['points'], t: number): number {
  let low = 0;
  let high = points.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((points[middle] as readonly [number, number])[0] < t) low = middle + 1;
    else high = middle;
  }
  return low;
}
