import type { LabelMatcher, MetricSelector } from '@vigil/contracts';
import type { MetricQuerySpec } from '@vigil/metrics-query';
import { AlertingError } from './alerting.errors';
import { formatMatcher } from './matchers';
import type { DataRequest, ExtensionDataRequest, FetchedData, GroupSeries, LogDataRequest, LogGroupResult, MetricDataRequest, RuleData } from './rule-kinds/rule-kind';
import { foldSeries } from './series-fold';

/**
 * Batching the reads of one tick: rules due together that read the same metric share one
 * engine query, never one query per rule per tick.
 *
 * Metric requests share a query when they read the same stored metric the same way over the
 * same range: same name, fn, `over` (for raw values), window, quantile-ness (a quantile reads
 * `x_bucket` increases), from, to and step. The shared query asks the engine for every series
 * (agg=none) any member may need — the matchers all members have in common, plus, when every
 * member pins one label with `=`, that label as a regex union — and each member's groups are
 * then folded from those series in JS (`foldSeries`, the engine's agg/by/quantile semantics).
 * Per-series step values do not depend on which other series a query reads, so the fold gives
 * what the member's own query would have. Evaluation times on the interval grid (schedule.ts)
 * make rules of equal window and interval share ranges.
 *
 * Log requests share a query when search, group-by and range are equal; the query keeps the
 * largest evidence limit and each member gets its own number of lines.
 */

export interface RuleRequests {
  ruleId: string;
  requests: readonly DataRequest[];
}

export interface MetricQueryMember {
  ruleId: string;
  requestId: string;
  selector: MetricSelector;
}

export interface SharedMetricQuery {
  /** Names the query in the results given back to `distributeResults`. */
  key: string;
  /** The engine query to run: per series (agg=none), the members' series and possibly more. */
  spec: MetricQuerySpec;
  members: MetricQueryMember[];
}

export interface SharedLogQuery {
  key: string;
  request: Omit<LogDataRequest, 'id'>;
  members: { ruleId: string; requestId: string; evidenceLimit: number }[];
}

export interface BatchPlan {
  metricQueries: SharedMetricQuery[];
  logQueries: SharedLogQuery[];
  /** Requests of later kinds, passed through for the caller to answer as their source defines. */
  extensionRequests: { ruleId: string; request: ExtensionDataRequest }[];
}

/** The engine query a metric request alone would run (the unbatched path: previews, one-off evaluations). */
export function toMetricQuerySpec(request: MetricDataRequest): MetricQuerySpec {
  const { selector } = request;
  return {
    name: selector.name,
    matchers: selector.matchers,
    from: request.from,
    to: request.to,
    step: request.step,
    fn: selector.fn,
    over: selector.over ?? 'avg',
    agg: selector.agg,
    by: selector.by,
    quantile: selector.quantile,
    window: selector.window,
  };
}

/** What a shared query reads per series for this request (without matchers). */
function sharedShape(request: MetricDataRequest): Omit<MetricQuerySpec, 'matchers'> {
  const { selector } = request;
  const quantile = selector.quantile !== undefined;
  const fn = quantile ? 'increase' : selector.fn;
  return {
    name: quantile ? `${selector.name}_bucket` : selector.name,
    from: request.from,
    to: request.to,
    step: request.step,
    fn,
    // `over` only shapes raw values; fixed otherwise so it never splits a batch.
    over: fn === 'raw' ? (selector.over ?? 'avg') : 'avg',
    agg: 'none',
    by: [],
    window: fn === 'raw' ? undefined : selector.window,
  };
}

/** Characters with a meaning in RE2 and JS regexes; escaped, each means itself in both. */
function escapeRegex(text: string): string {
  return text.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

const MAX_UNION_REGEX_LENGTH = 1024;

/**
 * Matchers that select a superset of every member's series: those all members have, plus a
 * regex union of one label every member pins with `=` (when short enough for the engine).
 */
export function sharedMatchers(memberMatchers: readonly (readonly LabelMatcher[])[]): LabelMatcher[] {
  const [first, ...rest] = memberMatchers;
  if (first === undefined) return [];
  const common = first.filter((matcher) => rest.every((others) => others.some((other) => formatMatcher(other) === formatMatcher(matcher))));
  const commonTexts = new Set(common.map(formatMatcher));
  // A member with nothing beyond the common matchers reads everything they select: no narrowing left.
  if (memberMatchers.some((matchers) => matchers.every((matcher) => commonTexts.has(formatMatcher(matcher))))) return common;
  const pinned = (matchers: readonly LabelMatcher[], label: string) => matchers.find((matcher) => matcher.op === '=' && matcher.label === label);
  const labels = [...new Set(first.filter((matcher) => matcher.op === '=').map((matcher) => matcher.label))].sort();
  for (const label of labels) {
    if (!memberMatchers.every((matchers) => pinned(matchers, label) !== undefined)) continue;
    const values = [...new Set(memberMatchers.map((matchers) => (pinned(matchers, label) as LabelMatcher).value))].sort();
    if (values.length === 1) continue; // already common
    const regex = values.map(escapeRegex).join('|');
    if (regex.length <= MAX_UNION_REGEX_LENGTH) return [...common, { label, op: '=~', value: regex }];
  }
  return common;
}

/** Groups the requests of all rules due in a tick into shared queries. */
export function planBatch(rules: readonly RuleRequests[]): BatchPlan {
  const metric = new Map<string, { shape: Omit<MetricQuerySpec, 'matchers'>; members: MetricQueryMember[] }>();
  const logs = new Map<string, SharedLogQuery>();
  const extensionRequests: BatchPlan['extensionRequests'] = [];
  for (const { ruleId, requests } of rules) {
    for (const request of requests) {
      switch (request.type) {
        case 'metric': {
          const shape = sharedShape(request);
          const key = JSON.stringify(['metric', shape.name, shape.fn, shape.over, shape.window ?? null, request.selector.quantile !== undefined, shape.from, shape.to, shape.step]);
          let entry = metric.get(key);
          if (!entry) metric.set(key, (entry = { shape, members: [] }));
          entry.members.push({ ruleId, requestId: request.id, selector: request.selector });
          break;
        }
        case 'logs': {
          const { id, evidenceLimit, ...query } = request;
          const key = JSON.stringify(['logs', canonicalSearch(request.search), request.groupBy, request.from, request.to]);
          let entry = logs.get(key);
          if (!entry) logs.set(key, (entry = { key, request: { ...query, evidenceLimit }, members: [] }));
          entry.request.evidenceLimit = Math.max(entry.request.evidenceLimit, evidenceLimit);
          entry.members.push({ ruleId, requestId: id, evidenceLimit });
          break;
        }
        case 'extension':
          extensionRequests.push({ ruleId, request });
          break;
      }
    }
  }
  const metricQueries = [...metric.entries()].map(([key, { shape, members }]) => ({
    key,
    spec: { ...shape, matchers: sharedMatchers(members.map((member) => member.selector.matchers)) },
    members,
  }));
  return { metricQueries, logQueries: [...logs.values()], extensionRequests };
}

/** The same search written in any order of its lists is the same query. */
function canonicalSearch(search: LogDataRequest['search']): unknown {
  return [search.q, [...search.service].sort(), [...search.severity].sort(), [...search.attr].sort()];
}

export interface BatchResults {
  /** Per shared metric query key: the per-series points the engine returned. */
  metric: ReadonlyMap<string, readonly GroupSeries[]>;
  /** Per shared log query key: the groups with their counts and first lines. */
  logs: ReadonlyMap<string, readonly LogGroupResult[]>;
  /** Per rule id, per request id: what the caller fetched for extension requests. */
  extension?: ReadonlyMap<string, ReadonlyMap<string, unknown>>;
}

/** Each rule's data, as its own queries would have returned it. A shared query without results is MISSING_DATA. */
export function distributeResults(plan: BatchPlan, results: BatchResults): Map<string, RuleData> {
  const byRule = new Map<string, Map<string, FetchedData>>();
  const put = (ruleId: string, requestId: string, data: FetchedData): void => {
    let entry = byRule.get(ruleId);
    if (!entry) byRule.set(ruleId, (entry = new Map()));
    entry.set(requestId, data);
  };
  for (const query of plan.metricQueries) {
    const series = results.metric.get(query.key);
    if (series === undefined) throw new AlertingError('MISSING_DATA', `No results were given for the shared metric query of ${query.spec.name}.`);
    for (const member of query.members) put(member.ruleId, member.requestId, { type: 'metric', series: foldSeries(series, member.selector) });
  }
  for (const query of plan.logQueries) {
    const groups = results.logs.get(query.key);
    if (groups === undefined) throw new AlertingError('MISSING_DATA', 'No results were given for a shared log query.');
    for (const member of query.members) {
      put(member.ruleId, member.requestId, { type: 'logs', groups: groups.map((group) => ({ ...group, lines: group.lines.slice(0, member.evidenceLimit) })) });
    }
  }
  for (const { ruleId, request } of plan.extensionRequests) {
    const value = results.extension?.get(ruleId)?.get(request.id);
    if (value !== undefined) put(ruleId, request.id, { type: 'extension', value });
  }
  return byRule;
}
