import { fieldNumber, WIRE_FIXED64, WIRE_LEN, WIRE_VARINT } from '../remote-write/wire-reader';
import type {
  ExponentialBuckets,
  ExponentialHistogramDataPoint,
  ExportMetricsServiceRequest,
  HistogramDataPoint,
  InstrumentationScope,
  KeyValue,
  Metric,
  NumberDataPoint,
  Resource,
  SummaryDataPoint,
} from './otlp-messages';
import type { CachedAttributes, OtlpSeriesCache } from './otlp-series-cache';
import { OtlpWireReader } from './otlp-wire-reader';

/*
 * ExportMetricsServiceRequest read straight off the wire into the plain shapes protobufjs'
 * decoder gives (otlp-messages.ts), so otlp-metrics.mapper.ts serves both. Hand-written for the
 * same reason as the logs reader: protobufjs spent 5.4 µs a point (message constructors, the
 * oneof setters that `delete` sibling fields, a Long per 64-bit field), ten times remote_write's
 * reader. Differences from protobufjs' objects, none visible to the mapper: counts and integer
 * values come as numbers (the value Long#toNumber gives), times as milliseconds (`timeUnixMs`,
 * no Long per point), start times are not read (the mapper does not use them), and exemplars are
 * skipped unread. With a series cache, a point's attributes are looked up by their bytes and
 * decoded only the first time those bytes are seen (`cachedAttributes`, see OtlpSeriesCache). Field
 * numbers: opentelemetry-proto `metrics/v1/metrics.proto` (see proto/otlp-metrics.proto.ts).
 */

export function readExportMetricsServiceRequest(body: Buffer, cache?: OtlpSeriesCache): ExportMetricsServiceRequest {
  const reader = new MetricsWireReader(body, cache);
  const resourceMetrics: ResourceMetrics[] = [];
  const end = body.length;
  while (reader.pos < end) {
    const tag = reader.uint32(end);
    if (fieldNumber(tag) === 1) resourceMetrics.push(reader.resourceMetrics(reader.message(tag, 'resource_metrics', end)));
    else reader.skip(tag & 7, end);
  }
  return { resourceMetrics };
}

type ResourceMetrics = NonNullable<ExportMetricsServiceRequest['resourceMetrics']>[number];
type ScopeMetrics = NonNullable<ResourceMetrics['scopeMetrics']>[number];
type ValueAtQuantile = NonNullable<SummaryDataPoint['quantileValues']>[number];

/** What the four point kinds share: attributes, time, flags. */
type PointFields = Pick<NumberDataPoint, 'attributes' | 'cachedAttributes' | 'timeUnixMs' | 'flags'>;

/** A point's attributes until its first attribute field is read; never written to. */
const NO_ATTRIBUTES: KeyValue[] = [];

/** Field numbers of the shared point fields, which differ between point kinds. */
interface PointLayout {
  attributes: number;
  flags: number;
}

const NUMBER_POINT: PointLayout = { attributes: 7, flags: 8 };
const HISTOGRAM_POINT: PointLayout = { attributes: 9, flags: 10 };
const EXPONENTIAL_POINT: PointLayout = { attributes: 1, flags: 10 };
const SUMMARY_POINT: PointLayout = { attributes: 7, flags: 8 };

class MetricsWireReader extends OtlpWireReader {
  constructor(
    body: Buffer,
    private readonly cache: OtlpSeriesCache | undefined,
  ) {
    super(body);
  }

  resourceMetrics(end: number): ResourceMetrics {
    let resource: Resource | null = null;
    const scopeMetrics: ScopeMetrics[] = [];
    while (this.pos < end) {
      const tag = this.uint32(end);
      const field = fieldNumber(tag);
      if (field === 1) resource = this.resource(this.message(tag, 'resource', end));
      else if (field === 2) scopeMetrics.push(this.scopeMetrics(this.message(tag, 'scope_metrics', end)));
      else this.skip(tag & 7, end);
    }
    return { resource, scopeMetrics };
  }

  private scopeMetrics(end: number): ScopeMetrics {
    let scope: InstrumentationScope | null = null;
    const metrics: Metric[] = [];
    while (this.pos < end) {
      const tag = this.uint32(end);
      const field = fieldNumber(tag);
      if (field === 1) scope = this.scope(this.message(tag, 'scope', end));
      else if (field === 2) metrics.push(this.metric(this.message(tag, 'metrics', end)));
      else this.skip(tag & 7, end);
    }
    return { scope, metrics };
  }

  /** A Metric; of its `data` oneof the last one sent wins, as protobuf requires. */
  private metric(end: number): Metric {
    const metric: Metric = { name: '', description: '', unit: '' };
    while (this.pos < end) {
      const tag = this.uint32(end);
      switch (fieldNumber(tag)) {
        case 1:
          metric.name = this.string(tag, 'name', end);
          break;
        case 2:
          metric.description = this.string(tag, 'description', end);
          break;
        case 3:
          metric.unit = this.string(tag, 'unit', end);
          break;
        case 5:
          setData(metric, 'gauge', { dataPoints: this.numberPoints(this.message(tag, 'gauge', end), false).dataPoints });
          break;
        case 7:
          setData(metric, 'sum', this.numberPoints(this.message(tag, 'sum', end), true));
          break;
        case 9:
          setData(metric, 'histogram', this.withTemporality(this.message(tag, 'histogram', end), (stop) => this.histogramPoint(stop)));
          break;
        case 10:
          setData(metric, 'exponentialHistogram', this.withTemporality(this.message(tag, 'exponential_histogram', end), (stop) => this.exponentialPoint(stop)));
          break;
        case 11:
          setData(metric, 'summary', { dataPoints: this.summary(this.message(tag, 'summary', end)) });
          break;
        default:
          this.skip(tag & 7, end);
      }
    }
    return metric;
  }

  /** Gauge and Sum: number points, and for a Sum (`isSum`) its temporality and monotonicity. */
  private numberPoints(end: number, isSum: boolean): { dataPoints: NumberDataPoint[]; aggregationTemporality: number; isMonotonic: boolean } {
    const holder = { dataPoints: [] as NumberDataPoint[], aggregationTemporality: 0, isMonotonic: false };
    while (this.pos < end) {
      const tag = this.uint32(end);
      const field = fieldNumber(tag);
      if (field === 1) holder.dataPoints.push(this.numberPoint(this.message(tag, 'data_points', end)));
      else if (isSum && field === 2) holder.aggregationTemporality = this.int32(tag, 'aggregation_temporality', end);
      else if (isSum && field === 3) holder.isMonotonic = this.bool(tag, 'is_monotonic', end);
      else this.skip(tag & 7, end);
    }
    return holder;
  }

  /** Histogram and ExponentialHistogram: points read by `readPoint`, and the temporality. */
  private withTemporality<P>(end: number, readPoint: (end: number) => P): { dataPoints: P[]; aggregationTemporality: number } {
    const holder = { dataPoints: [] as P[], aggregationTemporality: 0 };
    while (this.pos < end) {
      const tag = this.uint32(end);
      const field = fieldNumber(tag);
      if (field === 1) holder.dataPoints.push(readPoint(this.message(tag, 'data_points', end)));
      else if (field === 2) holder.aggregationTemporality = this.int32(tag, 'aggregation_temporality', end);
      else this.skip(tag & 7, end);
    }
    return holder;
  }

  private summary(end: number): SummaryDataPoint[] {
    const dataPoints: SummaryDataPoint[] = [];
    while (this.pos < end) {
      const tag = this.uint32(end);
      if (fieldNumber(tag) === 1) dataPoints.push(this.summaryPoint(this.message(tag, 'data_points', end)));
      else this.skip(tag & 7, end);
    }
    return dataPoints;
  }

  /**
   * Reads a field every point kind has (attributes, time_unix_nano, flags) into `point`; false
   * when `tag` is none of them, for the caller's own fields.
   */
  private pointField(point: PointFields, layout: PointLayout, tag: number, end: number): boolean {
    const field = fieldNumber(tag);
    if (field === layout.attributes) this.pointAttributes(point, tag, end);
    else if (field === 3) point.timeUnixMs = this.fixed64Millis(tag, 'time_unix_nano', end);
    else if (field === layout.flags) point.flags = this.uint32Field(tag, 'flags', end);
    else return false;
    return true;
  }

  /** An attribute field of a point; with a cache, the whole run of them that starts here. */
  private pointAttributes(point: PointFields, tag: number, end: number): void {
    if (this.cache && point.attributes === NO_ATTRIBUTES && (tag & 7) === WIRE_LEN) {
      const cached = this.attributeRun(this.cache, tag, end);
      if (cached) {
        point.attributes = cached.attributes;
        point.cachedAttributes = cached;
        return;
      }
    }
    // Without a cache, after a broken length, or attribute fields sent apart (a second run, which
    // the cached array must not receive): into the point's own array.
    const own = point.attributes === NO_ATTRIBUTES || point.cachedAttributes !== undefined ? [...(point.attributes as KeyValue[])] : (point.attributes as KeyValue[]);
    point.attributes = own;
    point.cachedAttributes = undefined;
    this.keyValues(this.message(tag, 'attributes', end), 0, own);
  }

  /**
   * The run of attribute fields whose first tag (`tag`) was just read — every encoder writes a
   * point's attributes one after another — looked up by its bytes and decoded only when they are
   * new. Undefined when a length in the run is broken: the caller then reads field by field, so
   * the fault is reported where the full decode reports it.
   */
  private attributeRun(cache: OtlpSeriesCache, tag: number, end: number): CachedAttributes | undefined {
    const start = this.pos;
    const stop = this.runEnd(tag, end);
    if (stop < 0) return undefined;
    const bytes = this.buf.toString('latin1', start, stop);
    const hit = cache.attributeBytes.get(bytes);
    if (hit) {
      // These exact bytes were decoded before without a fault, so they are valid.
      this.pos = stop;
      return hit;
    }
    const attributes: KeyValue[] = [];
    for (;;) {
      this.keyValues(this.lengthDelimited(stop), 0, attributes);
      if (this.pos >= stop) break;
      this.pos++; // the next field's tag: `tag` again, one byte
    }
    return cache.rememberAttributes(bytes, attributes);
  }

  /**
   * Where a run of length-delimited `tag` fields ends (the first one's tag already read; field
   * numbers below 16, so each tag is one byte), or -1 when a length in it is broken. Only
   * measures: the reader's position does not move.
   */
  private runEnd(tag: number, end: number): number {
    const buf = this.buf;
    let pos = this.pos;
    for (;;) {
      let length = 0;
      for (let shift = 0; ; shift += 7) {
        if (pos >= end || shift > 28) return -1;
        const byte = buf[pos++] as number;
        length += (byte & 0x7f) * 2 ** shift;
        if (byte < 0x80) break;
      }
      if (length > end - pos) return -1;
      pos += length;
      if (pos >= end || buf[pos] !== tag) return pos;
      pos++;
    }
  }

  private numberPoint(end: number): NumberDataPoint {
    const point: NumberDataPoint = { attributes: NO_ATTRIBUTES, cachedAttributes: undefined, timeUnixMs: 0, flags: 0 };
    while (this.pos < end) {
      const tag = this.uint32(end);
      if (this.pointField(point, NUMBER_POINT, tag, end)) continue;
      const field = fieldNumber(tag);
      if (field === 4) {
        point.value = 'asDouble';
        point.asDouble = this.doubleField(tag, 'as_double', end);
      } else if (field === 6) {
        point.value = 'asInt';
        point.asInt = this.fixed64Number(tag, 'as_int', end, true);
      } else this.skip(tag & 7, end);
    }
    return point;
  }

  private histogramPoint(end: number): HistogramDataPoint {
    const point: HistogramDataPoint = { attributes: NO_ATTRIBUTES, cachedAttributes: undefined, timeUnixMs: 0, flags: 0, count: 0, sum: null, bucketCounts: [], explicitBounds: [] };
    while (this.pos < end) {
      const tag = this.uint32(end);
      if (this.pointField(point, HISTOGRAM_POINT, tag, end)) continue;
      const field = fieldNumber(tag);
      if (field === 4) point.count = this.fixed64Number(tag, 'count', end, false);
      else if (field === 5) point.sum = this.doubleField(tag, 'sum', end);
      else if (field === 6) this.repeated(tag, 'bucket_counts', end, WIRE_FIXED64, this.fixed64Element, point.bucketCounts as number[]);
      else if (field === 7) this.repeated(tag, 'explicit_bounds', end, WIRE_FIXED64, this.doubleElement, point.explicitBounds as number[]);
      else this.skip(tag & 7, end);
    }
    return point;
  }

  private exponentialPoint(end: number): ExponentialHistogramDataPoint {
    const point: ExponentialHistogramDataPoint = { attributes: NO_ATTRIBUTES, cachedAttributes: undefined, timeUnixMs: 0, flags: 0, count: 0, sum: null, scale: 0, zeroCount: 0, positive: null, negative: null, zeroThreshold: 0 };
    while (this.pos < end) {
      const tag = this.uint32(end);
      if (this.pointField(point, EXPONENTIAL_POINT, tag, end)) continue;
      switch (fieldNumber(tag)) {
        case 4:
          point.count = this.fixed64Number(tag, 'count', end, false);
          break;
        case 5:
          point.sum = this.doubleField(tag, 'sum', end);
          break;
        case 6:
          point.scale = this.sint32(tag, 'scale', end);
          break;
        case 7:
          point.zeroCount = this.fixed64Number(tag, 'zero_count', end, false);
          break;
        case 8:
          point.positive = this.buckets(this.message(tag, 'positive', end));
          break;
        case 9:
          point.negative = this.buckets(this.message(tag, 'negative', end));
          break;
        case 14:
          point.zeroThreshold = this.doubleField(tag, 'zero_threshold', end);
          break;
        default:
          this.skip(tag & 7, end);
      }
    }
    return point;
  }

  private buckets(end: number): ExponentialBuckets {
    const buckets = { offset: 0, bucketCounts: [] as number[] };
    while (this.pos < end) {
      const tag = this.uint32(end);
      const field = fieldNumber(tag);
      if (field === 1) buckets.offset = this.sint32(tag, 'offset', end);
      else if (field === 2) this.repeated(tag, 'bucket_counts', end, WIRE_VARINT, this.uint64Element, buckets.bucketCounts);
      else this.skip(tag & 7, end);
    }
    return buckets;
  }

  private summaryPoint(end: number): SummaryDataPoint {
    const point: SummaryDataPoint = { attributes: NO_ATTRIBUTES, cachedAttributes: undefined, timeUnixMs: 0, flags: 0, count: 0, sum: 0, quantileValues: [] };
    while (this.pos < end) {
      const tag = this.uint32(end);
      if (this.pointField(point, SUMMARY_POINT, tag, end)) continue;
      const field = fieldNumber(tag);
      if (field === 4) point.count = this.fixed64Number(tag, 'count', end, false);
      else if (field === 5) point.sum = this.doubleField(tag, 'sum', end);
      else if (field === 6) (point.quantileValues as ValueAtQuantile[]).push(this.quantile(this.message(tag, 'quantile_values', end)));
      else this.skip(tag & 7, end);
    }
    return point;
  }

  private quantile(end: number): ValueAtQuantile {
    const value = { quantile: 0, value: 0 };
    while (this.pos < end) {
      const tag = this.uint32(end);
      const field = fieldNumber(tag);
      if (field === 1) value.quantile = this.doubleField(tag, 'quantile', end);
      else if (field === 2) value.value = this.doubleField(tag, 'value', end);
      else this.skip(tag & 7, end);
    }
    return value;
  }
}

/** Sets the `data` oneof of a Metric: the holder of `kind`, and no other. */
function setData<K extends NonNullable<Metric['data']>>(metric: Metric, kind: K, holder: NonNullable<Metric[K]>): void {
  if (metric.data) metric[metric.data] = null;
  metric.data = kind;
  (metric as Record<K, unknown>)[kind] = holder;
}
