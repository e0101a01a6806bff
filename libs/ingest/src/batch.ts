import type { RefusalReason } from './refusal-reason';

/**
 * What every ingest protocol decodes into, and what the telemetry store writes. Metric
 * samples are columnar (typed arrays indexed by sample) so a request of 10,000 samples
 * costs a few arrays, not 10,000 objects; series and metadata are per distinct item.
 */

/** Prometheus' metric types; OTLP kinds map onto them (see docs/ingest.md). */
export type MetricType = 'gauge' | 'counter' | 'histogram' | 'summary' | 'unknown';

/**
 * How a counter's points relate: cumulative (Prometheus, OTLP cumulative sums and histograms:
 * rates come from differences) or delta (OTLP delta: each point is the increase itself).
 */
export type Temporality = 'cumulative' | 'delta' | 'none';

export interface MetricMetadata {
  /** The stored (Prometheus-style) name of the metric family, e.g. `http_server_request_duration_seconds`. */
  name: string;
  type: MetricType;
  unit: string;
  help: string;
  temporality: Temporality;
}

export interface SeriesDescriptor {
  /** The stored sample name, e.g. `..._bucket`, `..._sum`, `..._count` for histograms. */
  name: string;
  /** Includes `le` for histogram buckets and `quantile` for summaries; never `__name__`. */
  labels: Readonly<Record<string, string>>;
}

export interface Rejection {
  /** Items (samples or log records) left out of the batch. */
  count: number;
  /** Distinct reasons, each naming the limit or rule and where, e.g. `series "x": more than 30 labels (limit labels_per_series)`. */
  reasons: string[];
  /**
   * `count` split by reason (for Vigil's own metrics). Items not listed here, or all of them
   * when it is absent (a batch built by hand), count as `invalid`.
   */
  byReason?: Readonly<Partial<Record<RefusalReason, number>>>;
  /**
   * Where the first refused items were and why (`line 3: timestamp`, `samples[2].labels.host`),
   * for answers that list refusals field by field (Vigil JSON's problem `errors[]`). Present only
   * when a decoder names places; OTLP and remote_write items refused after decoding have no path
   * a sender could use (a remote_write decode error has one, on IngestDecodeError).
   */
  places?: RefusedPlace[];
}

/** A refused item's place in the request body and why it was refused. */
export interface RefusedPlace {
  path: string;
  message: string;
}

export interface MetricBatch {
  series: SeriesDescriptor[];
  /** Per sample: index into `series`. */
  sampleSeries: Uint32Array;
  /** Per sample: epoch milliseconds. */
  sampleTimestamps: Float64Array;
  /** Per sample: value; NaN is Prometheus' staleness marker and is kept as it came. */
  sampleValues: Float64Array;
  /** Samples used in the arrays (they may be longer). */
  sampleCount: number;
  metadata: MetricMetadata[];
  rejected: Rejection;
}

/** OpenTelemetry's severity numbers (1–24) and the text of their range. */
export type SeverityText = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL' | 'UNSPECIFIED';

export interface LogRecord {
  timestampMs: number;
  observedTimestampMs: number;
  /** 0 when unspecified, else 1–24 as in OTLP. */
  severityNumber: number;
  severityText: SeverityText;
  /** From resource `service.name`, or the record's own `service` in Vigil JSON; '' when unknown. */
  service: string;
  body: string;
  attributes: Readonly<Record<string, string>>;
  resource: Readonly<Record<string, string>>;
  /** Lower-case hex, '' when absent: 32 characters for a trace id, 16 for a span id. */
  traceId: string;
  spanId: string;
}

export interface LogBatch {
  records: LogRecord[];
  rejected: Rejection;
}
