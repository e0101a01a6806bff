import { describe, expect, it } from 'vitest';
import { DEFAULT_INGEST_LIMITS } from '../ingest-limits';
import { encodeOtlpMetrics } from '../testing/otlp-encoder.testing';
import { seededRandom } from '@vigil/testing';
import { lengthDelimited, metricBatchRows } from '../testing/wire.testing';
import { decodeOtlpMetrics } from './otlp-metrics.decoder';
import { OtlpSeriesCache } from './otlp-series-cache';

// With a series cache the protobuf reader looks a point's attributes up by their bytes and skips
// decoding them on a hit, and the label sets are keyed by the id of those bytes. Everything here
// decodes each body both ways — through a long-lived cache (hits and misses) and with no cache at
// all (the full decode) — and compares the batches whole, or the errors' messages.

const nowMs = Date.UTC(2025, 0, 15, 12);
type Outcome = { batch: unknown } | { error: string };

function decode(body: Buffer, seriesCache?: OtlpSeriesCache): Outcome {
  try {
    return { batch: metricBatchRows(decodeOtlpMetrics(body, 'protobuf', DEFAULT_INGEST_LIMITS, nowMs, { seriesCache })) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** Small pools, so attribute sets come back (hits) under several resources and scopes. */
function requestGenerator(random: () => number): () => object {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const string = (value: string) => ({ stringValue: value });
  const attributeSets: object[][] = [
    [],
    [{ key: 'http.route', value: string('/checkout') }],
    [{ key: 'http.route', value: string('/cart') }, { key: 'code', value: { intValue: '200' } }],
    [{ key: 'code', value: { intValue: '200' } }, { key: 'http.route', value: string('/cart') }],
    [{ key: 'service.name', value: string('from-point') }, { key: 'ok', value: { boolValue: true } }],
    [{ key: 'host', value: string('ä€😀') }, { key: 'ratio', value: { doubleValue: 0.25 } }, { key: 'tags', value: { arrayValue: { values: [string('a'), { intValue: '9007199254740993' }] } } }],
    [{ key: 'kv', value: { kvlistValue: { values: [{ key: 'x.y', value: string('z') }] } } }, { key: 'x', value: string('') }],
    [{ key: 'a.b', value: string('1') }, { key: 'a_b', value: string('2') }],
  ];
  const resources = [
    undefined,
    { attributes: [{ key: 'service.name', value: string('checkout') }] },
    { attributes: [{ key: 'service.name', value: string('cart') }, { key: 'http.route', value: string('/from-resource') }] },
    { attributes: [{ key: 'service.name', value: string('checkout') }, { key: 'deployment.environment', value: string('prod') }] },
  ];
  const scopes = [undefined, { name: 'lib', version: '1.0' }, { name: 'lib', version: '2.0' }];
  const time = () => `${nowMs - Math.floor(random() * 3_600_000)}${String(Math.floor(random() * 1e6)).padStart(6, '0')}`;
  const base = () => ({ attributes: pick(attributeSets), timeUnixNano: pick([time(), time(), '0']), flags: pick([0, 0, 0, 1]) });
  const metric = (): object => {
    const name = pick(['http.server.duration', 'queue.depth', 'jobs']);
    return pick([
      () => ({ name, gauge: { dataPoints: Array.from({ length: 1 + Math.floor(random() * 3) }, () => ({ ...base(), asDouble: random() * 100 })) } }),
      () => ({ name, unit: 'By', sum: { aggregationTemporality: 2, isMonotonic: true, dataPoints: [{ ...base(), asInt: String(Math.floor(random() * 1000)) }] } }),
      () => ({ name, unit: 's', histogram: { aggregationTemporality: 1, dataPoints: [{ ...base(), count: '3', sum: 1.5, explicitBounds: [0.1, 1], bucketCounts: ['1', '1', '1'] }] } }),
      () => ({ name, exponentialHistogram: { aggregationTemporality: 2, dataPoints: [{ ...base(), count: '2', sum: 3, scale: 1, zeroCount: '0', positive: { offset: 0, bucketCounts: ['1', '1'] } }] } }),
      () => ({ name, summary: { dataPoints: [{ ...base(), count: '4', sum: 2, quantileValues: [{ quantile: 0.5, value: 0.4 }] }] } }),
    ])();
  };
  return () => ({
    resourceMetrics: Array.from({ length: 1 + Math.floor(random() * 2) }, () => ({
      resource: pick(resources),
      scopeMetrics: Array.from({ length: 1 + Math.floor(random() * 2) }, () => ({ scope: pick(scopes), metrics: Array.from({ length: 1 + Math.floor(random() * 3) }, metric) })),
    })),
  });
}

describe('the protobuf reader with a series cache', { timeout: 60_000 }, () => {
  it('gives the full decode’s batches on random requests, hits and misses, with attribute bytes shared across resources and scopes', () => {
    const random = seededRandom(21);
    const next = requestGenerator(random);
    const cache = new OtlpSeriesCache();
    const tiny = new OtlpSeriesCache(2); // evicts all the time
    let points = 0;
    for (let run = 0; run < 300; run++) {
      const body = encodeOtlpMetrics(next(), 'protobuf');
      const full = decode(body);
      expect(decode(body, cache)).toEqual(full);
      expect(decode(body, tiny)).toEqual(full);
      points += ((full as { batch: { samples: unknown[] } }).batch.samples ?? []).length;
    }
    expect(points).toBeGreaterThan(1000);
    // Seven non-empty attribute sets, hit again and again, each under several resource and scope
    // label sets. A run's bytes include the tags between its fields, and the attributes' field
    // number differs between point kinds (7 number and summary, 9 histogram, 1 exponential): the
    // one single-attribute set is one byte string, the six others three each.
    expect(cache.attributeBytes.size).toBe(1 + 6 * 3);
    expect(cache.labelSets.size).toBeGreaterThan(30);
    expect(tiny.attributeBytes.size).toBeLessThanOrEqual(4);
  });

  it('labels the same attribute bytes by the resource they come with', () => {
    const cache = new OtlpSeriesCache();
    const point = { attributes: [{ key: 'http.route', value: { stringValue: '/a' } }], timeUnixNano: `${nowMs}000000`, asDouble: 1 };
    const body = (service: string) =>
      encodeOtlpMetrics({ resourceMetrics: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] }, scopeMetrics: [{ metrics: [{ name: 'g', gauge: { dataPoints: [point] } }] }] }] }, 'protobuf');
    const first = decodeOtlpMetrics(body('checkout'), 'protobuf', DEFAULT_INGEST_LIMITS, nowMs, { seriesCache: cache });
    const second = decodeOtlpMetrics(body('cart'), 'protobuf', DEFAULT_INGEST_LIMITS, nowMs, { seriesCache: cache });
    expect(first.series[0]?.labels).toEqual({ service: 'checkout', http_route: '/a' });
    expect(second.series[0]?.labels).toEqual({ service: 'cart', http_route: '/a' });
    expect(cache.attributeBytes.size).toBe(1);
    expect(cache.labelSets.size).toBe(2);
  });

  it('reads attribute fields sent apart (split by another field) as the full decode does, before and after the same bytes were cached', () => {
    const attribute = (key: string, value: string) => lengthDelimited(7, Buffer.concat([lengthDelimited(1, Buffer.from(key)), lengthDelimited(2, lengthDelimited(1, Buffer.from(value)))]));
    const time = Buffer.alloc(9);
    time[0] = (3 << 3) | 1; // time_unix_nano, fixed64
    time.writeBigUInt64LE(BigInt(nowMs) * 1_000_000n + 999_999n, 1);
    const value = Buffer.alloc(9);
    value[0] = (4 << 3) | 1; // as_double
    value.writeDoubleLE(7.5, 1);
    const bodyOf = (point: Buffer) => lengthDelimited(1, lengthDelimited(2, lengthDelimited(2, Buffer.concat([lengthDelimited(1, Buffer.from('g')), lengthDelimited(5, lengthDelimited(1, point))]))));
    const [a, b, c] = [attribute('a', '1'), attribute('b', '2'), attribute('a', '3')];
    const bodies = [
      bodyOf(Buffer.concat([a, b, time, value])), // one run: cached
      bodyOf(Buffer.concat([a, time, b, value])), // two runs, the first one's bytes cached
      bodyOf(Buffer.concat([a, b, time, c, value])), // a run, then the same key again
      bodyOf(Buffer.concat([time, a, b, value, c])), // the cached run, then one more
    ];
    const cache = new OtlpSeriesCache();
    for (let pass = 0; pass < 2; pass++) {
      for (const body of bodies) expect(decode(body, cache)).toEqual(decode(body));
    }
    expect((decode(bodies[1] as Buffer, cache) as { batch: { samples: unknown[][] } }).batch.samples).toEqual([['g', { a: '1', b: '2' }, nowMs, 7.5]]);
  });

  it('refuses a corrupted body with the full decode’s message, whether its attributes were cached or not', () => {
    const random = seededRandom(5);
    const next = requestGenerator(random);
    const warm = new OtlpSeriesCache();
    let refused = 0;
    for (let run = 0; run < 300; run++) {
      const intact = encodeOtlpMetrics(next(), 'protobuf');
      decode(intact, warm);
      const body = Buffer.from(intact);
      const flips = 1 + Math.floor(random() * 3);
      for (let flip = 0; flip < flips; flip++) body[Math.floor(random() * body.length)] = Math.floor(random() * 256);
      const cut = random() < 0.3 ? body.subarray(0, Math.floor(random() * body.length)) : body;
      const full = decode(cut);
      expect(decode(cut, warm)).toEqual(full);
      expect(decode(cut, new OtlpSeriesCache())).toEqual(full);
      if ('error' in full) refused++;
    }
    expect(refused).toBeGreaterThan(50);
  });
});
