import { describe, expect, it } from 'vitest';
import { DEFAULT_INGEST_LIMITS } from '../ingest-limits';
import { decodeErrorOf } from '../testing/decode-error.testing';
import { encodeOtlpLogs } from '../testing/otlp-encoder.testing';
import { decodeOtlpLogs } from './otlp-logs.decoder';

const nowMs = Date.UTC(2025, 0, 15, 12);
const traceId = '5B8EFFF798038103D269B633813FC60C';
const spanId = 'EEE19B7EC3C1B174';

function request(logRecords: Record<string, unknown>[]) {
  return {
    resourceLogs: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'checkout' } }, { key: 'host.name', value: { stringValue: 'h1' } }] },
        scopeLogs: [{ scope: { name: 'app' }, logRecords }],
      },
    ],
  };
}

describe.each(['protobuf', 'json'] as const)('decodeOtlpLogs (%s)', (format) => {
  const decode = (logRecords: Record<string, unknown>[], limits = DEFAULT_INGEST_LIMITS) =>
    decodeOtlpLogs(encodeOtlpLogs(request(logRecords), format), format, limits, nowMs);

  it('maps a record: severity, body, attributes, resource, ids, timestamps', () => {
    const batch = decode([
      {
        timeUnixNano: `${nowMs - 5}123456`,
        observedTimeUnixNano: `${nowMs - 1}000000`,
        severityNumber: 17,
        severityText: 'Error',
        body: { stringValue: 'payment failed' },
        attributes: [
          { key: 'http.status_code', value: { intValue: '502' } },
          { key: 'retry', value: { boolValue: false } },
          { key: 'tags', value: { arrayValue: { values: [{ stringValue: 'a' }, { doubleValue: 1.5 }] } } },
        ],
        traceId,
        spanId,
      },
    ]);
    expect(batch.records).toEqual([
      {
        timestampMs: nowMs - 5,
        observedTimestampMs: nowMs - 1,
        severityNumber: 17,
        severityText: 'ERROR',
        service: 'checkout',
        body: 'payment failed',
        attributes: { 'http.status_code': '502', retry: 'false', tags: '["a",1.5]' },
        resource: { 'service.name': 'checkout', 'host.name': 'h1' },
        traceId: traceId.toLowerCase(),
        spanId: spanId.toLowerCase(),
      },
    ]);
  });

  it('JSON-encodes structured bodies and falls back to observed time, then now', () => {
    const batch = decode([
      { observedTimeUnixNano: `${nowMs - 7}000000`, body: { kvlistValue: { values: [{ key: 'user', value: { intValue: '9' } }] } } },
      { severityText: 'warning', body: { intValue: '12' } },
      { severityNumber: 3 },
    ]);
    expect(batch.records.map((r) => [r.timestampMs, r.observedTimestampMs, r.severityNumber, r.severityText, r.body, r.traceId])).toEqual([
      [nowMs - 7, nowMs - 7, 0, 'UNSPECIFIED', '{"user":9}', ''],
      [nowMs, nowMs, 13, 'WARN', '12', ''],
      [nowMs, nowMs, 3, 'TRACE', '', ''],
    ]);
  });

  it('refuses records over the limits, naming the limit and the record', () => {
    const batch = decode(
      [
        { body: { stringValue: 'x'.repeat(11) } },
        { body: { stringValue: 'ok' }, attributes: [1, 2, 3].map((i) => ({ key: `k${i}`, value: { intValue: String(i) } })) },
        { timeUnixNano: `${nowMs - 8 * 86_400_000}000000`, body: { stringValue: 'old' } },
        { body: { stringValue: 'fine' } },
      ],
      { ...DEFAULT_INGEST_LIMITS, logBodyBytes: 10, logAttributes: 2 },
    );
    expect(batch.records.map((r) => r.body)).toEqual(['fine']);
    expect(batch.rejected).toEqual({
      count: 3,
      reasons: [
        'log body longer than 10 bytes (limit log_body_bytes) at resourceLogs[0].scopeLogs[0].logRecords[0]',
        'log record with more than 2 attributes (limit log_attributes) at resourceLogs[0].scopeLogs[0].logRecords[1]',
        'timestamp older than 7 days (limit max_age) at resourceLogs[0].scopeLogs[0].logRecords[2]',
      ],
      byReason: { log_body_bytes: 1, log_attributes: 1, max_age: 1 },
    });
  });
});

describe('decodeOtlpLogs errors', () => {
  it('names a bad hex id in OTLP/JSON, and its place for errors[]', () => {
    const body = Buffer.from(JSON.stringify(request([{ traceId: 'zz' }])));
    const error = decodeErrorOf(() => decodeOtlpLogs(body, 'json', DEFAULT_INGEST_LIMITS, nowMs));
    expect(error.message).toBe('otlp logs: resourceLogs[0].scopeLogs[0].logRecords[0].traceId: must be 32 hex characters');
    expect(error.places).toEqual([
      { path: 'resourceLogs[0].scopeLogs[0].logRecords[0].traceId', message: 'must be 32 hex characters' },
    ]);
  });

  it('names an id of the wrong length in protobuf, and its place for errors[]', () => {
    const body = encodeOtlpLogs(request([{ body: { stringValue: 'hello' } }, { body: { stringValue: 'short' }, spanId: '010101' }]), 'protobuf');
    const error = decodeErrorOf(() => decodeOtlpLogs(body, 'protobuf', DEFAULT_INGEST_LIMITS, nowMs));
    expect(error.message).toMatch(/^otlp logs: resourceLogs\[0\]\.scopeLogs\[0\]\.logRecords\[1\]\.spanId: must be 8 bytes, got 3$/);
    expect(error.places).toEqual([{ path: 'resourceLogs[0].scopeLogs[0].logRecords[1].spanId', message: 'must be 8 bytes, got 3' }]);
  });

  it('refuses truncated protobuf', () => {
    const body = encodeOtlpLogs(request([{ body: { stringValue: 'hello' }, traceId, spanId }]), 'protobuf');
    expect(() => decodeOtlpLogs(body.subarray(0, body.length - 3), 'protobuf', DEFAULT_INGEST_LIMITS, nowMs)).toThrow(/^otlp logs: invalid protobuf: /);
  });
});
