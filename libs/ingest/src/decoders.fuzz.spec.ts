import { compressSync } from 'snappy';
import { describe, expect, it } from 'vitest';
import type { LogBatch, MetricBatch } from './batch';
import { DEFAULT_INGEST_LIMITS } from './ingest-limits';
import { IngestDecodeError } from './ingest.errors';
import { decodeOtlpLogs } from './otlp/otlp-logs.decoder';
import { decodeOtlpMetrics } from './otlp/otlp-metrics.decoder';
import { OtlpSeriesCache } from './otlp/otlp-series-cache';
import { decodeRemoteWrite } from './remote-write/remote-write.decoder';
import { DecodedSeriesCache } from './remote-write/decoded-series-cache';
import { encodeOtlpLogs, encodeOtlpMetrics } from './testing/otlp-encoder.testing';
import { encodeWriteRequest } from './testing/remote-write-encoder.testing';
import { seededRandom } from '@vigil/testing';
import { decodeVigilLogs } from './vigil/vigil-logs.decoder';

/*
 * Every decoder, fed garbage: random bytes, every prefix of a valid body, and bit flips of it,
 * must return a batch or throw IngestDecodeError — never another error, never hang (the test
 * timeout catches a loop). Seeded, so a failure reproduces.
 */
const RUNS = 3000;
const now = Date.UTC(2025, 0, 15, 12);
const t = `${now - 1000}000000`;

function randomBytes(random: () => number, max: number): Buffer {
  const bytes = Buffer.alloc(Math.floor(random() * max));
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
  return bytes;
}

function flipBits(random: () => number, valid: Buffer): Buffer {
  const copy = Buffer.from(valid);
  const flips = 1 + Math.floor(random() * 4);
  for (let i = 0; i < flips; i++) {
    const at = Math.floor(random() * copy.length);
    copy[at] = (copy[at] as number) ^ (1 << Math.floor(random() * 8));
  }
  return copy;
}

function checkMetricBatch(batch: MetricBatch): void {
  expect(batch.sampleCount).toBeLessThanOrEqual(batch.sampleValues.length);
  for (let i = 0; i < batch.sampleCount; i++) expect(batch.sampleSeries[i]).toBeLessThan(batch.series.length);
  expect(batch.rejected.reasons.length).toBeLessThanOrEqual(10);
}

function checkLogBatch(batch: LogBatch): void {
  expect(Array.isArray(batch.records)).toBe(true);
  expect(batch.rejected.reasons.length).toBeLessThanOrEqual(10);
}

/** Runs a decoder over inputs; counts outcomes so the test also shows the fuzzing reached both. */
function survive<T>(inputs: Iterable<Buffer>, decode: (input: Buffer) => T, check: (result: T) => void): { ok: number; refused: number } {
  const outcome = { ok: 0, refused: 0 };
  for (const input of inputs) {
    let result: T;
    try {
      result = decode(input);
    } catch (error) {
      if (!(error instanceof IngestDecodeError)) throw new Error(`non-IngestDecodeError for input ${input.toString('hex')}: ${String(error)}`);
      outcome.refused++;
      continue;
    }
    check(result);
    outcome.ok++;
  }
  return outcome;
}

function* prefixes(valid: Buffer): Iterable<Buffer> {
  for (let length = 0; length < valid.length; length++) yield valid.subarray(0, length);
}

function* randoms(seed: number, max: number): Iterable<Buffer> {
  const random = seededRandom(seed);
  for (let i = 0; i < RUNS; i++) yield randomBytes(random, max);
}

function* flips(seed: number, valid: Buffer): Iterable<Buffer> {
  const random = seededRandom(seed);
  for (let i = 0; i < RUNS; i++) yield flipBits(random, valid);
}

const writeRequest = encodeWriteRequest(
  Array.from({ length: 5 }, (_, i) => ({
    labels: { __name__: `metric_${i}`, job: 'fuzz', instance: `host-${i}:9100`, path: '/ü' },
    samples: [
      { value: i * 1.5, timestamp: now - 1000 },
      { value: Number.NaN, timestamp: now },
    ],
    exemplars: [{ labels: { trace_id: 'abc' }, value: 1, timestamp: now }],
  })),
  [{ type: 1, metric_family_name: 'metric_0', help: 'help', unit: 'seconds' }],
);

const otlpMetrics = {
  resourceMetrics: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'fuzz' } }] },
      scopeMetrics: [
        {
          scope: { name: 'fuzzer', version: '1' },
          metrics: [
            { name: 'g', unit: '1', gauge: { dataPoints: [{ timeUnixNano: t, asDouble: 0.5, attributes: [{ key: 'a', value: { kvlistValue: { values: [{ key: 'b', value: { intValue: '1' } }] } } }] }] } },
            { name: 'c', unit: 's', sum: { isMonotonic: true, aggregationTemporality: 2, dataPoints: [{ timeUnixNano: t, asInt: '3' }] } },
            { name: 'h', histogram: { aggregationTemporality: 2, dataPoints: [{ timeUnixNano: t, count: '3', sum: 2, bucketCounts: ['1', '2'], explicitBounds: [1] }] } },
            {
              name: 'e',
              exponentialHistogram: { aggregationTemporality: 1, dataPoints: [{ timeUnixNano: t, count: '2', scale: 2, positive: { offset: -3, bucketCounts: ['1', '1'] } }] },
            },
            { name: 's', summary: { dataPoints: [{ timeUnixNano: t, count: '2', sum: 1, quantileValues: [{ quantile: 0.5, value: 0.4 }] }] } },
          ],
        },
      ],
    },
  ],
};

const otlpLogs = {
  resourceLogs: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'fuzz' } }] },
      scopeLogs: [
        {
          logRecords: [
            { timeUnixNano: t, severityNumber: 9, body: { stringValue: 'hello' }, attributes: [{ key: 'k', value: { boolValue: true } }], traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b174' },
            { severityText: 'error', body: { arrayValue: { values: [{ doubleValue: 1 }] } } },
          ],
        },
      ],
    },
  ],
};

const limits = DEFAULT_INGEST_LIMITS;

// CPU-bound: 3,000 runs per decoder take ~1 s on an idle machine and several on a busy one, past
// vitest's default 5 s; a real loop still fails at this bound.
describe('decoders survive garbage', { timeout: 60_000 }, () => {
  it('remote_write: random snappy bodies', () => {
    survive(randoms(1, 200), (input) => decodeRemoteWrite(input, limits, now), checkMetricBatch);
  });

  it('remote_write: random, truncated and bit-flipped protobuf inside valid snappy', () => {
    const seriesCache = new DecodedSeriesCache(64);
    const decode = (raw: Buffer) => decodeRemoteWrite(compressSync(raw), limits, now, { seriesCache });
    const random = survive(randoms(2, 200), decode, checkMetricBatch);
    const truncated = survive(prefixes(writeRequest), decode, checkMetricBatch);
    const flipped = survive(flips(3, writeRequest), decode, checkMetricBatch);
    expect(truncated.refused).toBeGreaterThan(0);
    expect(flipped.ok).toBeGreaterThan(0);
    expect(flipped.refused).toBeGreaterThan(0);
    expect(random.ok + random.refused).toBe(RUNS);
  });

  it('remote_write: truncated and bit-flipped snappy', () => {
    const body = compressSync(writeRequest);
    survive(prefixes(body), (input) => decodeRemoteWrite(input, limits, now), checkMetricBatch);
    survive(flips(4, body), (input) => decodeRemoteWrite(input, limits, now), checkMetricBatch);
  });

  it('otlp metrics protobuf: random, truncated, bit-flipped (the hand-written reader, with and without the series cache)', () => {
    const valid = encodeOtlpMetrics(otlpMetrics, 'protobuf');
    for (const seriesCache of [undefined, new OtlpSeriesCache(64)]) {
      const decode = (input: Buffer) => decodeOtlpMetrics(input, 'protobuf', limits, now, { seriesCache });
      expect(decode(valid).sampleCount).toBeGreaterThan(5);
      survive(randoms(5, 300), decode, checkMetricBatch);
      const truncated = survive(prefixes(valid), decode, checkMetricBatch);
      const flipped = survive(flips(6, valid), decode, checkMetricBatch);
      expect(truncated.refused).toBeGreaterThan(0);
      expect(flipped.ok).toBeGreaterThan(0);
      expect(flipped.refused).toBeGreaterThan(0);
    }
  });

  it('otlp metrics JSON: random, truncated, bit-flipped', () => {
    const valid = encodeOtlpMetrics(otlpMetrics, 'json');
    const decode = (input: Buffer) => decodeOtlpMetrics(input, 'json', limits, now);
    expect(decode(valid).sampleCount).toBeGreaterThan(5);
    survive(randoms(7, 300), decode, checkMetricBatch);
    survive(prefixes(valid), decode, checkMetricBatch);
    const flipped = survive(flips(8, valid), decode, checkMetricBatch);
    expect(flipped.ok).toBeGreaterThan(0);
  });

  it('otlp logs protobuf and JSON: random, truncated, bit-flipped', () => {
    for (const format of ['protobuf', 'json'] as const) {
      const valid = encodeOtlpLogs(otlpLogs, format);
      const decode = (input: Buffer) => decodeOtlpLogs(input, format, limits, now);
      expect(decode(valid).records).toHaveLength(2);
      survive(randoms(9, 300), decode, checkLogBatch);
      survive(prefixes(valid), decode, checkLogBatch);
      survive(flips(10, valid), decode, checkLogBatch);
    }
  });

  it('vigil logs JSON and NDJSON: random, truncated, bit-flipped', () => {
    const records = [
      { timestamp: now - 5, severity: 'info', service: 's', message: 'hello', attributes: { a: 1, b: true, c: 'x' }, trace_id: '5b8efff798038103d269b633813fc60c', span_id: 'eee19b7ec3c1b174' },
      { message: 'second', timestamp: '2025-01-15T11:00:00Z', severity: 17 },
    ];
    const inputs = { json: Buffer.from(JSON.stringify(records)), ndjson: Buffer.from(records.map((r) => JSON.stringify(r)).join('\n')) };
    for (const kind of ['json', 'ndjson'] as const) {
      const decode = (input: Buffer) => decodeVigilLogs(input, kind, limits, now);
      expect(decode(inputs[kind]).records).toHaveLength(2);
      survive(randoms(11, 200), decode, checkLogBatch);
      survive(prefixes(inputs[kind]), decode, checkLogBatch);
      survive(flips(12, inputs[kind]), decode, checkLogBatch);
    }
  });
});
