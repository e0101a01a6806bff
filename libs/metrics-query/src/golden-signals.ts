import type { SignalSource } from '@vigil/contracts';
import { histogramQuantile, type HistogramBucket } from './histogram-quantile';
import type { Labels } from './label-sets';

/** Where one naming convention keeps latency, requests and the status of a request. */
export interface SignalConvention {
  source: SignalSource;
  /** Histogram base name: latency from `${histogram}_bucket`. */
  histogram: string;
  /** Milliseconds per unit of the histogram's values. */
  toMs: number;
  /** Counters of requests in order of preference (a histogram's `_count` is one). */
  requests: readonly string[];
  /** Labels holding the HTTP status code, first present wins. */
  statusLabels: readonly string[];
}

/** docs/query.md, in order of preference. */
export const SIGNAL_CONVENTIONS: readonly SignalConvention[] = [
  {
    source: 'otel-http',
    histogram: 'http_server_request_duration_seconds',
    toMs: 1000,
    requests: ['http_server_request_duration_seconds_count'],
    statusLabels: ['http_response_status_code'],
  },
  {
    source: 'otel-http-legacy',
    histogram: 'http_server_duration_milliseconds',
    toMs: 1,
    requests: ['http_server_duration_milliseconds_count'],
    statusLabels: ['http_status_code'],
  },
  {
    source: 'prometheus',
    histogram: 'http_request_duration_seconds',
    toMs: 1000,
    requests: ['http_requests_total', 'http_request_duration_seconds_count'],
    statusLabels: ['code', 'status_code', 'status'],
  },
];

/** Every metric name a convention reads: what to look for when detecting them. */
export const SIGNAL_METRIC_NAMES: readonly string[] = [...new Set(SIGNAL_CONVENTIONS.flatMap((c) => [`${c.histogram}_bucket`, ...c.requests]))];

/** What to read for one service: the convention and which of its metrics exist. */
export interface SignalSelection {
  convention: SignalConvention;
  /** `${histogram}_bucket`, when the service has it. */
  latencyMetric: string | undefined;
  /** The first request counter the service has. */
  requestsMetric: string | undefined;
}

/** The first convention (in preference order) of which the service has any metric. */
export function detectConvention(metricNames: ReadonlySet<string>): SignalSelection | undefined {
  for (const convention of SIGNAL_CONVENTIONS) {
    const bucket = `${convention.histogram}_bucket`;
    const latencyMetric = metricNames.has(bucket) ? bucket : undefined;
    const requestsMetric = convention.requests.find((name) => metricNames.has(name));
    if (latencyMetric !== undefined || requestsMetric !== undefined) return { convention, latencyMetric, requestsMetric };
  }
  return undefined;
}

/** A service is the `service` label (OpenTelemetry's service.name), else Prometheus' `job`. */
export function serviceOf(labels: Labels): string | undefined {
  const service = labels['service'];
  if (service !== undefined && service !== '') return service;
  const job = labels['job'];
  return job !== undefined && job !== '' ? job : undefined;
}

/** A 5xx answer, the OpenTelemetry definition of a server error; the first status label present decides. */
export function isServerError(labels: Labels, statusLabels: readonly string[]): boolean {
  for (const name of statusLabels) {
    const value = labels[name];
    if (value !== undefined && value !== '') return /^5\d\d$/.test(value.trim());
  }
  return false;
}

/** Per-step increases of one service's buckets and requests (from the query engine). */
export interface SignalSteps {
  step: number;
  /** The range (ms): a step's increase covers its part of [from, to]. */
  from: number;
  to: number;
  /** The recent window (ms) the summary throughput is a rate over (throughputWindowOf). */
  throughputWindow: number;
  toMs: number;
  /** Summed bucket increases per step and bound. */
  buckets: readonly { t: number; le: number; value: number }[];
  /** Request increases per step, split by server error or not. */
  requests: readonly { t: number; error: boolean; value: number }[];
}

export type Points = [number, number][];

export interface ServiceSignals {
  latency: { p50: number | null; p95: number | null; p99: number | null } | null;
  /** Requests per second over the last `throughputWindow` of the range. */
  throughput: number | null;
  errorRate: number | null;
  series: { p50: Points; p95: Points; p99: Points; throughput: Points; errorRate: Points };
}

const QUANTILES = [0.5, 0.95, 0.99] as const;

function quantilesOf(buckets: readonly HistogramBucket[], toMs: number): [number, number, number] {
  return QUANTILES.map((q) => histogramQuantile(q, buckets) * toMs) as [number, number, number];
}

const finiteOrNull = (value: number): number | null => (Number.isFinite(value) ? value : null);

/** How much of the step starting at `t` lies in [from, to] (ms). */
function coveredMs(t: number, input: SignalSteps): number {
  return Math.min(t + input.step, input.to) - Math.max(t, input.from);
}

/**
 * The recent window a summary throughput is a rate over: 5 minutes, or one step when steps are
 * longer, so the figure says how busy a service is now, next to latencies over the whole range.
 */
export const RECENT_THROUGHPUT_MS = 5 * 60_000;
export function throughputWindowOf(step: number): number {
  return Math.max(RECENT_THROUGHPUT_MS, step);
}

/**
 * Golden signals from per-step increases (the engine's windowed increases: a step's increase
 * covers its part of [from, to], so steps add up over the range): p50/p95/p99 per step by
 * histogram_quantile (steps without observations left out), throughput in requests per second
 * of each step's covered time, error rate in percent of requests (steps without requests left
 * out). Latency and error rate summaries use the sums over the whole range; the summary
 * throughput is the requests of the steps starting in the last `throughputWindow` before `to`
 * per second of the time from the first of them to `to`.
 */
export function computeServiceSignals(input: SignalSteps): ServiceSignals {
  const bucketsByStep = new Map<number, Map<number, number>>();
  const total = new Map<number, number>();
  for (const { t, le, value } of input.buckets) {
    let perLe = bucketsByStep.get(t);
    if (!perLe) bucketsByStep.set(t, (perLe = new Map()));
    perLe.set(le, (perLe.get(le) ?? 0) + value);
    total.set(le, (total.get(le) ?? 0) + value);
  }
  const toBuckets = (perLe: Map<number, number>): HistogramBucket[] => [...perLe].map(([le, count]) => ({ le, count }));

  const series: ServiceSignals['series'] = { p50: [], p95: [], p99: [], throughput: [], errorRate: [] };
  for (const t of [...bucketsByStep.keys()].sort((a, b) => a - b)) {
    const [p50, p95, p99] = quantilesOf(toBuckets(bucketsByStep.get(t) as Map<number, number>), input.toMs);
    if (![p50, p95, p99].every(Number.isFinite)) continue;
    series.p50.push([t, p50]);
    series.p95.push([t, p95]);
    series.p99.push([t, p99]);
  }

  const requestsByStep = new Map<number, { all: number; errors: number }>();
  for (const { t, error, value } of input.requests) {
    const step = requestsByStep.get(t) ?? { all: 0, errors: 0 };
    step.all += value;
    if (error) step.errors += value;
    requestsByStep.set(t, step);
  }
  let allRequests = 0;
  let errorRequests = 0;
  // The recent window: the steps starting in the last `throughputWindow` (the last step always).
  const lastStart = Math.floor(input.to / input.step) * input.step;
  const recentStart = Math.max(Math.min(Math.ceil((input.to - input.throughputWindow) / input.step) * input.step, lastStart), input.from - (input.from % input.step));
  let recentRequests = 0;
  for (const t of [...requestsByStep.keys()].sort((a, b) => a - b)) {
    const { all, errors } = requestsByStep.get(t) as { all: number; errors: number };
    const covered = coveredMs(t, input);
    if (covered <= 0) continue;
    allRequests += all;
    errorRequests += errors;
    series.throughput.push([t, all / (covered / 1000)]);
    if (all > 0) series.errorRate.push([t, (errors / all) * 100]);
    if (t >= recentStart) recentRequests += all;
  }
  // Requests in the window ÷ the window's length, whether or not the service sent all along it:
  // one that began 3 minutes ago at 40 req/s reads 24 at a 5-minute window, as rate(x[5m]) would.
  const recentMs = input.to - Math.max(recentStart, input.from);

  const hasLatency = input.buckets.length > 0;
  const [p50, p95, p99] = quantilesOf(toBuckets(total), input.toMs);
  const hasRequests = input.requests.length > 0;
  return {
    latency: hasLatency ? { p50: finiteOrNull(p50), p95: finiteOrNull(p95), p99: finiteOrNull(p99) } : null,
    throughput: hasRequests ? (recentMs > 0 ? recentRequests / (recentMs / 1000) : 0) : null,
    errorRate: hasRequests && allRequests > 0 ? (errorRequests / allRequests) * 100 : null,
    series,
  };
}
