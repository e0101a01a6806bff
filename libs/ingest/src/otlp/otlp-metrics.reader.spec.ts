import * as protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { OTLP_COMMON_PROTO } from '../../proto/otlp-common.proto';
import { OTLP_METRICS_PROTO } from '../../proto/otlp-metrics.proto';
import { DEFAULT_INGEST_LIMITS } from '../ingest-limits';
import { WireError } from '../remote-write/wire-reader';
import { encodeOtlpMetrics } from '../testing/otlp-encoder.testing';
import { seededRandom } from '@vigil/testing';
import { lengthDelimited, metricBatchRows } from '../testing/wire.testing';
import type { ExportMetricsServiceRequest } from './otlp-messages';
import { mapOtlpMetrics } from './otlp-metrics.mapper';
import { readExportMetricsServiceRequest } from './otlp-metrics.reader';
import { otlpType } from './otlp-proto';
import { OtlpSeriesCache } from './otlp-series-cache';

// The hand-written reader must give the mapper what protobufjs' generated decoder gives it: every
// body here is decoded by both and the MetricBatches the mapper makes of them are compared whole
// (series, timestamps, values, metadata, rejections). Bodies come from protobufjs' encoder
// (seeded random requests, packed and unpacked); otlp-metrics.reader.int.spec.ts compares what the
// OpenTelemetry SDK's exporter sends.

const protobufjsDecoder = otlpType('metrics.v1.ExportMetricsServiceRequest');
const nowMs = Date.UTC(2025, 0, 15, 12);

function mapBoth(body: Buffer, cache?: { ours: OtlpSeriesCache; theirs: OtlpSeriesCache }): { ours: unknown; theirs: unknown } {
  const theirs = protobufjsDecoder.decode(body) as unknown as ExportMetricsServiceRequest;
  return {
    ours: metricBatchRows(mapOtlpMetrics(readExportMetricsServiceRequest(body, cache?.ours), DEFAULT_INGEST_LIMITS, nowMs, cache?.ours)),
    theirs: metricBatchRows(mapOtlpMetrics(theirs, DEFAULT_INGEST_LIMITS, nowMs, cache?.theirs)),
  };
}

/** Random OTLP/JSON-shaped requests: every metric kind, every attribute value kind, edge numbers. */
function randomRequest(random: () => number): object {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const count = (max: number) => Math.floor(random() * (max + 1));
  const int64 = () => pick(['0', '1', '-1', '42', '9007199254740993', '-9223372036854775808', '9223372036854775807', String(count(1e6))]);
  const uint64 = () => pick(['0', '1', '7', '4294967296', '9007199254740993', '18446744073709551615', String(count(1e6))]);
  const double = () => pick([0, -0, 1.5, -2.25e-300, 1e308, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, random() * 1000]);
  const anyValue = (depth: number): object =>
    pick([
      () => ({ stringValue: pick(['', 'a', '/checkout', 'ä€😀', 'GET']) }),
      () => ({ intValue: int64() }),
      () => ({ boolValue: random() < 0.5 }),
      () => ({ doubleValue: double() }),
      () => ({ bytesValue: Buffer.from([count(255), count(255)]) }),
      () => (depth > 2 ? {} : { arrayValue: { values: Array.from({ length: count(2) }, () => anyValue(depth + 1)) } }),
      () => (depth > 2 ? {} : { kvlistValue: { values: Array.from({ length: count(2) }, () => ({ key: pick(['k', 'x.y']), value: anyValue(depth + 1) })) } }),
      () => ({}),
    ])();
  const attributes = () => Array.from({ length: count(4) }, () => ({ key: pick(['http.route', 'method', 'code', 'http.route', 'x-y', '', '__z']), value: anyValue(0) }));
  const time = () => pick([`${nowMs - count(3_600_000)}${String(count(999_999)).padStart(6, '0')}`, '0', `${nowMs + 86_400_000 * 30}000000`]);
  const base = () => ({ attributes: attributes(), startTimeUnixNano: time(), timeUnixNano: time(), flags: pick([0, 0, 0, 1, 2]) });
  const temporality = () => pick([0, 1, 2, 2]);
  const numberPoints = () => Array.from({ length: count(3) }, () => ({ ...base(), ...(random() < 0.5 ? { asDouble: double() } : random() < 0.9 ? { asInt: int64() } : {}) }));
  const metric = (): object => {
    const head = { name: pick(['', 'http.server.duration', 'queue.depth', 'bytes', 'a.b']), unit: pick(['', 's', 'By', '1', 'ms', '{request}']), description: pick(['', 'help']) };
    return pick([
      () => ({ ...head, gauge: { dataPoints: numberPoints() } }),
      () => ({ ...head, sum: { aggregationTemporality: temporality(), isMonotonic: random() < 0.6, dataPoints: numberPoints() } }),
      () => {
        const bounds = Array.from({ length: count(4) }, (_, i) => i * 2.5 + (random() < 0.05 ? Number.POSITIVE_INFINITY : 0));
        const buckets = random() < 0.9 ? bounds.length + 1 : count(3);
        const dataPoints = Array.from({ length: count(2) }, () => ({ ...base(), count: uint64(), ...(random() < 0.7 ? { sum: double() } : {}), explicitBounds: bounds, bucketCounts: Array.from({ length: buckets }, uint64) }));
        return { ...head, histogram: { aggregationTemporality: temporality(), dataPoints } };
      },
      () => {
        const side = () => (random() < 0.3 ? undefined : { offset: count(10) - 5, bucketCounts: Array.from({ length: count(4) }, uint64) });
        const dataPoints = Array.from({ length: count(2) }, () => ({ ...base(), count: uint64(), sum: double(), scale: pick([-10, -1, 0, 3, 20, 21]), zeroCount: uint64(), zeroThreshold: pick([0, 1e-9]), positive: side(), negative: side() }));
        return { ...head, exponentialHistogram: { aggregationTemporality: temporality(), dataPoints } };
      },
      () => ({ ...head, summary: { dataPoints: Array.from({ length: count(2) }, () => ({ ...base(), count: uint64(), sum: double(), quantileValues: Array.from({ length: count(3) }, () => ({ quantile: pick([0, 0.5, 0.99, 1]), value: double() })) })) } }),
      () => head,
    ])();
  };
  return {
    resourceMetrics: Array.from({ length: 1 + count(1) }, () => ({
      resource: random() < 0.8 ? { attributes: [{ key: 'service.name', value: { stringValue: pick(['checkout', 'cart']) } }, ...attributes()] } : undefined,
      scopeMetrics: Array.from({ length: 1 + count(1) }, () => ({
        scope: random() < 0.7 ? { name: pick(['', 'lib']), version: pick(['', '1.0']) } : undefined,
        metrics: Array.from({ length: count(4) }, metric),
      })),
    })),
  };
}

/** The same definitions with every repeated scalar unpacked: readers must accept both encodings. */
const unpackedType = (() => {
  const root = new protobuf.Root();
  protobuf.parse(OTLP_COMMON_PROTO, root, { keepCase: false });
  const unpacked = OTLP_METRICS_PROTO.replace(/(repeated (?:fixed64|double|uint64) \w+ = \d+)/g, '$1 [packed = false]');
  expect(unpacked.match(/packed = false/g)).toHaveLength(3);
  protobuf.parse(unpacked, root, { keepCase: false });
  root.resolveAll();
  return root.lookupType('opentelemetry.proto.metrics.v1.ExportMetricsServiceRequest');
})();

// CPU-bound like the fuzz spec: ~1 s alone, several on a busy machine, past vitest's default 5 s.
describe('readExportMetricsServiceRequest', { timeout: 60_000 }, () => {
  it('maps to the same batches as protobufjs on 400 random requests, packed and unpacked, with and without the series cache', () => {
    const random = seededRandom(13);
    const cache = { ours: new OtlpSeriesCache(), theirs: new OtlpSeriesCache() };
    let samples = 0;
    let unpackedDiffers = 0;
    for (let run = 0; run < 400; run++) {
      const request = randomRequest(random);
      const packed = encodeOtlpMetrics(request, 'protobuf');
      const unpacked = Buffer.from(unpackedType.encode(unpackedType.fromObject(request)).finish());
      for (const body of [packed, unpacked]) {
        const plain = mapBoth(body);
        expect(plain.ours).toEqual(plain.theirs);
        const cached = mapBoth(body, cache);
        expect(cached.ours).toEqual(cached.theirs);
        samples += (plain.ours as { samples: unknown[] }).samples.length;
      }
      if (!unpacked.equals(packed)) unpackedDiffers++;
    }
    // The generator reached the mapper's paths, not only its refusals.
    expect(samples).toBeGreaterThan(1000);
    expect(unpackedDiffers).toBeGreaterThan(100);
  });

  it('keeps the last of a oneof sent twice, as protobufjs does', () => {
    const metricType = protobufjsDecoder.root.lookupType('opentelemetry.proto.metrics.v1.Metric');
    const encode = (metric: object) => Buffer.from(metricType.encode(metricType.fromObject(metric)).finish());
    const time = `${nowMs}000000`;
    // One Metric message carrying a gauge, then a sum: the fields of two encodings concatenated.
    const metric = Buffer.concat([
      encode({ name: 'm', gauge: { dataPoints: [{ timeUnixNano: time, asInt: '3' }] } }),
      encode({ sum: { aggregationTemporality: 2, isMonotonic: true, dataPoints: [{ timeUnixNano: time, asDouble: 4 }] } }),
    ]);
    const { ours, theirs } = mapBoth(lengthDelimited(1, lengthDelimited(2, lengthDelimited(2, metric))));
    expect(ours).toEqual(theirs);
    expect((ours as { samples: unknown[][] }).samples).toEqual([['m_total', {}, nowMs, 4]]);
  });

  it('refuses a known field with the wrong wire type and truncated values, saying which field', () => {
    // resource_metrics (field 1) as a varint.
    expect(() => readExportMetricsServiceRequest(Buffer.from([0x08, 0x01]))).toThrow(new WireError('resource_metrics: wire type 0, expected 2'));
    const body = encodeOtlpMetrics({ resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 'm', gauge: { dataPoints: [{ timeUnixNano: `${nowMs}000000`, asDouble: 1 }] } }] }] }] }, 'protobuf');
    expect(() => readExportMetricsServiceRequest(body.subarray(0, body.length - 3))).toThrow(WireError);
    expect(readExportMetricsServiceRequest(Buffer.alloc(0)).resourceMetrics).toEqual([]);
  });
});
