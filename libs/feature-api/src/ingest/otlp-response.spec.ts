import { describe, expect, it } from 'vitest';
import { encodeExportResponseProtobuf, exportResponseJson } from './otlp-response';

describe('OTLP export responses', () => {
  it('is empty when everything was accepted', () => {
    expect(encodeExportResponseProtobuf(undefined)).toHaveLength(0);
    expect(encodeExportResponseProtobuf({ rejected: 0, message: '' })).toHaveLength(0);
    expect(exportResponseJson('metrics', undefined)).toEqual({});
  });

  it('encodes partial_success with the rejected count and the message', () => {
    const bytes = encodeExportResponseProtobuf({ rejected: 300, message: 'too old' });
    // field 1, LEN 12: [field 1 varint 300 = ac 02] [field 2 LEN 7 "too old"]
    expect([...bytes]).toEqual([0x0a, 12, 0x08, 0xac, 0x02, 0x12, 7, ...Buffer.from('too old')]);
    expect(exportResponseJson('logs', { rejected: 3, message: 'x' })).toEqual({ partialSuccess: { rejectedLogRecords: '3', errorMessage: 'x' } });
  });
});
