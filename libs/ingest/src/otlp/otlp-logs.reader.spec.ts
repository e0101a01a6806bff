import { describe, expect, it } from 'vitest';
import { encodeOtlpLogs } from '../testing/otlp-encoder.testing';
import { seededRandom } from '@vigil/testing';
import { lengthDelimited } from '../testing/wire.testing';
import { WireError } from '../remote-write/wire-reader';
import type { AnyValue } from './otlp-messages';
import { readExportLogsServiceRequest } from './otlp-logs.reader';
import { otlpType } from './otlp-proto';
import { anyValueToString, nanosToMillis } from './otlp-values';

// The hand-written reader must read what protobufjs' generated decoder reads: each case is
// encoded by protobufjs and decoded by both, and what the log mapping uses is compared.

const protobufjsDecoder = otlpType('logs.v1.ExportLogsServiceRequest');

const richRequest = {
  resourceLogs: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'checkout' } }, { key: 'pid', value: { intValue: '-42' } }] },
      scopeLogs: [
        {
          scope: { name: 'app', version: '1.2', attributes: [{ key: 'scope.attr', value: { boolValue: true } }] },
          logRecords: [
            {
              timeUnixNano: '1736942399995123456',
              observedTimeUnixNano: '1736942399999000000',
              severityNumber: 17,
              severityText: 'Error',
              body: { kvlistValue: { values: [{ key: 'nested', value: { arrayValue: { values: [{ stringValue: 'ä€😀' }, { doubleValue: -1.5e-300 }, { bytesValue: Buffer.from([0, 255]) }] } } }] } },
              attributes: [
                { key: 'big', value: { intValue: '9007199254740993' } },
                { key: 'min', value: { intValue: '-9223372036854775808' } },
                { key: 'max', value: { intValue: '9223372036854775807' } },
                { key: 'empty', value: {} },
                { key: '', value: { stringValue: 'no key' } },
              ],
              traceId: '5b8efff798038103d269b633813fc60c',
              spanId: 'eee19b7ec3c1b174',
              flags: 1,
            },
            { body: { stringValue: '' }, severityNumber: -3 },
            {},
          ],
        },
      ],
    },
    { scopeLogs: [] },
  ],
};

/**
 * What decodeOtlpLogs reads from a request, in comparable form: protobufjs gives `body` and
 * `attributes` messages, the hand-written reader their text (`bodyText`, `attributeText`).
 */
function essentials(request: ReturnType<typeof readExportLogsServiceRequest>): unknown {
  const attributes = (values: readonly { key?: string | null; value?: AnyValue | null }[] | null | undefined) =>
    (values ?? []).map((attribute) => [attribute.key ?? '', anyValueToString(attribute.value)]);
  return (request.resourceLogs ?? []).map((resourceLogs) => ({
    resource: attributes(resourceLogs.resource?.attributes),
    scopes: (resourceLogs.scopeLogs ?? []).map((scopeLogs) =>
      (scopeLogs.logRecords ?? []).map((log) => ({
        time: log.timeUnixMs ?? nanosToMillis(log.timeUnixNano),
        observed: log.observedTimeUnixMs ?? nanosToMillis(log.observedTimeUnixNano),
        severityNumber: log.severityNumber ?? 0,
        severityText: log.severityText ?? '',
        body: log.bodyText ?? anyValueToString(log.body),
        attributes: log.attributeText ?? Object.fromEntries(attributes(log.attributes)),
        attributeCount: log.attributeCount ?? log.attributes?.length ?? 0,
        traceId: Buffer.from(log.traceId ?? []).toString('hex'),
        spanId: Buffer.from(log.spanId ?? []).toString('hex'),
      })),
    ),
  }));
}

describe('readExportLogsServiceRequest', () => {
  it('reads what protobufjs reads: nested values, 64-bit integers, bytes, unicode, empty records', () => {
    const body = encodeOtlpLogs(richRequest, 'protobuf');
    const ours = essentials(readExportLogsServiceRequest(body));
    expect(ours).toEqual(essentials(protobufjsDecoder.decode(body) as ReturnType<typeof readExportLogsServiceRequest>));
    const [first] = (ours as { scopes: { attributes: Record<string, string>; attributeCount: number; time: number; severityNumber: number }[][] }[])[0]?.scopes[0] ?? [];
    expect(first?.time).toBe(1736942399995);
    expect(first?.attributes).toMatchObject({ min: '-9223372036854775808', big: '9007199254740993', empty: '', '': 'no key' });
    expect(first?.attributeCount).toBe(5);
  });

  it('reads a body or attribute value that starts as a string and ends as another kind as its last field, as protobufjs does', () => {
    // AnyValue { string_value: "a", int_value: 5 }: the oneof's last field wins, so the text is "5".
    const value = Buffer.from([0x0a, 0x01, 0x61, 0x18, 0x05]);
    const attribute = Buffer.concat([lengthDelimited(1, Buffer.from('k')), lengthDelimited(2, value)]);
    const record = Buffer.concat([lengthDelimited(5, value), lengthDelimited(6, attribute), lengthDelimited(6, Buffer.concat([lengthDelimited(1, Buffer.from('k')), lengthDelimited(2, Buffer.from([0x0a, 0x01, 0x62]))]))]);
    const body = lengthDelimited(1, lengthDelimited(2, lengthDelimited(2, record)));
    const ours = essentials(readExportLogsServiceRequest(body));
    expect(ours).toEqual(essentials(protobufjsDecoder.decode(body) as ReturnType<typeof readExportLogsServiceRequest>));
    // The second attribute of the same key wins; both count against the attribute limit.
    expect(ours).toEqual([{ resource: [], scopes: [[expect.objectContaining({ body: '5', attributes: { k: 'b' }, attributeCount: 2 })]] }]);
  });

  it('reads keys repeated record after record (reused strings) as protobufjs does, also when they change place or length', () => {
    const keys = ['http.route', 'http.method', 'ä€😀', 'http.rout', 'http.routf', ''];
    const random = seededRandom(3);
    const logRecords = Array.from({ length: 200 }, () => ({
      attributes: Array.from({ length: Math.floor(random() * 5) }, () => ({ key: keys[Math.floor(random() * (random() < 0.7 ? 2 : keys.length))] as string, value: { stringValue: String(Math.floor(random() * 3)) } })),
    }));
    const body = encodeOtlpLogs({ resourceLogs: [{ scopeLogs: [{ logRecords }] }] }, 'protobuf');
    const ours = essentials(readExportLogsServiceRequest(body));
    expect(ours).toEqual(essentials(protobufjsDecoder.decode(body) as ReturnType<typeof readExportLogsServiceRequest>));
    // A key of invalid UTF-8 after the same position held a valid one is still refused.
    const bad = encodeOtlpLogs({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ attributes: [{ key: 'okay', value: {} }] }, { attributes: [{ key: 'okey', value: {} }] }] }] }] }, 'protobuf');
    bad[bad.lastIndexOf('okey') + 1] = 0xff;
    expect(() => readExportLogsServiceRequest(bad)).toThrow(new WireError('key: invalid UTF-8'));
  });

  it('keeps a negative enum as protobufjs does (int32)', () => {
    const body = encodeOtlpLogs(richRequest, 'protobuf');
    expect(readExportLogsServiceRequest(body).resourceLogs?.[0]?.scopeLogs?.[0]?.logRecords?.[1]?.severityNumber).toBe(-3);
  });

  it('skips unknown fields and reads an empty body as no records', () => {
    // Field 15 (varint 7) and field 16 (length-delimited "ab") before a resource_logs entry.
    const known = encodeOtlpLogs({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ severityText: 'INFO' }] }] }] }, 'protobuf');
    const body = Buffer.concat([Buffer.from([0x78, 0x07, 0x82, 0x01, 0x02, 0x61, 0x62]), known]);
    expect(readExportLogsServiceRequest(body).resourceLogs?.[0]?.scopeLogs?.[0]?.logRecords?.[0]?.severityText).toBe('INFO');
    expect(readExportLogsServiceRequest(Buffer.alloc(0)).resourceLogs).toEqual([]);
  });

  it('refuses invalid UTF-8 in a string, as protobufjs does', () => {
    const body = encodeOtlpLogs({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: { stringValue: 'okay' } }] }] }] }, 'protobuf');
    const at = body.indexOf('okay');
    body[at + 1] = 0xff;
    expect(() => readExportLogsServiceRequest(body)).toThrow(new WireError('string_value: invalid UTF-8'));
    expect(() => protobufjsDecoder.decode(body)).toThrow();
  });

  it('refuses a known field with the wrong wire type and values nested past the recursion limit', () => {
    // resource_logs (field 1) as a varint.
    expect(() => readExportLogsServiceRequest(Buffer.from([0x08, 0x01]))).toThrow('resource_logs: wire type 0, expected 2');
    // By hand: protobufjs' own encoder stops at its depth limit. AnyValue.array_value = 5,
    // ArrayValue.values = 1; LogRecord.body = 5, ScopeLogs.log_records = 2, ResourceLogs.scope_logs = 2.
    let value = lengthDelimited(1, Buffer.from('deep'));
    for (let depth = 0; depth < 120; depth++) value = lengthDelimited(5, lengthDelimited(1, value));
    const body = lengthDelimited(1, lengthDelimited(2, lengthDelimited(2, lengthDelimited(5, value))));
    expect(() => readExportLogsServiceRequest(body)).toThrow(/nested deeper than 100/);
  });
});
