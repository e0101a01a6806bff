import type { CachedAttributes } from './otlp-series-cache';

/**
 * The shapes protobufjs produces for the OTLP messages in `proto/` — from `decode` (protobuf) and
 * `fromObject` (JSON) alike. 64-bit integers arrive as Long (or number/string before
 * conversion), hence `Int64`. Only the fields Vigil reads are typed.
 */
export interface LongLike {
  low: number;
  high: number;
  unsigned: boolean;
  toString(): string;
  toNumber(): number;
}

export type Int64 = LongLike | number | string | null | undefined;

export interface AnyValue {
  value?: 'stringValue' | 'boolValue' | 'intValue' | 'doubleValue' | 'arrayValue' | 'kvlistValue' | 'bytesValue';
  stringValue?: string | null;
  boolValue?: boolean | null;
  intValue?: Int64;
  doubleValue?: number | null;
  arrayValue?: { values?: AnyValue[] | null } | null;
  kvlistValue?: { values?: KeyValue[] | null } | null;
  bytesValue?: Uint8Array | null;
}

export interface KeyValue {
  key?: string | null;
  value?: AnyValue | null;
}

export interface Resource {
  attributes?: KeyValue[] | null;
}

export interface InstrumentationScope {
  name?: string | null;
  version?: string | null;
  attributes?: KeyValue[] | null;
}

interface PointBase {
  attributes?: KeyValue[] | null;
  /**
   * From the protobuf reader with a series cache: the cache's entry for the exact bytes the
   * attributes were sent as (OtlpSeriesCache.attributeBytes); `attributes` is then its shared,
   * read-only array.
   */
  cachedAttributes?: CachedAttributes;
  startTimeUnixNano?: Int64;
  timeUnixNano?: Int64;
  /** From the protobuf reader instead of `timeUnixNano`: whole milliseconds, computed exactly from the 64-bit value. */
  timeUnixMs?: number;
  flags?: number | null;
}

export interface NumberDataPoint extends PointBase {
  value?: 'asDouble' | 'asInt';
  asDouble?: number | null;
  asInt?: Int64;
}

export interface HistogramDataPoint extends PointBase {
  count?: Int64;
  sum?: number | null;
  bucketCounts?: Int64[] | null;
  explicitBounds?: number[] | null;
}

export interface ExponentialBuckets {
  offset?: number | null;
  bucketCounts?: Int64[] | null;
}

export interface ExponentialHistogramDataPoint extends PointBase {
  count?: Int64;
  sum?: number | null;
  scale?: number | null;
  zeroCount?: Int64;
  positive?: ExponentialBuckets | null;
  negative?: ExponentialBuckets | null;
  zeroThreshold?: number | null;
}

export interface SummaryDataPoint extends PointBase {
  count?: Int64;
  sum?: number | null;
  quantileValues?: { quantile?: number | null; value?: number | null }[] | null;
}

export interface Metric {
  name?: string | null;
  description?: string | null;
  unit?: string | null;
  data?: 'gauge' | 'sum' | 'histogram' | 'exponentialHistogram' | 'summary';
  gauge?: { dataPoints?: NumberDataPoint[] | null } | null;
  sum?: { dataPoints?: NumberDataPoint[] | null; aggregationTemporality?: number | null; isMonotonic?: boolean | null } | null;
  histogram?: { dataPoints?: HistogramDataPoint[] | null; aggregationTemporality?: number | null } | null;
  exponentialHistogram?: { dataPoints?: ExponentialHistogramDataPoint[] | null; aggregationTemporality?: number | null } | null;
  summary?: { dataPoints?: SummaryDataPoint[] | null } | null;
}

export interface ExportMetricsServiceRequest {
  resourceMetrics?: {
    resource?: Resource | null;
    scopeMetrics?: { scope?: InstrumentationScope | null; metrics?: Metric[] | null }[] | null;
  }[] | null;
}

export interface LogRecordMessage {
  timeUnixNano?: Int64;
  observedTimeUnixNano?: Int64;
  /** From the protobuf reader instead of the two fields above: whole milliseconds, computed exactly. */
  timeUnixMs?: number;
  observedTimeUnixMs?: number;
  severityNumber?: number | null;
  severityText?: string | null;
  body?: AnyValue | null;
  attributes?: KeyValue[] | null;
  /** Body and attributes already as text (anyValueToString's), from the hand-written reader instead of `body` and `attributes`. */
  bodyText?: string;
  attributeText?: Record<string, string>;
  /** Attributes sent (duplicates included), with `attributeText`. */
  attributeCount?: number;
  traceId?: Uint8Array | null;
  spanId?: Uint8Array | null;
}

export interface ExportLogsServiceRequest {
  resourceLogs?: {
    resource?: Resource | null;
    scopeLogs?: { scope?: InstrumentationScope | null; logRecords?: LogRecordMessage[] | null }[] | null;
  }[] | null;
}
