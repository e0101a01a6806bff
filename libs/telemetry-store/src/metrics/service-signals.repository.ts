import type { ServiceSignalsResponse, ServicesResponse, ServiceSummary } from '@vigil/contracts';
import {
  computeServiceSignals,
  defaultStep,
  detectConvention,
  isServerError,
  parseBucketBound,
  planMetricQuery,
  serviceOf,
  type ServiceSignals,
  SIGNAL_CONVENTIONS,
  SIGNAL_METRIC_NAMES,
  type SignalSelection,
  type SignalSteps,
  type StepsPlan,
  throughputWindowOf,
} from '@vigil/metrics-query';
import { compile, join, param, qualifiedTable, sql, type SqlFragment } from '../sql-template';
import type { TelemetryStore } from '../telemetry-store';
import { readRollupState, type RollupState } from '../rollup/metric-rollup.sql';
import { type MetadataRow, metadataNames, metadataOf, MetricQueryRepository, type SeriesGroup } from './metric-query.repository';
import { lookupContextColumns, type QueryTables, queryTables, seenInRange, type Temporality } from './metric-query.sql';
import { queryRows } from './query-rows';

export interface SignalsRange {
  from: number;
  to: number;
  step?: number;
}

/** A series of one of the signal metrics, with only the labels the signals read. */
interface SignalSeries {
  metric: string;
  fingerprint: string;
  service: string;
  le: number | undefined;
  labels: Record<string, string>;
}

/** Labels the signals read: service, job, le and every convention's status labels. */
const SIGNAL_LABELS = [...new Set(['service', 'job', 'le', ...SIGNAL_CONVENTIONS.flatMap((c) => c.statusLabels)])];
const MAX_SIGNAL_SERIES = 50_000;
const MAX_SERVICES = 1_000;
const MAX_ROWS = 2_000_000;

/**
 * Golden signals per service (docs/query.md) on top of the query engine: one query finds the
 * signal metrics' series of every service, the convention of each service is detected from the
 * metric names it has, and then the engine computes the per-step increases of all services at
 * once: buckets grouped by (service, le), requests by (service, 5xx or not), every signal metric
 * of a temporality in one query where the rollup is read at a 1-hour step (groupedStepsOfMetrics),
 * else one query per metric. Quantiles, throughput and error rates come from those increases.
 */
export class ServiceSignalsRepository {
  private readonly queries: MetricQueryRepository;

  private readonly tables: QueryTables;

  constructor(private readonly store: TelemetryStore) {
    this.queries = new MetricQueryRepository(store);
    this.tables = queryTables(store.database);
  }

  /** Every service with its summary over the range and sparklines, in one request. */
  async listServices(projectId: string, range: SignalsRange): Promise<ServicesResponse> {
    const step = range.step ?? defaultStep(range.from, range.to);
    const [signals, logServices] = await Promise.all([this.signals(projectId, { ...range, step }), this.logServices(projectId, range)]);
    const services: ServiceSummary[] = [];
    for (const [service, { selection, signals: computed }] of signals) {
      services.push({
        service,
        source: selection.convention.source,
        latency: computed.latency,
        throughput: computed.throughput,
        errorRate: computed.errorRate,
        sparklines: { latencyP95: computed.series.p95, throughput: computed.series.throughput, errorRate: computed.series.errorRate },
      });
    }
    for (const service of logServices) {
      if (!signals.has(service)) {
        services.push({ service, source: null, latency: null, throughput: null, errorRate: null, sparklines: { latencyP95: [], throughput: [], errorRate: [] } });
      }
    }
    services.sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : 0));
    return { from: range.from, to: range.to, step, throughputWindow: throughputWindowOf(step), services };
  }

  /** One service's signals per step. */
  async serviceSignals(projectId: string, service: string, range: SignalsRange): Promise<ServiceSignalsResponse> {
    const step = range.step ?? defaultStep(range.from, range.to);
    const found = (await this.signals(projectId, { ...range, step }, service)).get(service);
    const series = found?.signals.series ?? { p50: [], p95: [], p99: [], throughput: [], errorRate: [] };
    return {
      service,
      source: found?.selection.convention.source ?? null,
      from: range.from,
      to: range.to,
      step,
      latency: { p50: series.p50, p95: series.p95, p99: series.p99 },
      throughput: series.throughput,
      errorRate: series.errorRate,
    };
  }

  private plan(metric: string, range: Required<SignalsRange>): StepsPlan {
    const plan = planMetricQuery({ name: metric, matchers: [], from: range.from, to: range.to, step: range.step, fn: 'increase', over: 'avg', agg: 'sum', by: [] });
    if (plan.kind !== 'steps') throw new Error('a signal plan always has steps');
    return plan;
  }

  private async signals(projectId: string, range: Required<SignalsRange>, only?: string): Promise<Map<string, { selection: SignalSelection; signals: ServiceSignals }>> {
    const probe = this.plan(SIGNAL_METRIC_NAMES[0] as string, range);
    // Temporalities of every signal metric and the rollup's state come with the series: one query.
    const { series, temporalities, rollup } = await this.signalSeries(projectId, { from: probe.lookbackStart, to: range.to }, probe.resolution !== 'raw', only);

    // Detect each service's convention from the metric names it has.
    const namesByService = new Map<string, Set<string>>();
    for (const s of series) {
      let names = namesByService.get(s.service);
      if (!names) namesByService.set(s.service, (names = new Set()));
      names.add(s.metric);
    }
    const selections = new Map<string, SignalSelection>();
    for (const [service, names] of namesByService) {
      const selection = detectConvention(names);
      if (selection) selections.set(service, selection);
    }
    const services = [...selections.keys()];
    const serviceIndex = new Map(services.map((service, index) => [service, index]));

    // Groups are cells: (service, le) for buckets, (service, 5xx) for requests.
    const latencyMetrics = new Set([...selections.values()].flatMap((s) => (s.latencyMetric ? [s.latencyMetric] : [])));
    const requestMetrics = new Set([...selections.values()].flatMap((s) => (s.requestsMetric ? [s.requestsMetric] : [])));
    const bucketRows = new Map<string, SignalSteps['buckets'][number][]>();
    const requestRows = new Map<string, SignalSteps['requests'][number][]>();
    const push = <K, T>(map: Map<K, T[]>, key: K, value: T): void => {
      const list = map.get(key);
      if (list) list.push(value);
      else map.set(key, [value]);
    };

    // Each metric's series grouped, and what to do with each group's points.
    const reads: { metric: string; members: SeriesGroup[]; take: (g: number, points: readonly [number, number][]) => void }[] = [];
    for (const metric of latencyMetrics) {
      const cells: { service: string; le: number }[] = [];
      const cellIndex = new Map<string, number>();
      const members: SeriesGroup[] = [];
      for (const s of series) {
        if (s.metric !== metric || s.le === undefined || selections.get(s.service)?.latencyMetric !== metric) continue;
        const key = `${serviceIndex.get(s.service)}\u0000${s.le}`;
        let index = cellIndex.get(key);
        if (index === undefined) cellIndex.set(key, (index = cells.push({ service: s.service, le: s.le }) - 1));
        members.push({ fingerprint: s.fingerprint, group: index });
      }
      reads.push({
        metric,
        members,
        take: (g, points) => {
          const cell = cells[g] as { service: string; le: number };
          for (const [t, value] of points) push(bucketRows, cell.service, { t, le: cell.le, value });
        },
      });
    }
    for (const metric of requestMetrics) {
      const members: SeriesGroup[] = [];
      for (const s of series) {
        const selection = selections.get(s.service);
        if (s.metric !== metric || selection?.requestsMetric !== metric) continue;
        // A histogram's _count has no le; _bucket series never reach here.
        const error = isServerError(s.labels, selection.convention.statusLabels);
        members.push({ fingerprint: s.fingerprint, group: (serviceIndex.get(s.service) as number) * 2 + (error ? 1 : 0) });
      }
      reads.push({
        metric,
        members,
        take: (g, points) => {
          for (const [t, value] of points) push(requestRows, services[Math.floor(g / 2)] as string, { t, error: g % 2 === 1, value });
        },
      });
    }
    // Metrics of one temporality are read together (one engine query at a 1-hour step from the rollup).
    const byTemporality = new Map<Temporality, typeof reads>();
    for (const read of reads) push(byTemporality, temporalities.get(read.metric) ?? 'cumulative', read);
    await Promise.all(
      [...byTemporality].map(async ([temporality, group]) => {
        const answers = await this.queries.groupedStepsOfMetrics(projectId, probe, group, MAX_ROWS, temporality, rollup);
        group.forEach((read, index) => {
          for (const row of answers[index] ?? []) read.take(row.g, row.points);
        });
      }),
    );

    const result = new Map<string, { selection: SignalSelection; signals: ServiceSignals }>();
    for (const [service, selection] of selections) {
      const signals = computeServiceSignals({
        step: range.step,
        from: range.from,
        to: range.to,
        throughputWindow: throughputWindowOf(range.step),
        toMs: selection.convention.toMs,
        buckets: bucketRows.get(service) ?? [],
        requests: requestRows.get(service) ?? [],
      });
      result.set(service, { selection, signals });
    }
    return result;
  }

  /**
   * Series of the signal metrics seen in the range (of one service when `only` is given), with
   * the metrics' temporalities and the rollup's state (lookupContextColumns).
   */
  private async signalSeries(
    projectId: string,
    range: { from: number; to: number },
    readsRollup: boolean,
    only?: string,
  ): Promise<{ series: SignalSeries[]; temporalities: Map<string, 'cumulative' | 'delta'>; rollup: RollupState | undefined }> {
    const conditions: SqlFragment[] = [sql`project_id = ${param('UUID', projectId)}`, sql`metric_name IN ${param('Array(String)', SIGNAL_METRIC_NAMES)}`];
    if (only !== undefined) {
      const service = param('String', only);
      conditions.push(sql`(labels['service'] = ${service} OR (labels['service'] = '' AND labels['job'] = ${service}))`);
    }
    const rows = await queryRows<[string, string, Record<string, string>, MetadataRow[], string?, string[]?]>(
      this.store,
      compile(sql`
        SELECT toString(metric_name) AS metric, fingerprint, mapFilter((k, v) -> has(${param('Array(String)', SIGNAL_LABELS)}, k), any(labels)) AS signal_labels,
          ${lookupContextColumns(this.tables, projectId, metadataNames(SIGNAL_METRIC_NAMES), readsRollup ? range.from : undefined)}
        FROM ${qualifiedTable(this.store.database, 'metric_series')}
        WHERE ${join(conditions, sql` AND `)}
        GROUP BY metric_name, fingerprint
        HAVING ${seenInRange(range.from, range.to)}
        LIMIT ${param('UInt64', MAX_SIGNAL_SERIES)}`),
    );
    const series: SignalSeries[] = [];
    for (const [metric, fingerprint, labels] of rows) {
      const service = serviceOf(labels);
      if (service === undefined) continue;
      series.push({ metric, fingerprint, service, le: parseBucketBound(labels['le']), labels });
    }
    const first = rows[0];
    const metadata = metadataOf(SIGNAL_METRIC_NAMES, first?.[3] ?? []);
    return {
      series,
      temporalities: new Map([...metadata].map(([metric, { temporality }]) => [metric, temporality])),
      rollup: first?.[4] === undefined ? undefined : readRollupState(first[4], first[5] ?? []),
    };
  }

  /** Services that sent logs in the range (listed with null signals when they have no metrics). */
  private async logServices(projectId: string, range: { from: number; to: number }): Promise<string[]> {
    const rows = await queryRows<[string]>(
      this.store,
      compile(sql`
        SELECT DISTINCT toString(service) AS name FROM ${qualifiedTable(this.store.database, 'logs')}
        WHERE project_id = ${param('UUID', projectId)} AND service != ''
          AND timestamp >= fromUnixTimestamp64Milli(${param('Int64', range.from)}) AND timestamp <= fromUnixTimestamp64Milli(${param('Int64', range.to)})
        ORDER BY name
        LIMIT ${param('UInt64', MAX_SERVICES)}`),
    );
    return rows.map(([name]) => name);
  }
}
