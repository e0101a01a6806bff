import { describe, expect, it } from 'vitest';
import type { MetricBatch } from '../batch';
import { DEFAULT_INGEST_LIMITS, type IngestLimits } from '../ingest-limits';
import { decodeErrorOf } from '../testing/decode-error.testing';
import { encodeOtlpMetrics } from '../testing/otlp-encoder.testing';
import { decodeOtlpMetrics } from './otlp-metrics.decoder';
import { OtlpSeriesCache } from './otlp-series-cache';

const nowMs = Date.UTC(2025, 0, 15, 12);
const ns = (ms: number) => `${ms}000000`;
const t = ns(nowMs - 1000);

function request(metrics: object[], resource: Record<string, string> = { 'service.name': 'checkout' }, scope = { name: 'my.lib', version: '1.2.0' }) {
  return {
    resourceMetrics: [
      {
        resource: { attributes: Object.entries(resource).map(([key, value]) => ({ key, value: { stringValue: value } })) },
        scopeMetrics: [{ scope, metrics }],
      },
    ],
  };
}

/** Samples as `name{labels} value` lines, timestamps checked separately. */
function lines(batch: MetricBatch): string[] {
  const out: string[] = [];
  for (let i = 0; i < batch.sampleCount; i++) {
    const series = batch.series[batch.sampleSeries[i] as number];
    const labels = Object.entries(series?.labels ?? {})
      .filter(([key]) => !['service', 'otel_scope_name', 'otel_scope_version'].includes(key))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, value]) => `${key}="${value}"`)
      .join(',');
    out.push(`${series?.name}{${labels}} ${batch.sampleValues[i]}`);
  }
  return out;
}

// Every mapping rule holds both without the series cache and on its hits: the cached runs decode
// the body once under the default limits first, so the checked decode finds every label set and
// series cached (and must still apply its own, stricter, limits).
describe.each([
  ['protobuf', 'no cache'],
  ['json', 'no cache'],
  ['protobuf', 'warm series cache'],
  ['json', 'warm series cache'],
] as const)('decodeOtlpMetrics (%s, %s)', (format, mode) => {
  const decode = (body: object, limits: IngestLimits = DEFAULT_INGEST_LIMITS) => {
    const encoded = encodeOtlpMetrics(body, format);
    if (mode === 'no cache') return decodeOtlpMetrics(encoded, format, limits, nowMs);
    const seriesCache = new OtlpSeriesCache();
    decodeOtlpMetrics(encoded, format, DEFAULT_INGEST_LIMITS, nowMs, { seriesCache });
    return decodeOtlpMetrics(encoded, format, limits, nowMs, { seriesCache });
  };

  it('maps a gauge with resource, scope and point labels', () => {
    const batch = decode(
      request(
        [
          {
            name: 'system.memory.utilization',
            unit: '1',
            description: 'Memory in use.',
            gauge: {
              dataPoints: [
                { timeUnixNano: t, asDouble: 0.25, attributes: [{ key: 'state', value: { stringValue: 'used' } }, { key: 'cpu', value: { intValue: '3' } }] },
                { timeUnixNano: t, asInt: '42' },
                { timeUnixNano: t, asDouble: 1, flags: 1 },
              ],
            },
          },
        ],
        { 'service.name': 'checkout', 'service.namespace': 'shop', 'service.instance.id': 'pod-1', 'deployment.environment': 'prod', 'host.name': '' },
      ),
    );
    expect(batch.series[0]).toEqual({
      name: 'system_memory_utilization_ratio',
      labels: {
        service: 'checkout',
        service_namespace: 'shop',
        instance: 'pod-1',
        deployment_environment: 'prod',
        otel_scope_name: 'my.lib',
        otel_scope_version: '1.2.0',
        cpu: '3',
        state: 'used',
      },
    });
    expect(lines(batch)).toEqual([
      'system_memory_utilization_ratio{cpu="3",deployment_environment="prod",instance="pod-1",service_namespace="shop",state="used"} 0.25',
      'system_memory_utilization_ratio{deployment_environment="prod",instance="pod-1",service_namespace="shop"} 42',
    ]);
    expect(Array.from(batch.sampleTimestamps.subarray(0, 2))).toEqual([nowMs - 1000, nowMs - 1000]);
    expect(batch.metadata).toEqual([{ name: 'system_memory_utilization_ratio', type: 'gauge', unit: '1', help: 'Memory in use.', temporality: 'none' }]);
    expect(batch.rejected).toEqual({ count: 0, reasons: [] });
  });

  it('keeps NaN and ±Inf doubles', () => {
    const points = format === 'json' ? ['NaN', 'Infinity', '-Infinity'] : [NaN, Infinity, -Infinity];
    const batch = decode(request([{ name: 'g', gauge: { dataPoints: points.map((asDouble) => ({ timeUnixNano: t, asDouble })) } }]));
    expect(Array.from(batch.sampleValues.subarray(0, 3))).toEqual([NaN, Infinity, -Infinity]);
  });

  it('converts nanoseconds to milliseconds exactly', () => {
    const batch = decode(request([{ name: 'g', gauge: { dataPoints: [{ timeUnixNano: `${nowMs - 1}999999`, asDouble: 1 }] } }]));
    expect(batch.sampleTimestamps[0]).toBe(nowMs - 1);
  });

  it('maps sums: monotonic → counter with _total, up-down → gauge, temporality recorded', () => {
    const batch = decode(
      request([
        { name: 'http.server.requests', unit: '{request}', sum: { isMonotonic: true, aggregationTemporality: 2, dataPoints: [{ timeUnixNano: t, asInt: '7' }] } },
        { name: 'bytes_sent_total', unit: 'By', sum: { isMonotonic: true, aggregationTemporality: 1, dataPoints: [{ timeUnixNano: t, asDouble: 512 }] } },
        { name: 'queue.size', sum: { isMonotonic: false, aggregationTemporality: 2, dataPoints: [{ timeUnixNano: t, asInt: '-3' }] } },
        { name: 'broken', sum: { isMonotonic: true, dataPoints: [{ timeUnixNano: t, asInt: '1' }] } },
      ]),
    );
    expect(lines(batch)).toEqual(['http_server_requests_total{} 7', 'bytes_sent_bytes_total{} 512', 'queue_size{} -3']);
    expect(batch.metadata.map(({ name, type, temporality }) => ({ name, type, temporality }))).toEqual([
      { name: 'http_server_requests_total', type: 'counter', temporality: 'cumulative' },
      { name: 'bytes_sent_bytes_total', type: 'counter', temporality: 'delta' },
      { name: 'queue_size', type: 'gauge', temporality: 'cumulative' },
    ]);
    expect(batch.rejected).toEqual({ count: 1, reasons: ['sum broken has no aggregation temporality'], byReason: { invalid: 1 } });
  });

  it('maps an explicit histogram to cumulative le buckets, _sum and _count', () => {
    const batch = decode(
      request([
        {
          name: 'http.server.request.duration',
          unit: 's',
          histogram: {
            aggregationTemporality: 2,
            dataPoints: [
              { timeUnixNano: t, count: '10', sum: 3.5, bucketCounts: ['1', '2', '3', '4'], explicitBounds: [0.005, 0.1, 1] },
              { timeUnixNano: t, count: '2', bucketCounts: [], explicitBounds: [], attributes: [{ key: 'no.sum', value: { boolValue: true } }] },
              { timeUnixNano: t, count: '2', bucketCounts: ['1'], explicitBounds: [1, 2] },
            ],
          },
        },
      ]),
    );
    expect(lines(batch)).toEqual([
      'http_server_request_duration_seconds_bucket{le="0.005"} 1',
      'http_server_request_duration_seconds_bucket{le="0.1"} 3',
      'http_server_request_duration_seconds_bucket{le="1"} 6',
      'http_server_request_duration_seconds_bucket{le="+Inf"} 10',
      'http_server_request_duration_seconds_sum{} 3.5',
      'http_server_request_duration_seconds_count{} 10',
      'http_server_request_duration_seconds_bucket{le="+Inf",no_sum="true"} 2',
      'http_server_request_duration_seconds_count{no_sum="true"} 2',
    ]);
    expect(batch.metadata[0]).toMatchObject({ name: 'http_server_request_duration_seconds', type: 'histogram', temporality: 'cumulative' });
    expect(batch.rejected).toEqual({
      count: 1,
      reasons: ['bucket_counts has 1 entries for 2 explicit_bounds (expected 3) in histogram http_server_request_duration_seconds'],
      byReason: { invalid: 1 },
    });
  });

  it('maps an exponential histogram to le bounds exact to the bucket, negatives included', () => {
    const batch = decode(
      request([
        {
          name: 'latency',
          unit: 'ms',
          exponentialHistogram: {
            aggregationTemporality: 1,
            dataPoints: [
              {
                timeUnixNano: t,
                count: '6',
                sum: 7,
                scale: 0,
                zeroCount: '1',
                zeroThreshold: 0,
                positive: { offset: 0, bucketCounts: ['1', '2'] },
                negative: { offset: 1, bucketCounts: ['1', '1'] },
              },
              { timeUnixNano: t, count: '1', scale: 1, positive: { offset: -1, bucketCounts: ['1'] } },
            ],
          },
        },
      ]),
    );
    expect(lines(batch)).toEqual([
      // negative bucket 2 holds [-8, -4), bucket 1 holds [-4, -2)
      'latency_milliseconds_bucket{le="-4"} 1',
      'latency_milliseconds_bucket{le="-2"} 2',
      'latency_milliseconds_bucket{le="0"} 3',
      // positive bucket 0 holds (1, 2], bucket 1 (2, 4]
      'latency_milliseconds_bucket{le="2"} 4',
      'latency_milliseconds_bucket{le="4"} 6',
      'latency_milliseconds_bucket{le="+Inf"} 6',
      'latency_milliseconds_sum{} 7',
      'latency_milliseconds_count{} 6',
      // scale 1: base √2, bucket -1 holds (2^-0.5, 1]
      'latency_milliseconds_bucket{le="0"} 0',
      'latency_milliseconds_bucket{le="1"} 1',
      'latency_milliseconds_bucket{le="+Inf"} 1',
      'latency_milliseconds_count{} 1',
    ]);
    expect(batch.metadata[0]).toMatchObject({ type: 'histogram', temporality: 'delta' });
  });

  it('maps a summary to quantile series, _sum and _count', () => {
    const batch = decode(
      request([
        {
          name: 'rpc.latency',
          unit: 'ms',
          summary: { dataPoints: [{ timeUnixNano: t, count: '4', sum: 10, quantileValues: [{ quantile: 0.5, value: 2 }, { quantile: 0.99, value: 5 }] }] },
        },
      ]),
    );
    expect(lines(batch)).toEqual([
      'rpc_latency_milliseconds{quantile="0.5"} 2',
      'rpc_latency_milliseconds{quantile="0.99"} 5',
      'rpc_latency_milliseconds_sum{} 10',
      'rpc_latency_milliseconds_count{} 4',
    ]);
    expect(batch.metadata[0]).toMatchObject({ type: 'summary', temporality: 'cumulative' });
  });

  it('joins attributes that sanitize to the same label name', () => {
    const batch = decode(
      request([
        {
          name: 'g',
          gauge: {
            dataPoints: [
              { timeUnixNano: t, asDouble: 1, attributes: [{ key: 'a.b', value: { stringValue: 'x' } }, { key: 'a_b', value: { stringValue: 'y' } }, { key: '1st', value: { stringValue: 'z' } }] },
            ],
          },
        },
      ]),
    );
    expect(lines(batch)).toEqual(['g{a_b="x;y",key_1st="z"} 1']);
  });

  it('refuses points over the limits and outside the time window, naming the limit', () => {
    const limits = { ...DEFAULT_INGEST_LIMITS, labelValueLength: 5, labelsPerSeries: 5 };
    const batch = decode(
      request(
        [
          {
            name: 'g',
            gauge: {
              dataPoints: [
                { timeUnixNano: t, asDouble: 1, attributes: [{ key: 'path', value: { stringValue: '/very/long' } }] },
                { timeUnixNano: t, asDouble: 2, attributes: ['a', 'b', 'c', 'd'].map((key) => ({ key, value: { stringValue: key } })) },
                { timeUnixNano: ns(nowMs - 8 * 86_400_000), asDouble: 3 },
                { timeUnixNano: ns(nowMs + 3_600_000), asDouble: 4 },
                { timeUnixNano: t, asDouble: 5 },
              ],
            },
          },
        ],
        { 'service.name': 'svc' },
        { name: '', version: '' },
      ),
      limits,
    );
    expect(lines(batch)).toEqual(['g{} 5']);
    expect(batch.rejected).toEqual({
      count: 4,
      reasons: [
        'label value longer than 5 characters (limit label_value_length) in series g',
        'series with more than 5 labels (limit labels_per_series) in series g',
        'timestamp older than 7 days (limit max_age) in series g',
        'timestamp more than 10 minutes ahead (limit max_future) in series g',
      ],
      byReason: { label_value_length: 1, labels_per_series: 1, max_age: 1, max_future: 1 },
    });
  });
});

describe('decodeOtlpMetrics with a series cache', () => {
  const histogram = (attributes: object[]) =>
    request([
      {
        name: 'http.server.request.duration',
        unit: 's',
        histogram: { aggregationTemporality: 2, dataPoints: [{ timeUnixNano: t, count: '3', sum: 0.5, bucketCounts: ['1', '2'], explicitBounds: [0.1], attributes }] },
      },
    ]);
  const route = (value: string) => [{ key: 'http.route', value: { stringValue: value } }];

  it('hands out the same series objects for the same attributes, and new ones when any attribute differs', () => {
    const seriesCache = new OtlpSeriesCache();
    const decode = (body: object) => decodeOtlpMetrics(encodeOtlpMetrics(body, 'protobuf'), 'protobuf', DEFAULT_INGEST_LIMITS, nowMs, { seriesCache });
    const first = decode(histogram(route('/a')));
    const again = decode(histogram(route('/a')));
    expect(first.series.map((s) => s.name)).toEqual(['http_server_request_duration_seconds_bucket', 'http_server_request_duration_seconds_bucket', 'http_server_request_duration_seconds_sum', 'http_server_request_duration_seconds_count']);
    again.series.forEach((series, index) => expect(series).toBe(first.series[index]));
    expect(again.series[0]?.labels).toEqual({ service: 'checkout', otel_scope_name: 'my.lib', otel_scope_version: '1.2.0', http_route: '/a', le: '0.1' });
    const other = decode(histogram(route('/b')));
    expect(other.series[0]).not.toBe(first.series[0]);
    expect(other.series[0]?.labels.http_route).toBe('/b');
    // The key is what was sent: attributes sent differently get their own entry even when they
    // map to the same labels (an empty value is dropped), with equal labels.
    const sentOtherwise = decode(histogram([...route('/a'), { key: 'x', value: { stringValue: '' } }]));
    expect(sentOtherwise.series[0]).not.toBe(first.series[0]);
    expect(sentOtherwise.series[0]?.labels).toEqual(first.series[0]?.labels);
  });

  it('re-checks the limits on a hit: series cached under lax limits are refused under strict ones', () => {
    const seriesCache = new OtlpSeriesCache();
    const body = encodeOtlpMetrics(histogram(route('/checkout/cart')), 'json');
    expect(decodeOtlpMetrics(body, 'json', DEFAULT_INGEST_LIMITS, nowMs, { seriesCache }).sampleCount).toBe(4);
    const strict = decodeOtlpMetrics(body, 'json', { ...DEFAULT_INGEST_LIMITS, labelValueLength: 8 }, nowMs, { seriesCache });
    expect(strict.sampleCount).toBe(0);
    expect(strict.rejected).toEqual({
      count: 1,
      reasons: ['label value longer than 8 characters (limit label_value_length) in series http_server_request_duration_seconds_bucket'],
      byReason: { label_value_length: 1 },
    });
  });

  it('stays bounded to two generations of label sets and attribute byte strings', () => {
    const seriesCache = new OtlpSeriesCache(5);
    for (let i = 0; i < 30; i++) {
      decodeOtlpMetrics(encodeOtlpMetrics(histogram(route(`/r${i}`)), 'protobuf'), 'protobuf', DEFAULT_INGEST_LIMITS, nowMs, { seriesCache });
    }
    expect(seriesCache.labelSets.size).toBeLessThanOrEqual(10);
    expect(seriesCache.attributeBytes.size).toBeLessThanOrEqual(10);
  });
});

describe('decodeOtlpMetrics errors', () => {
  it('refuses truncated protobuf, bad JSON and wrong JSON types with a message saying where', () => {
    const body = encodeOtlpMetrics(request([{ name: 'g', gauge: { dataPoints: [{ timeUnixNano: t, asDouble: 1 }] } }]), 'protobuf');
    expect(decodeErrorOf(() => decodeOtlpMetrics(body.subarray(0, body.length - 4), 'protobuf', DEFAULT_INGEST_LIMITS, nowMs)).message).toMatch(/^otlp metrics: invalid protobuf: /);
    expect(decodeErrorOf(() => decodeOtlpMetrics(Buffer.from('{"resourceMetrics":'), 'json', DEFAULT_INGEST_LIMITS, nowMs)).message).toMatch(/^otlp metrics: invalid JSON: /);
    expect(decodeErrorOf(() => decodeOtlpMetrics(Buffer.from('[]'), 'json', DEFAULT_INGEST_LIMITS, nowMs)).message).toBe('otlp metrics: JSON body must be an object');
    expect(decodeErrorOf(() => decodeOtlpMetrics(Buffer.from('{"resourceMetrics":{}}'), 'json', DEFAULT_INGEST_LIMITS, nowMs)).message).toMatch(/resourceMetrics: array expected/);
    expect(decodeErrorOf(() => decodeOtlpMetrics(Buffer.from([0x7b, 0xff, 0x7d]), 'json', DEFAULT_INGEST_LIMITS, nowMs)).message).toBe('otlp metrics: JSON body is not valid UTF-8');
  });

  it('decodes an empty request', () => {
    expect(decodeOtlpMetrics(Buffer.alloc(0), 'protobuf', DEFAULT_INGEST_LIMITS, nowMs).sampleCount).toBe(0);
    expect(decodeOtlpMetrics(Buffer.from('{}'), 'json', DEFAULT_INGEST_LIMITS, nowMs).sampleCount).toBe(0);
  });
});
