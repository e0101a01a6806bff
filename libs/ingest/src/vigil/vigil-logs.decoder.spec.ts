import { describe, expect, it } from 'vitest';
import { DEFAULT_INGEST_LIMITS } from '../ingest-limits';
import { decodeVigilLogs } from './vigil-logs.decoder';

const now = Date.UTC(2025, 0, 15, 12);

describe('decodeVigilLogs', () => {
  it('decodes one record with every field', () => {
    const body = JSON.stringify({
      timestamp: '2025-01-15T11:59:00.250Z',
      severity: 'warn',
      service: 'billing',
      message: 'slow query',
      attributes: { ms: 812, cached: false, table: 'invoices' },
      trace_id: '5B8EFFF798038103D269B633813FC60C',
      span_id: 'eee19b7ec3c1b174',
    });
    expect(decodeVigilLogs(body, 'json', DEFAULT_INGEST_LIMITS, now)).toEqual({
      records: [
        {
          timestampMs: now - 59_750,
          observedTimestampMs: now,
          severityNumber: 13,
          severityText: 'WARN',
          service: 'billing',
          body: 'slow query',
          attributes: { ms: '812', cached: 'false', table: 'invoices' },
          resource: {},
          traceId: '5b8efff798038103d269b633813fc60c',
          spanId: 'eee19b7ec3c1b174',
        },
      ],
      rejected: { count: 0, reasons: [] },
    });
  });

  it('decodes arrays and NDJSON, defaulting time to now and severity to unspecified', () => {
    const array = decodeVigilLogs(JSON.stringify([{ message: 'a', timestamp: now - 1 }, { message: 'b', severity: 21 }]), 'json', DEFAULT_INGEST_LIMITS, now);
    expect(array.records.map((r) => [r.body, r.timestampMs, r.severityText])).toEqual([
      ['a', now - 1, 'UNSPECIFIED'],
      ['b', now, 'FATAL'],
    ]);
    const lines = decodeVigilLogs('{"message":"x"}\n\n{"message":"y","severity":"ERROR"}\r\n', 'ndjson', DEFAULT_INGEST_LIMITS, now);
    expect(lines.records.map((r) => [r.body, r.severityNumber])).toEqual([
      ['x', 0],
      ['y', 17],
    ]);
  });

  it('names the line, index and field of a bad record', () => {
    expect(() => decodeVigilLogs('{"message":"x"}\n{"message":"y","level":"info"}', 'ndjson', DEFAULT_INGEST_LIMITS, now)).toThrow(
      'vigil logs: line 2: unknown field "level"',
    );
    expect(() => decodeVigilLogs('[{"message":"x"},{"msg":"y"}]', 'json', DEFAULT_INGEST_LIMITS, now)).toThrow(/^vigil logs: record 1: /);
    expect(() => decodeVigilLogs('[{"message":"x","trace_id":"abc"}]', 'json', DEFAULT_INGEST_LIMITS, now)).toThrow(
      'vigil logs: record 0: trace_id: must be 32 hex characters',
    );
    expect(() => decodeVigilLogs('{"message":"x"}\n{oops', 'ndjson', DEFAULT_INGEST_LIMITS, now)).toThrow(/^vigil logs: line 2: invalid JSON/);
    expect(() => decodeVigilLogs('{"message":1}', 'json', DEFAULT_INGEST_LIMITS, now)).toThrow(/^vigil logs: record: message: /);
  });

  it('refuses records over the limits', () => {
    const batch = decodeVigilLogs(
      JSON.stringify([{ message: 'ü'.repeat(6) }, { message: 'ok', timestamp: now + 3_600_000 }, { message: 'fine' }]),
      'json',
      { ...DEFAULT_INGEST_LIMITS, logBodyBytes: 10 },
      now,
    );
    expect(batch.records.map((r) => r.body)).toEqual(['fine']);
    expect(batch.rejected.reasons).toEqual([
      'log body longer than 10 bytes (limit log_body_bytes) at record 0',
      'timestamp more than 10 minutes ahead (limit max_future) at record 1',
    ]);
  });
});
