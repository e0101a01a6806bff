import { encodeMetricValue, type LabelMatcher, type MetricResolution } from '@vigil/contracts';
import {
  histogramQuantile,
  labelSetKey,
  type Labels,
  type MetricQueryPlan,
  type MetricQuerySpec,
  metricUnit,
  parseBucketBound,
  pickLabels,
  type PlanOptions,
  planMetricQuery,
  queryValueUnit,
  type StepsPlan,
} from '@vigil/metrics-query';
import { type CompiledQuery, compile, type SqlFragment } from '../sql-template';
import { TelemetryQueryError } from '../telemetry.errors';
import type { TelemetryStore } from '../telemetry-store';
import { readRollupState, type RollupState } from '../rollup/metric-rollup.sql';
import { findSeriesSql, groupedStepsSql, hourlyStepRowsSql, isHourlyRollupRate, lookupContextColumns, metadataSql, type QueryTables, queryTables, rawPointsSql, seriesConditions, type Temporality } from './metric-query.sql';
import { windowedBuckets } from './metric-rate.sql';
import { queryJsonRowBytes, queryRows } from './query-rows';
import { stepsAnswerJson } from './steps-json';

export interface MetricQueryLimits {
  /** Series (or groups) in the response; more is a TelemetryQueryError TOO_MANY_SERIES. */
  maxSeries?: number;
  /** Points in the response; more is TOO_MANY_POINTS. */
  maxPoints?: number;
  /** Series a query may read before aggregating them. */
  maxInputSeries?: number;
}

export type MetricQueryOptions = PlanOptions & MetricQueryLimits;

/** One series (or group) of an answer: values as numbers, NaN and ±Inf included. */
export interface QuerySeries {
  labels: Record<string, string>;
  points: [number, number][];
}

/** What every answer says besides its series (see metricQueryResponseSchema). */
interface AnswerHead {
  /** null for stored points (no step). */
  step: number | null;
  resolution: MetricResolution;
  /** The explicit window of rates and quantiles (ms), null when chosen per series. */
  window: number | null;
  /** The unit of the values (UCUM), null when unknown. */
  unit: string | null;
}

export interface MetricQueryResult extends AnswerHead {
  series: QuerySeries[];
}

/** MetricQueryResult with `series` already serialised: the API's JSON text of MetricSeries[], UTF-8. */
export interface MetricQueryJson extends AnswerHead {
  series: Buffer;
}

/** A metric's declared temporality and unit (OTLP metadata). */
export interface MetricMetadata {
  temporality: Temporality;
  unit: string | undefined;
}

/** A query's plan and the series it reads, before any samples are read. */
interface SelectedQuery {
  plan: MetricQueryPlan;
  series: SeriesRef[];
  metadata: MetricMetadata;
  /** The rollup's state seen with the series (undefined when no series was found). */
  rollup: RollupState | undefined;
  maxSeries: number;
  maxPoints: number;
}

/** A metadata row as metadataSql returns it: name, temporality, unit, seen (seconds); several per name. */
export type MetadataRow = [string, string, string, number];

/** What a series lookup brings besides the series (lookupContextColumns). */
export interface LookupContext {
  metadata: MetadataRow[];
  /** When asked for (a read that may use the rollup). */
  rollup: RollupState | undefined;
}

/** A series as metric_series knows it. */
export interface SeriesRef {
  fingerprint: string;
  labels: Record<string, string>;
}

/** One group's points from `groupedSteps`, ascending by time. */
export interface GroupSteps {
  g: number;
  points: [number, number][];
}

/** Series → group assignment for `groupedSteps`: the group index each series folds into. */
export interface SeriesGroup {
  fingerprint: string;
  group: number;
}

/** One metric's series and their groups, for `groupedStepsOfMetrics`. */
export interface MetricSeriesGroups {
  metric: string;
  members: readonly SeriesGroup[];
}

export const DEFAULT_MAX_SERIES = 500;
export const DEFAULT_MAX_POINTS = 200_000;
export const DEFAULT_MAX_INPUT_SERIES = 20_000;
/**
 * Windowed rates hold every series' buckets as dense arrays (metric-rate.sql.ts); series ×
 * buckets beyond this would take hundreds of MB in ClickHouse, so such a query is refused.
 */
export const MAX_WINDOW_CELLS = 5_000_000;

/** Float64 as it comes back with output_format_json_quote_denormals: a number or nan/inf text. */
export function parseFloat64(value: number | string): number {
  if (typeof value === 'number') return value;
  if (value === 'nan' || value === '-nan') return Number.NaN;
  if (value === 'inf' || value === '+inf') return Infinity;
  if (value === '-inf') return -Infinity;
  return Number(value);
}

/**
 * The metric query engine: selects series from metric_series by project, name and matchers
 * (fingerprints first, so the samples are read by their ordering key), then computes per series
 * and step in ClickHouse (window functions for reset-aware deltas, GROUP BY step), folds series
 * into groups there too, and interpolates quantiles here. Planning (step, alignment, rollup
 * choice) is the pure `@vigil/metrics-query`. Always scoped to one project; every value is a
 * parameter; throws (never returns [] on error).
 */
export class MetricQueryRepository {
  private readonly tables: QueryTables;

  constructor(private readonly store: TelemetryStore) {
    this.tables = queryTables(store.database);
  }

  private rows<T extends unknown[]>(query: CompiledQuery, matchers: readonly LabelMatcher[] = []): Promise<T[]> {
    return queryRows<T>(this.store, query, matchers);
  }

  /**
   * Series of `metric` matching the matchers (and `extra` conditions on `labels`), seen in the
   * range when one is given. More than `limit` series is TOO_MANY_SERIES.
   */
  async findSeries(
    projectId: string,
    metric: string | undefined,
    matchers: readonly LabelMatcher[],
    options: { range?: { from: number; to: number }; extra?: readonly SqlFragment[]; limit?: number } = {},
  ): Promise<SeriesRef[]> {
    return (await this.lookup(projectId, metric, matchers, options)).series;
  }

  /** findSeries, with the metadata of `context.metadataNames` and the rollup's state when a series is found (lookupContextColumns). */
  private async lookup(
    projectId: string,
    metric: string | undefined,
    matchers: readonly LabelMatcher[],
    options: { range?: { from: number; to: number }; extra?: readonly SqlFragment[]; limit?: number; context?: { metadataNames: readonly string[]; rollupFromMs?: number } },
  ): Promise<{ series: SeriesRef[]; context: LookupContext | undefined }> {
    const limit = options.limit ?? DEFAULT_MAX_INPUT_SERIES;
    const conditions = [...seriesConditions(projectId, metric, matchers), ...(options.extra ?? [])];
    const context = options.context && lookupContextColumns(this.tables, projectId, options.context.metadataNames, options.context.rollupFromMs);
    const rows = await this.rows<[string, Record<string, string>, MetadataRow[]?, string?, string[]?]>(compile(findSeriesSql(this.tables, conditions, options.range, limit + 1, context)), matchers);
    if (rows.length > limit) {
      throw new TelemetryQueryError('TOO_MANY_SERIES', `The query reads more than ${limit} series of ${metric ?? 'the project'}; add label matchers to narrow it.`);
    }
    const first = rows[0];
    return {
      series: rows.map(([fingerprint, labels]) => ({ fingerprint, labels })),
      context: first && options.context ? { metadata: first[2] ?? [], rollup: first[3] === undefined ? undefined : readRollupState(first[3], first[4] ?? []) } : undefined,
    };
  }

  /** cumulative unless the metric's family was declared delta (OTLP metadata). */
  async temporality(projectId: string, metric: string): Promise<Temporality> {
    return (await this.temporalities(projectId, [metric])).get(metric) ?? 'cumulative';
  }

  /** Each metric's temporality in one query (see `metadata`). */
  async temporalities(projectId: string, metrics: readonly string[]): Promise<Map<string, Temporality>> {
    const found = await this.metadata(projectId, metrics);
    return new Map([...found].map(([metric, { temporality }]) => [metric, temporality]));
  }

  /**
   * Each metric's temporality and unit in one query: the newest declaration of the metric or of
   * its family (`x` for `x_bucket`, `x_count`, `x_sum`) decides; cumulative when none says delta.
   */
  async metadata(projectId: string, metrics: readonly string[]): Promise<Map<string, MetricMetadata>> {
    return metadataOf(metrics, await this.rows<MetadataRow>(compile(metadataSql(this.tables.metadata, projectId, metadataNames(metrics)))));
  }

  /**
   * Per group, the plan's value per step folded with `plan.agg` over the group's series:
   * `points` sorted by time. At most `limit` points in all (more come back as limit + 1… are
   * cut: callers pass their limit + 1 and check the total).
   */
  async groupedSteps(projectId: string, plan: StepsPlan, members: readonly SeriesGroup[], limit: number, temporality?: Temporality, rollup?: RollupState): Promise<GroupSteps[]> {
    if (members.length === 0) return [];
    checkWindowCells(plan, members.length);
    const kind = temporality ?? (plan.fn === 'raw' ? 'cumulative' : await this.temporality(projectId, plan.metric));
    const fingerprints = members.map((member) => member.fingerprint);
    const groups = members.map((member) => member.group);
    if (isHourlyRollupRate(plan, kind)) {
      return stepRowsToGroups(plan, await this.rows<[number, number, number | string]>(compile(hourlyStepRowsSql(this.tables, projectId, plan, fingerprints, groups, limit, rollup))));
    }
    const rows = await this.rows<[number, number[], (number | string)[]]>(compile(groupedStepsSql(this.tables, projectId, plan, fingerprints, groups, kind, limit, { rollup })));
    return rows.map(([g, steps, values]) => ({
      g,
      points: steps.map((index, at) => [plan.start + index * plan.step, parseFloat64(values[at] as number | string)] as [number, number]),
    }));
  }

  /**
   * `groupedSteps` of several metrics read with one plan (only `plan.metric` differs) and one
   * temporality, each metric's groups numbered on their own; the answers in the order of
   * `reads`. A counter's 1-hour-step rate from the rollup (isHourlyRollupRate) reads them all in
   * one engine query, their groups numbered apart: the golden signals' buckets and requests in
   * one query cost 26 ms instead of 40 for two (bench/query's data, docs/benchmarks.md), since
   * the embedded engine runs queries one at a time and each pays its own planning and rollup
   * stitching. Other shapes read one metric per query.
   */
  async groupedStepsOfMetrics(projectId: string, plan: StepsPlan, reads: readonly MetricSeriesGroups[], limit: number, temporality: Temporality, rollup?: RollupState): Promise<GroupSteps[][]> {
    const present = reads.filter((read) => read.members.length > 0);
    // A metric twice would map its fingerprints to two groups: such reads go apart.
    if (present.length < 2 || !isHourlyRollupRate(plan, temporality) || new Set(present.map((read) => read.metric)).size < present.length) {
      return Promise.all(reads.map((read) => this.groupedSteps(projectId, { ...plan, metric: read.metric }, read.members, limit, temporality, rollup)));
    }
    // Each read's groups follow the previous read's: [offsets[i], offsets[i + 1]).
    const offsets = [0];
    for (const read of reads) offsets.push((offsets.at(-1) as number) + read.members.reduce((top, member) => Math.max(top, member.group + 1), 0));
    const members = reads.flatMap((read, index) => read.members.map((member) => ({ fingerprint: member.fingerprint, group: member.group + (offsets[index] as number) })));
    const query = hourlyStepRowsSql(
      this.tables,
      projectId,
      plan,
      members.map((member) => member.fingerprint),
      members.map((member) => member.group),
      limit,
      rollup,
      present.map((read) => read.metric),
    );
    const answers = reads.map((): GroupSteps[] => []);
    let read = 0;
    // Rows come ordered by group, so each read's groups come together, in the order of `reads`.
    for (const row of stepRowsToGroups(plan, await this.rows<[number, number, number | string]>(compile(query)))) {
      while (row.g >= (offsets[read + 1] as number)) read++;
      answers[read]?.push({ g: row.g - (offsets[read] as number), points: row.points });
    }
    return answers;
  }

  /** A metric query as `GET /api/v1/metrics/query` takes it (docs/query.md). */
  async query(projectId: string, spec: MetricQuerySpec, options: MetricQueryOptions = {}): Promise<MetricQueryResult> {
    const selected = await this.select(projectId, spec, options);
    return { ...head(spec, selected), series: await this.answer(projectId, selected) };
  }

  /**
   * The same answer with the series as the API's JSON text. Per-step points are written as
   * JSON by ClickHouse's output format while it has them and spliced here as bytes, instead of
   * parsed here and serialised again: for 100 series × 1,440 points that spares ~45 ms of the
   * ~100 (parsing, building 144,000 pairs, JSON.stringify). Stored points and quantiles
   * (interpolated here) are serialised from the typed answer.
   */
  async queryJson(projectId: string, spec: MetricQuerySpec, options: MetricQueryOptions = {}): Promise<MetricQueryJson> {
    const selected = await this.select(projectId, spec, options);
    const { plan } = selected;
    if (plan.kind === 'points' || plan.quantile !== undefined) {
      return { ...head(spec, selected), series: Buffer.from(seriesJson(await this.answer(projectId, selected))) };
    }
    return { ...head(spec, selected), series: await this.stepsJson(projectId, plan, selected) };
  }

  /** Plans the query and finds its series, with the metric's metadata alongside. */
  private async select(projectId: string, spec: MetricQuerySpec, options: MetricQueryOptions): Promise<SelectedQuery> {
    const plan = planMetricQuery(spec, options);
    const readRange = plan.kind === 'points' ? { from: plan.from, to: plan.to } : { from: plan.fn === 'raw' ? plan.from : plan.lookbackStart, to: plan.to };
    const metric = plan.kind === 'points' ? plan.name : plan.metric;
    const family = quantileFamily(spec, metric);
    // The metadata and the rollup's state come with the series: one engine query before the data.
    const { series, context } = await this.lookup(projectId, metric, plan.matchers, {
      range: readRange,
      limit: options.maxInputSeries ?? DEFAULT_MAX_INPUT_SERIES,
      context: { metadataNames: metadataNames([family]), rollupFromMs: plan.kind === 'steps' && plan.resolution !== 'raw' ? readRange.from : undefined },
    });
    // No series, no row to carry the metadata: the unit of the empty answer is looked up alone.
    const metadata = context ? metadataOf([family], context.metadata) : await this.metadata(projectId, [family]);
    return {
      plan,
      series,
      rollup: context?.rollup,
      metadata: metadata.get(family) ?? { temporality: 'cumulative', unit: undefined },
      maxSeries: options.maxSeries ?? DEFAULT_MAX_SERIES,
      maxPoints: options.maxPoints ?? DEFAULT_MAX_POINTS,
    };
  }

  private async answer(projectId: string, { plan, series, metadata, rollup, maxSeries, maxPoints }: SelectedQuery): Promise<QuerySeries[]> {
    if (plan.kind === 'points') {
      if (series.length > maxSeries) throw tooManySeries(maxSeries, plan.name);
      return this.points(projectId, plan.name, series, plan.from, plan.to, maxPoints);
    }
    return plan.quantile === undefined
      ? this.steps(projectId, plan, series, maxSeries, maxPoints, metadata.temporality, rollup)
      : this.quantile(projectId, plan, plan.quantile, series, maxSeries, maxPoints, metadata.temporality, rollup);
  }

  private async points(projectId: string, name: string, series: readonly SeriesRef[], from: number, to: number, maxPoints: number): Promise<QuerySeries[]> {
    if (series.length === 0) return [];
    const fingerprints = series.map((s) => s.fingerprint);
    const rows = await this.rows<[string, number, number | string]>(compile(rawPointsSql(this.tables, projectId, name, fingerprints, from, to, maxPoints + 1)));
    if (rows.length > maxPoints) throw tooManyPoints(maxPoints);
    const byFingerprint = new Map(series.map((s) => [s.fingerprint, { labels: s.labels, points: [] as [number, number][] }]));
    for (const [fingerprint, t, v] of rows) byFingerprint.get(fingerprint)?.points.push([t, parseFloat64(v)]);
    return sortSeries([...byFingerprint.values()]);
  }

  private async steps(projectId: string, plan: StepsPlan, series: readonly SeriesRef[], maxSeries: number, maxPoints: number, temporality: Temporality, rollup: RollupState | undefined): Promise<QuerySeries[]> {
    const { labels, members } = groupSeries(plan, series, maxSeries);
    const rows = await this.groupedSteps(projectId, plan, members, maxPoints + 1, temporality, rollup);
    if (countPoints(rows) > maxPoints) throw tooManyPoints(maxPoints);
    return sortSeries(rows.map((row) => ({ labels: { ...labels[row.g] }, points: row.points })));
  }

  /** `steps` as the API's JSON text of MetricSeries[], the points written by ClickHouse (see queryJson). */
  private async stepsJson(projectId: string, plan: StepsPlan, { series, metadata, rollup, maxSeries, maxPoints }: SelectedQuery): Promise<Buffer> {
    // Groups numbered in the answer's order (by label set): ClickHouse writes them in index order.
    const { labels, members } = sortedGroups(groupSeries(plan, series, maxSeries));
    if (members.length === 0) return Buffer.from('[]');
    checkWindowCells(plan, members.length);
    const query = groupedStepsSql(
      this.tables,
      projectId,
      plan,
      members.map((member) => member.fingerprint),
      members.map((member) => member.group),
      metadata.temporality,
      maxPoints + 1,
      { output: 'pairs', rollup },
    );
    const { points, json } = stepsAnswerJson(await queryJsonRowBytes(this.store, compile(query)), labels.map((set) => JSON.stringify(set)));
    if (points > maxPoints) throw tooManyPoints(maxPoints);
    return json;
  }

  private async quantile(
    projectId: string,
    plan: StepsPlan,
    q: number,
    series: readonly SeriesRef[],
    maxSeries: number,
    maxPoints: number,
    temporality: Temporality,
    rollup: RollupState | undefined,
  ): Promise<QuerySeries[]> {
    // One cell per (group, le): bucket increases are summed per cell and step in ClickHouse.
    const groups = new Map<string, { index: number; labels: Labels }>();
    const cells = new Map<string, { index: number; group: number; le: number }>();
    const members: SeriesGroup[] = [];
    for (const ref of series) {
      const le = parseBucketBound(ref.labels['le']);
      if (le === undefined) continue;
      const labels = pickLabels(ref.labels, plan.by);
      const key = labelSetKey(labels);
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { index: groups.size, labels }));
      const cellKey = `${group.index}\u0000${le}`;
      let cell = cells.get(cellKey);
      if (!cell) cells.set(cellKey, (cell = { index: cells.size, group: group.index, le }));
      members.push({ fingerprint: ref.fingerprint, group: cell.index });
    }
    if (groups.size > maxSeries) throw tooManySeries(maxSeries, plan.metric, true);
    const cellList = [...cells.values()];
    // Bucket rows are cells × steps; the response is groups × steps, checked after interpolation.
    const perGroup = Math.max(1, Math.ceil(cellList.length / Math.max(groups.size, 1)));
    const rows = await this.groupedSteps(projectId, plan, members, maxPoints * perGroup + 1, temporality, rollup);
    if (countPoints(rows) > maxPoints * perGroup) throw tooManyPoints(maxPoints);
    const buckets = new Map<number, Map<number, { le: number; count: number }[]>>();
    for (const row of rows) {
      const cell = cellList[row.g] as { group: number; le: number };
      let byStep = buckets.get(cell.group);
      if (!byStep) buckets.set(cell.group, (byStep = new Map()));
      for (const [t, count] of row.points) {
        let list = byStep.get(t);
        if (!list) byStep.set(t, (list = []));
        list.push({ le: cell.le, count });
      }
    }
    const out: QuerySeries[] = [];
    let points = 0;
    for (const group of groups.values()) {
      const result: QuerySeries = { labels: { ...group.labels }, points: [] };
      const byStep = buckets.get(group.index);
      for (const t of [...(byStep?.keys() ?? [])].sort((a, b) => a - b)) {
        const value = histogramQuantile(q, byStep?.get(t) ?? []);
        // No observations in the step (or no +Inf bucket): no point, as for an empty step.
        if (!Number.isNaN(value)) result.points.push([t, value]);
      }
      points += result.points.length;
      if (result.points.length > 0) out.push(result);
    }
    if (points > maxPoints) throw tooManyPoints(maxPoints);
    return sortSeries(out);
  }
}

/** A metric's family: `x` for `x_bucket`, `x_count` and `x_sum`. */
function familyOf(metric: string): string {
  return metric.replace(/_(bucket|count|sum)$/, '');
}

/** The names whose metadata decides the metrics' (each and its family). */
export function metadataNames(metrics: readonly string[]): string[] {
  return [...new Set(metrics.flatMap((metric) => [metric, familyOf(metric)]))];
}

/**
 * Each metric's temporality and unit from the metadata rows of `metadataNames(metrics)`: the
 * newest declaration of the metric or of its family decides; cumulative when none says delta.
 */
export function metadataOf(metrics: readonly string[], rows: readonly MetadataRow[]): Map<string, MetricMetadata> {
  const declared = new Map<string, { temporality: string; unit: string; seen: number }>();
  for (const [name, temporality, unit, seen] of rows) {
    const known = declared.get(name);
    if (known === undefined || Number(seen) > known.seen) declared.set(name, { temporality, unit, seen: Number(seen) });
  }
  const result = new Map<string, MetricMetadata>();
  for (const metric of metrics) {
    const newest = [declared.get(metric), declared.get(familyOf(metric))].reduce((a, b) => (b !== undefined && (a === undefined || b.seen > a.seen) ? b : a), undefined);
    result.set(metric, { temporality: newest?.temporality === 'delta' ? 'delta' : 'cumulative', unit: newest?.unit || undefined });
  }
  return result;
}

/** `x` for a quantile over `x_bucket`: the family declares the unit and temporality. */
function quantileFamily(spec: MetricQuerySpec, metric: string): string {
  return spec.quantile === undefined ? metric : spec.name;
}

function head(spec: MetricQuerySpec, { plan, metadata }: SelectedQuery): AnswerHead {
  const unit = queryValueUnit(metricUnit(plan.kind === 'points' ? plan.name : quantileFamily(spec, plan.metric), metadata.unit), spec);
  const windowed = plan.kind === 'steps' && plan.resolution === 'raw' && (plan.fn !== 'raw' || plan.quantile !== undefined);
  return {
    step: plan.kind === 'points' ? null : plan.step,
    resolution: plan.kind === 'points' ? 'raw' : plan.resolution,
    window: windowed && plan.windowSteps !== undefined ? plan.windowSteps * plan.step : null,
    unit: unit ?? null,
  };
}

/** The API's JSON of typed series: NaN and ±Inf as Prometheus' strings (metricValueSchema). */
function seriesJson(series: readonly QuerySeries[]): string {
  return JSON.stringify(series.map((s) => ({ labels: s.labels, points: s.points.map(([t, v]) => [t, encodeMetricValue(v)]) })));
}

/** Windowed rates hold series × buckets cells in ClickHouse (MAX_WINDOW_CELLS). */
function checkWindowCells(plan: StepsPlan, seriesCount: number): void {
  if (plan.resolution !== 'raw' || plan.fn === 'raw') return;
  const buckets = windowedBuckets(plan);
  if (seriesCount * buckets > MAX_WINDOW_CELLS) {
    throw new TelemetryQueryError('TOO_MANY_POINTS', `The query would read ${seriesCount} series × ${buckets} steps of rate windows; use a larger step, a shorter range or fewer series.`);
  }
}

/** Series → groups: each series alone (agg=none) or by its `by` labels, with each group's labelSetKey. More groups than maxSeries is TOO_MANY_SERIES. */
function groupSeries(plan: StepsPlan, series: readonly SeriesRef[], maxSeries: number): { labels: Labels[]; keys: string[]; members: SeriesGroup[] } {
  const groups = new Map<string, { index: number; labels: Labels }>();
  const members: SeriesGroup[] = [];
  for (const ref of series) {
    const labels = plan.agg === 'none' ? ref.labels : pickLabels(ref.labels, plan.by);
    const key = labelSetKey(labels);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { index: groups.size, labels }));
    members.push({ fingerprint: ref.fingerprint, group: group.index });
  }
  if (groups.size > maxSeries) throw tooManySeries(maxSeries, plan.metric, plan.agg !== 'none');
  return { labels: [...groups.values()].map((group) => group.labels), keys: [...groups.keys()], members };
}

/**
 * The same groups renumbered in the order of their label sets (the order of an answer, as
 * compareLabelSets orders them): sorted by the keys groupSeries made once, since comparing
 * label sets builds both keys per comparison (~2 ms for 100 series in the profile).
 */
function sortedGroups({ labels, keys, members }: { labels: Labels[]; keys: string[]; members: SeriesGroup[] }): { labels: Labels[]; members: SeriesGroup[] } {
  const order = labels.map((_, index) => index).sort((a, b) => compareKeys(keys[a] as string, keys[b] as string));
  const rank = new Array<number>(labels.length);
  order.forEach((group, position) => (rank[group] = position));
  return { labels: order.map((group) => labels[group] as Labels), members: members.map((member) => ({ fingerprint: member.fingerprint, group: rank[member.group] as number })) };
}

/** compareLabelSets on keys already made. */
function compareKeys(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Rows (group, step index, value) ordered by group and step, as GroupSteps. */
function stepRowsToGroups(plan: StepsPlan, rows: readonly [number, number, number | string][]): GroupSteps[] {
  const result: GroupSteps[] = [];
  let current: GroupSteps | undefined;
  for (const [g, index, value] of rows) {
    if (current?.g !== g) result.push((current = { g, points: [] }));
    current.points.push([plan.start + index * plan.step, parseFloat64(value)]);
  }
  return result;
}

function countPoints(rows: readonly GroupSteps[]): number {
  return rows.reduce((sum, row) => sum + row.points.length, 0);
}

/** Series with points in the order of their label sets (compareLabelSets, each key made once). */
function sortSeries(series: QuerySeries[]): QuerySeries[] {
  return series
    .filter((s) => s.points.length > 0)
    .map((s) => ({ s, key: labelSetKey(s.labels) }))
    .sort((a, b) => compareKeys(a.key, b.key))
    .map(({ s }) => s);
}

function tooManySeries(max: number, name: string, grouped = false): TelemetryQueryError {
  return new TelemetryQueryError(
    'TOO_MANY_SERIES',
    grouped
      ? `The query would return more than ${max} series of ${name}; group by fewer labels or add label matchers.`
      : `The query matches more than ${max} series of ${name}; add label matchers or aggregate with agg and by.`,
  );
}

function tooManyPoints(max: number): TelemetryQueryError {
  return new TelemetryQueryError('TOO_MANY_POINTS', `The query would return more than ${max} points; use a larger step, a shorter range or fewer series.`);
}
