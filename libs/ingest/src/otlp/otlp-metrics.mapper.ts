import type { MetricBatch, MetricType, Temporality } from '../batch';
import { timestampOutsideWindow, type IngestLimits } from '../ingest-limits';
import { MetricBatchBuilder } from '../metric-batch.builder';
import { RejectionCollector } from '../rejection-collector';
import { exponentialBuckets, explicitBuckets, type Bucket } from './otlp-histograms';
import { attributesToLabels, resourceScopeLabels, seriesLimitViolation } from './otlp-labels';
import type { ExportMetricsServiceRequest, KeyValue, Metric, NumberDataPoint } from './otlp-messages';
import { formatBound, prometheusMetricName } from './otlp-naming';
import { attributesKey, labelSetOf, labelSetWithinLimits, seriesOf, type CachedAttributes, type OtlpLabelSet, type OtlpSeriesCache } from './otlp-series-cache';
import { int64ToNumber, nanosToMillis } from './otlp-values';

/** DataPointFlags.NO_RECORDED_VALUE: the point marks a gap, it carries no value. */
const FLAG_NO_RECORDED_VALUE = 1;

interface MapContext {
  builder: MetricBatchBuilder;
  rejected: RejectionCollector;
  limits: IngestLimits;
  now: number;
  cache: OtlpSeriesCache | undefined;
  /** What pointBase returns, reused: each point's is used before the next point is read. */
  point: PointBase;
}

/** The labels a resource and scope give every series, and their cache key (empty without a cache). */
interface ScopeLabels {
  labels: Readonly<Record<string, string>>;
  key: string;
}

/** A point after the checks every kind shares: when, the labels of its series, and their cached set (with a cache). */
interface PointBase {
  timestamp: number;
  labels: Readonly<Record<string, string>>;
  set: OtlpLabelSet | undefined;
}

/**
 * OTLP metrics → Prometheus-style series (docs/ingest.md lists every rule). Rejections count
 * OTLP data points, the unit of OTLP's `partial_success.rejected_data_points`.
 */
export function mapOtlpMetrics(request: ExportMetricsServiceRequest, limits: IngestLimits, now: number, cache?: OtlpSeriesCache): MetricBatch {
  const point: PointBase = { timestamp: 0, labels: {}, set: undefined };
  const context: MapContext = { builder: new MetricBatchBuilder(256), rejected: new RejectionCollector(), limits, now, cache, point };
  for (const resourceMetrics of request.resourceMetrics ?? []) {
    for (const scopeMetrics of resourceMetrics.scopeMetrics ?? []) {
      const labels = resourceScopeLabels(resourceMetrics.resource, scopeMetrics.scope);
      const base: ScopeLabels = { labels, key: cache ? cache.scopeKey(labels) : '' };
      for (const metric of scopeMetrics.metrics ?? []) mapMetric(metric, base, context);
    }
  }
  return context.builder.build(context.rejected);
}

function temporalityOf(value: number | null | undefined): Temporality | null {
  if (value === 1) return 'delta';
  if (value === 2) return 'cumulative';
  return null;
}

function mapMetric(metric: Metric, base: ScopeLabels, context: MapContext): void {
  const otelName = metric.name ?? '';
  const unit = metric.unit ?? '';
  const help = metric.description ?? '';
  const { builder, rejected } = context;
  if (otelName === '') {
    rejected.add(countPoints(metric), 'metric without a name');
    return;
  }
  switch (metric.data) {
    case 'gauge': {
      const name = prometheusMetricName({ name: otelName, unit, counter: false, gauge: true });
      builder.addMetadata({ name, type: 'gauge', unit, help, temporality: 'none' });
      mapNumberPoints(metric.gauge?.dataPoints, name, base, context);
      return;
    }
    case 'sum': {
      const sum = metric.sum;
      const temporality = temporalityOf(sum?.aggregationTemporality);
      if (!temporality) {
        rejected.add(countPoints(metric), `sum ${otelName} has no aggregation temporality`);
        return;
      }
      const counter = sum?.isMonotonic === true;
      const name = prometheusMetricName({ name: otelName, unit, counter, gauge: false });
      // A non-monotonic sum (an up-down counter) is a gauge to Prometheus; its temporality stays
      // recorded so a delta one is not mistaken for a level.
      const type: MetricType = counter ? 'counter' : 'gauge';
      builder.addMetadata({ name, type, unit, help, temporality });
      mapNumberPoints(sum?.dataPoints, name, base, context);
      return;
    }
    case 'histogram': {
      const temporality = temporalityOf(metric.histogram?.aggregationTemporality);
      if (!temporality) {
        rejected.add(countPoints(metric), `histogram ${otelName} has no aggregation temporality`);
        return;
      }
      const name = prometheusMetricName({ name: otelName, unit, counter: false, gauge: false });
      builder.addMetadata({ name, type: 'histogram', unit, help, temporality });
      for (const point of metric.histogram?.dataPoints ?? []) {
        const at = pointBase(point, point.attributes, base, `${name}_bucket`, 1, context);
        if (!at) continue;
        const buckets = explicitBuckets(point);
        if (typeof buckets === 'string') {
          rejected.add(1, `${buckets} in histogram ${name}`);
          continue;
        }
        emitHistogram(name, at, buckets, point.sum, int64ToNumber(point.count), context);
      }
      return;
    }
    case 'exponentialHistogram': {
      const temporality = temporalityOf(metric.exponentialHistogram?.aggregationTemporality);
      if (!temporality) {
        rejected.add(countPoints(metric), `exponential histogram ${otelName} has no aggregation temporality`);
        return;
      }
      const name = prometheusMetricName({ name: otelName, unit, counter: false, gauge: false });
      builder.addMetadata({ name, type: 'histogram', unit, help, temporality });
      for (const point of metric.exponentialHistogram?.dataPoints ?? []) {
        const at = pointBase(point, point.attributes, base, `${name}_bucket`, 1, context);
        if (!at) continue;
        const buckets = exponentialBuckets(point);
        if (typeof buckets === 'string') {
          rejected.add(1, `${buckets} in histogram ${name}`);
          continue;
        }
        emitHistogram(name, at, buckets, point.sum, int64ToNumber(point.count), context);
      }
      return;
    }
    case 'summary': {
      const name = prometheusMetricName({ name: otelName, unit, counter: false, gauge: false });
      builder.addMetadata({ name, type: 'summary', unit, help, temporality: 'cumulative' });
      for (const point of metric.summary?.dataPoints ?? []) {
        const at = pointBase(point, point.attributes, base, `${name}_count`, 1, context);
        if (!at) continue;
        for (const quantile of point.quantileValues ?? []) {
          addSample(name, at, ['quantile', formatBound(quantile.quantile ?? 0)], quantile.value ?? 0, context);
        }
        addSample(`${name}_sum`, at, undefined, point.sum ?? 0, context);
        addSample(`${name}_count`, at, undefined, int64ToNumber(point.count), context);
      }
      return;
    }
    case undefined:
      rejected.add(0, `metric ${otelName} has no data (gauge, sum, histogram, exponential histogram or summary)`);
      return;
  }
}

function countPoints(metric: Metric): number {
  const holder = metric.data ? metric[metric.data] : null;
  return holder?.dataPoints?.length ?? 0;
}

function mapNumberPoints(points: NumberDataPoint[] | null | undefined, name: string, base: ScopeLabels, context: MapContext): void {
  for (const point of points ?? []) {
    const at = pointBase(point, point.attributes, base, name, 0, context);
    if (!at) continue;
    // NaN and ±Inf are valid OTLP doubles and are kept.
    const value = point.value === 'asInt' ? int64ToNumber(point.asInt) : (point.asDouble ?? 0);
    addSample(name, at, undefined, value, context);
  }
}

/**
 * The shared checks of a data point: no-recorded-value flag (skipped, not rejected), time
 * window, labels within limits. Null when the point is not stored.
 */
function pointBase(
  point: { flags?: number | null; timeUnixNano?: unknown; timeUnixMs?: number; cachedAttributes?: CachedAttributes },
  attributes: readonly KeyValue[] | null | undefined,
  base: ScopeLabels,
  longestName: string,
  extraLabels: number,
  context: MapContext,
): PointBase | null {
  if (((point.flags ?? 0) & FLAG_NO_RECORDED_VALUE) !== 0) return null;
  const timestamp = point.timeUnixMs ?? nanosToMillis(point.timeUnixNano as Parameters<typeof nanosToMillis>[0]);
  const outside = timestampOutsideWindow(timestamp, context.limits, context.now);
  if (outside) {
    context.rejected.add(1, `${outside} in series ${longestName}`);
    return null;
  }
  const cache = context.cache;
  if (!cache) {
    const labels = pointLabels(base, attributes);
    const violation = seriesLimitViolation(longestName, labels, extraLabels, context.limits);
    if (violation) {
      context.rejected.add(1, violation);
      return null;
    }
    return filled(context.point, timestamp, labels, undefined);
  }
  const set = cachedLabelSet(cache, base, point.cachedAttributes, attributes);
  if (!labelSetWithinLimits(set, longestName, extraLabels, context.limits)) {
    // The exact message, from the same rule as without a cache.
    const violation = seriesLimitViolation(longestName, set.labels, extraLabels, context.limits);
    if (violation) {
      context.rejected.add(1, violation);
      return null;
    }
  }
  return filled(context.point, timestamp, set.labels, set);
}

function filled(point: PointBase, timestamp: number, labels: Readonly<Record<string, string>>, set: OtlpLabelSet | undefined): PointBase {
  point.timestamp = timestamp;
  point.labels = labels;
  point.set = set;
  return point;
}

/** A point's label set from the cache, built on a miss; `cached` is the reader's entry for its attribute bytes, if any. */
function cachedLabelSet(cache: OtlpSeriesCache, base: ScopeLabels, cached: CachedAttributes | undefined, attributes: readonly KeyValue[] | null | undefined): OtlpLabelSet {
  // Scope keys are never reused, so an equal key means the same resource and scope labels.
  if (cached?.lastLabelSet && cached.lastScopeKey === base.key) return cached.lastLabelSet;
  // The id of the attribute bytes when the reader has one; the attributes' text otherwise.
  const key = base.key + (cached ? cached.id : attributesKey(attributes));
  let set = cache.labelSets.get(key);
  if (!set) {
    set = labelSetOf(pointLabels(base, attributes));
    cache.labelSets.set(key, set);
  }
  if (cached) {
    cached.lastScopeKey = base.key;
    cached.lastLabelSet = set;
  }
  return set;
}

/** Point attributes win over resource and scope labels of the same name: they are more specific. */
function pointLabels(base: ScopeLabels, attributes: readonly KeyValue[] | null | undefined): Record<string, string> {
  return { ...base.labels, ...attributesToLabels(attributes) };
}

function emitHistogram(name: string, at: PointBase, buckets: Bucket[], sum: number | null | undefined, count: number, context: MapContext): void {
  for (const bucket of buckets) addSample(`${name}_bucket`, at, ['le', formatBound(bucket.le)], bucket.cumulative, context);
  addSample(`${name}_bucket`, at, ['le', '+Inf'], count, context);
  // `sum` is optional in OTLP (absent when negative values make it meaningless); no series then.
  if (sum !== null && sum !== undefined) addSample(`${name}_sum`, at, undefined, sum, context);
  addSample(`${name}_count`, at, undefined, count, context);
}

/** One sample of the series `name` with the point's labels and `extra` (`le`, `quantile`) if given. */
function addSample(name: string, at: PointBase, extra: [string, string] | undefined, value: number, context: MapContext): void {
  const descriptor = at.set ? seriesOf(at.set, name, extra) : { name, labels: extra ? { ...at.labels, [extra[0]]: extra[1] } : at.labels };
  const series = context.builder.addSeries(descriptor);
  context.builder.addSample(series, at.timestamp, value);
}
