import { describe, expect, it } from 'vitest';
import { DEFAULT_INGEST_LIMITS } from '../ingest-limits';
import { IngestDecodeError } from '../ingest.errors';
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
    expect(decodeVigilLogs(Buffer.from(body), 'json', DEFAULT_INGEST_LIMITS, now)).toEqual({
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
    const array = decodeVigilLogs(Buffer.from(JSON.stringify([{ message: 'a', timestamp: now - 1 }, { message: 'b', severity: 21 }])), 'json', DEFAULT_INGEST_LIMITS, now);
    expect(array.records.map((r) => [r.body, r.timestampMs, r.severityText])).toEqual([
      ['a', now - 1, 'UNSPECIFIED'],
      ['b', now, 'FATAL'],
    ]);
    const lines = decodeVigilLogs(Buffer.from('{"message":"x"}\n\n{"message":"y","severity":"ERROR"}\r\n'), 'ndjson', DEFAULT_INGEST_LIMITS, now);
    expect(lines.records.map((r) => [r.body, r.severityNumber])).toEqual([
      ['x', 0],
      ['y', 17],
    ]);
  });

  it('names the line, index and field of a bad record, in the message and as places', () => {
    const refusal = (body: string, kind: 'json' | 'ndjson') => {
      try {
        decodeVigilLogs(Buffer.from(body), kind, DEFAULT_INGEST_LIMITS, now);
      } catch (error) {
        if (error instanceof IngestDecodeError) return { message: error.message, places: error.places };
        throw error;
      }
      throw new Error('decoded without an error');
    };
    expect(refusal('{"message":"x"}\n{"message":"y","level":"info","colour":1}', 'ndjson')).toEqual({
      message: 'vigil logs: line 2: level: unknown field "level"',
      places: [
        { path: 'line 2: level', message: 'unknown field "level"' },
        { path: 'line 2: colour', message: 'unknown field "colour"' },
      ],
    });
    expect(refusal('[{"message":"x"},{"msg":"y"}]', 'json').places).toEqual([
      { path: 'record 1: message', message: expect.stringMatching(/expected string/) as unknown },
      { path: 'record 1: msg', message: 'unknown field "msg"' },
    ]);
    expect(refusal('[{"message":"x","trace_id":"abc"}]', 'json')).toEqual({
      message: 'vigil logs: record 0: trace_id: must be 32 hex characters',
      places: [{ path: 'record 0: trace_id', message: 'must be 32 hex characters' }],
    });
    expect(refusal('{"message":"x","attributes":{"ok":1,"x":[1]}}\n', 'ndjson').places).toEqual([{ path: 'line 1: attributes.x', message: expect.stringMatching(/^Invalid input/) as unknown }]);
    const badJson = refusal('{"message":"x"}\n{oops', 'ndjson');
    expect(badJson.message).toMatch(/^vigil logs: line 2: invalid JSON/);
    expect(badJson.places).toEqual([{ path: 'line 2', message: expect.stringMatching(/^invalid JSON: /) as unknown }]);
    expect(refusal('[{"message":"x"}', 'json').places).toEqual([{ path: 'body', message: expect.stringMatching(/^invalid JSON: /) as unknown }]);
    expect(refusal('{"message":1}', 'json').message).toMatch(/^vigil logs: record: message: /);
  });

  it('refuses a body that is not valid UTF-8, naming the line or record, the field and the byte', () => {
    const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : Buffer.from(part))));
    expect(() => decodeVigilLogs(bytes('{"message":"ok"}\n\n{"message":"caf', [0xe9], '"}\n'), 'ndjson', DEFAULT_INGEST_LIMITS, now)).toThrow(
      new IngestDecodeError('MALFORMED', 'vigil logs: line 3: message: not valid UTF-8 (byte offset 33)', [{ path: 'line 3: message', message: 'not valid UTF-8 (byte offset 33)' }]),
    );
    expect(() => decodeVigilLogs(bytes('[{"message":"ok"},\n {"message":"x","attributes":{"region":"eu', [0xc3, 0x28], '"}}]'), 'json', DEFAULT_INGEST_LIMITS, now)).toThrow(
      new IngestDecodeError('MALFORMED', 'vigil logs: record 1: attributes.region: not valid UTF-8 (byte offset 61, line 2)', [
        { path: 'record 1: attributes.region', message: 'not valid UTF-8 (byte offset 61, line 2)' },
      ]),
    );
    expect(() => decodeVigilLogs(bytes('{"message":"x","attributes":{"k', [0xff], '":1}}'), 'json', DEFAULT_INGEST_LIMITS, now)).toThrow(
      'vigil logs: record: attributes (a key): not valid UTF-8 (byte offset 31, line 1)',
    );
    // A surrogate encoded in UTF-8 (CESU-8) is not UTF-8 either.
    expect(() => decodeVigilLogs(bytes('{"message":"', [0xed, 0xa0, 0x80], '"}'), 'ndjson', DEFAULT_INGEST_LIMITS, now)).toThrow(/^vigil logs: line 1: message: not valid UTF-8/);
  });

  it('refuses records over the limits', () => {
    const batch = decodeVigilLogs(
      Buffer.from(JSON.stringify([{ message: 'ü'.repeat(6) }, { message: 'ok', timestamp: now + 3_600_000 }, { message: 'fine' }])),
      'json',
      { ...DEFAULT_INGEST_LIMITS, logBodyBytes: 10 },
      now,
    );
    expect(batch.records.map((r) => r.body)).toEqual(['fine']);
    expect(batch.rejected.reasons).toEqual([
      'log body longer than 10 bytes (limit log_body_bytes) at record 0',
      'timestamp more than 10 minutes ahead (limit max_future) at record 1',
    ]);
    expect(batch.rejected.places).toEqual([
      { path: 'record 0: message', message: 'log body longer than 10 bytes (limit log_body_bytes)' },
      { path: 'record 1: timestamp', message: 'timestamp more than 10 minutes ahead (limit max_future)' },
    ]);
  });
});
