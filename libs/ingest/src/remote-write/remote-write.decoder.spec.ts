import { compressSync } from 'snappy';
import { describe, expect, it } from 'vitest';
import { DEFAULT_INGEST_LIMITS, type IngestLimits } from '../ingest-limits';
import { decodeErrorOf } from '../testing/decode-error.testing';
import { encodeRemoteWrite, encodeWriteRequest, type TestSeries } from '../testing/remote-write-encoder.testing';
import { decodeRemoteWrite } from './remote-write.decoder';
import { DecodedSeriesCache } from './decoded-series-cache';

const now = Date.UTC(2025, 0, 15, 12);
const limits: IngestLimits = { ...DEFAULT_INGEST_LIMITS };

function decode(series: TestSeries[], override: Partial<IngestLimits> = {}) {
  return decodeRemoteWrite(encodeRemoteWrite(series), { ...limits, ...override }, now);
}

function samplesOf(batch: ReturnType<typeof decodeRemoteWrite>) {
  return Array.from({ length: batch.sampleCount }, (_, i) => ({
    series: batch.series[batch.sampleSeries[i] as number],
    timestamp: batch.sampleTimestamps[i],
    value: batch.sampleValues[i],
  }));
}

describe('decodeRemoteWrite', () => {
  it('round-trips labels, values and timestamps exactly', () => {
    const values = [0, -1.5, 1e308, 5e-324, 0.1 + 0.2, Number.MAX_SAFE_INTEGER];
    const batch = decode([
      {
        labels: { __name__: 'http_requests_total', job: 'api', path: '/ü/ẞ' },
        samples: values.map((value, i) => ({ value, timestamp: now - 60_000 + i })),
      },
      { labels: { __name__: 'up', instance: 'a:9100' }, samples: [{ value: 1, timestamp: now }] },
    ]);
    expect(batch.series).toEqual([
      { name: 'http_requests_total', labels: { job: 'api', path: '/ü/ẞ' } },
      { name: 'up', labels: { instance: 'a:9100' } },
    ]);
    expect(samplesOf(batch)).toEqual([
      ...values.map((value, i) => ({ series: batch.series[0], timestamp: now - 60_000 + i, value })),
      { series: batch.series[1], timestamp: now, value: 1 },
    ]);
    expect(batch.rejected).toEqual({ count: 0, reasons: [] });
  });

  it('keeps NaN (the staleness marker) and ±Inf as they came', () => {
    const stale = Buffer.from('7ff0000000000002', 'hex').readDoubleBE(0);
    const batch = decode([
      {
        labels: { __name__: 'x' },
        // Not via [stale, …]: V8 stores a number[] of doubles with NaNs canonicalised, which
        // would quieten the signalling NaN before it is even encoded.
        samples: [
          { value: stale, timestamp: now },
          { value: Infinity, timestamp: now + 1 },
          { value: -Infinity, timestamp: now + 2 },
        ],
      },
    ]);
    expect(batch.sampleCount).toBe(3);
    // Prometheus recognises staleness by these exact bits, so they must survive decoding.
    const bits = Buffer.from(batch.sampleValues.buffer, batch.sampleValues.byteOffset, 8);
    expect(bits.toString('hex')).toBe('020000000000f07f');
    expect([batch.sampleValues[1], batch.sampleValues[2]]).toEqual([Infinity, -Infinity]);
  });

  it('skips exemplars and maps metadata', () => {
    const body = encodeRemoteWrite(
      [{ labels: { __name__: 'a_total' }, samples: [{ value: 2, timestamp: now }], exemplars: [{ labels: { trace_id: 'abc' }, value: 1, timestamp: now }] }],
      [
        { type: 1, metric_family_name: 'a_total', help: 'Requests.', unit: 'requests' },
        { type: 3, metric_family_name: 'lat_seconds' },
        { type: 2, metric_family_name: 'temp' },
      ],
    );
    const batch = decodeRemoteWrite(body, limits, now);
    expect(batch.sampleCount).toBe(1);
    expect(batch.metadata).toEqual([
      { name: 'a_total', type: 'counter', unit: 'requests', help: 'Requests.', temporality: 'cumulative' },
      { name: 'lat_seconds', type: 'histogram', unit: '', help: '', temporality: 'cumulative' },
      { name: 'temp', type: 'gauge', unit: '', help: '', temporality: 'none' },
    ]);
  });

  it('drops labels with empty values, as Prometheus does', () => {
    const batch = decode([{ labels: { __name__: 'x', a: '', b: '1' }, samples: [{ value: 1, timestamp: now }] }]);
    expect(batch.series[0]).toEqual({ name: 'x', labels: { b: '1' } });
  });

  it('keeps a label named __proto__ as a plain key', () => {
    const batch = decode([{ labels: { __name__: 'x', ['__proto__']: 'p' }, samples: [{ value: 1, timestamp: now }] }]);
    expect(Object.keys(batch.series[0]?.labels ?? {})).toEqual(['__proto__']);
  });

  it('rejects series without __name__, with duplicate or empty label names, counting their samples', () => {
    const body = encodeWriteRequest([
      { labels: { job: 'a' }, samples: [{ value: 1, timestamp: now }, { value: 2, timestamp: now }] },
      { labels: { __name__: 'ok' }, samples: [{ value: 1, timestamp: now }] },
    ]);
    // Duplicate names cannot be written through an object, so append a raw Label to the series.
    const dupLabel = Buffer.from([0x0a, 0x07, 0x0a, 0x02, 0x6f, 0x6b, 0x12, 0x01, 0x78]); // labels { name "ok" value "x" }
    const duplicateSeries = encodeWriteRequest([{ labels: { __name__: 'd', ok: 'y' }, samples: [{ value: 1, timestamp: now }] }]);
    const inner = Buffer.concat([duplicateSeries.subarray(2), dupLabel]);
    const emptyName = encodeWriteRequest([{ labels: { __name__: 'e', '': 'v' }, samples: [{ value: 1, timestamp: now }] }]);
    const batch = decodeRemoteWrite(
      compressSync(Buffer.concat([body, Buffer.from([0x0a, inner.length]), inner, emptyName])),
      limits,
      now,
    );
    expect(batch.series).toEqual([{ name: 'ok', labels: {} }]);
    expect(batch.rejected.count).toBe(4);
    expect(batch.rejected.reasons).toEqual([
      'series without a metric name (__name__ label) at timeseries[0]',
      'duplicate label name "ok" in series d',
      'empty label name in series e',
    ]);
  });

  it('applies the label and name limits, naming the limit', () => {
    const batch = decode(
      [
        { labels: { __name__: 'many', a: '1', b: '2', c: '3' }, samples: [{ value: 1, timestamp: now }] },
        { labels: { __name__: 'long_value', a: 'x'.repeat(11) }, samples: [{ value: 1, timestamp: now }] },
        { labels: { __name__: 'long_name', ['y'.repeat(9)]: 'v' }, samples: [{ value: 1, timestamp: now }] },
        { labels: { __name__: 'n'.repeat(21) }, samples: [{ value: 1, timestamp: now }] },
        { labels: { __name__: 'fine', a: 'x'.repeat(10), b: '' }, samples: [{ value: 1, timestamp: now }] },
      ],
      { labelsPerSeries: 3, labelValueLength: 10, labelNameLength: 8, metricNameLength: 20 },
    );
    expect(batch.series.map((s) => s.name)).toEqual(['fine']);
    expect(batch.rejected).toEqual({
      count: 4,
      reasons: [
        'series with more than 3 labels (limit labels_per_series) in series many',
        'label value longer than 10 characters (limit label_value_length) in series long_value',
        'label name longer than 8 characters (limit label_name_length) in series long_name',
        'metric name longer than 20 characters (limit metric_name_length) at timeseries[3]',
      ],
      byReason: { labels_per_series: 1, label_value_length: 1, label_name_length: 1, metric_name_length: 1 },
    });
  });

  it('refuses samples outside the time window, keeping the rest of the series', () => {
    const batch = decode([
      {
        labels: { __name__: 'x' },
        samples: [
          { value: 1, timestamp: now - 7 * 86_400_000 - 1 },
          { value: 2, timestamp: now - 7 * 86_400_000 },
          { value: 3, timestamp: now + 600_000 },
          { value: 4, timestamp: now + 600_001 },
        ],
      },
    ]);
    expect(Array.from(batch.sampleValues.subarray(0, batch.sampleCount))).toEqual([2, 3]);
    expect(batch.rejected).toEqual({
      count: 2,
      reasons: ['timestamp older than 7 days (limit max_age) in series x', 'timestamp more than 10 minutes ahead (limit max_future) in series x'],
      byReason: { max_age: 1, max_future: 1 },
    });
  });

  it('keeps at most 10 distinct reasons', () => {
    const series = Array.from({ length: 50 }, (_, i) => ({ labels: { job: String(i) }, samples: [{ value: 1, timestamp: now }] }));
    const batch = decode([...series, ...series]);
    expect(batch.rejected.count).toBe(100);
    expect(batch.rejected.reasons).toHaveLength(10);
  });

  it('grows its columns past the first guess', () => {
    const samples = Array.from({ length: 5000 }, (_, i) => ({ value: i, timestamp: now - i }));
    const batch = decode([{ labels: { __name__: 'x' }, samples }]);
    expect(batch.sampleCount).toBe(5000);
    expect(batch.sampleValues[4999]).toBe(4999);
    expect(batch.sampleTimestamps[4999]).toBe(now - 4999);
  });

  it('says where invalid UTF-8 is', () => {
    const good = encodeWriteRequest([
      { labels: { __name__: 'a' }, samples: [{ value: 1, timestamp: now }] },
      { labels: { __name__: 'b', job: 'zz' }, samples: [{ value: 1, timestamp: now }] },
    ]);
    const at = good.lastIndexOf(Buffer.from('zz'));
    good[at] = 0xc3;
    good[at + 1] = 0x28;
    const error = decodeErrorOf(() => decodeRemoteWrite(compressSync(good), limits, now));
    expect(error.code).toBe('MALFORMED');
    expect(error.message).toBe('remote_write: timeseries[1].labels[1]: label value is not valid UTF-8');
    expect(error.places).toEqual([{ path: 'timeseries[1].labels[1]', message: 'label value is not valid UTF-8' }]);
  });

  it('refuses bad snappy, framed snappy, bombs and truncated protobuf', () => {
    const notSnappy = decodeErrorOf(() => decodeRemoteWrite(Buffer.from('not snappy at all'), limits, now));
    expect(notSnappy.message).toMatch(/^remote_write: body is not valid snappy/);
    expect(notSnappy.places).toEqual([]);
    expect(decodeErrorOf(() => decodeRemoteWrite(Buffer.from([0xff, 0x06, 0, 0, 0x73, 0x4e, 0x61, 0x50, 0x70, 0x59]), limits, now)).code).toBe('UNSUPPORTED');
    const bomb = Buffer.from([0x80, 0x80, 0x80, 0x80, 0x08]); // claims 2 GiB
    expect(decodeErrorOf(() => decodeRemoteWrite(bomb, limits, now)).message).toMatch(/limit max_decompressed_bytes/);
    const raw = encodeWriteRequest([{ labels: { __name__: 'a' }, samples: [{ value: 1, timestamp: now }] }]);
    const error = decodeErrorOf(() => decodeRemoteWrite(compressSync(raw.subarray(0, raw.length - 3)), limits, now));
    expect(error.message).toMatch(/^remote_write: (timeseries\[0\]: )?length \d+ runs past the end/);
  });

  it('decodes an empty request to an empty batch', () => {
    const batch = decodeRemoteWrite(compressSync(Buffer.alloc(0)), limits, now);
    expect(batch.sampleCount).toBe(0);
    expect(batch.series).toEqual([]);
  });

  it('reuses cached series across requests and re-checks limits on a hit', () => {
    const seriesCache = new DecodedSeriesCache(10);
    const body = encodeRemoteWrite([{ labels: { __name__: 'x', job: 'abcdef' }, samples: [{ value: 1, timestamp: now }] }]);
    const first = decodeRemoteWrite(body, limits, now, { seriesCache });
    const second = decodeRemoteWrite(body, limits, now, { seriesCache });
    expect(second.series[0]).toBe(first.series[0]);
    expect(seriesCache.size).toBe(1);
    const stricter = decodeRemoteWrite(body, { ...limits, labelValueLength: 3 }, now, { seriesCache });
    expect(stricter.sampleCount).toBe(0);
    expect(stricter.rejected.reasons).toEqual(['label value longer than 3 characters (limit label_value_length) in series x']);
  });

  it('keeps the cache bounded to two generations', () => {
    const seriesCache = new DecodedSeriesCache(5);
    for (let i = 0; i < 30; i++) {
      decodeRemoteWrite(encodeRemoteWrite([{ labels: { __name__: `m${i}` }, samples: [{ value: 1, timestamp: now }] }]), limits, now, { seriesCache });
    }
    expect(seriesCache.size).toBeLessThanOrEqual(10);
  });
});
