/**
 * OTLP/HTTP export responses. Export{Metrics,Logs}ServiceResponse has one field,
 * `partial_success` (1), holding `rejected_data_points` / `rejected_log_records` (1, int64)
 * and `error_message` (2, string). Three fields do not justify loading a protobuf schema, so
 * the bytes are written here; an empty response is zero bytes.
 */
function varint(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  while (rest > 0x7f) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return bytes;
}

function lengthDelimited(field: number, payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from([(field << 3) | 2, ...varint(payload.length)]), payload]);
}

export interface PartialSuccess {
  rejected: number;
  message: string;
}

export function encodeExportResponseProtobuf(partial: PartialSuccess | undefined): Buffer {
  if (!partial || partial.rejected === 0) return Buffer.alloc(0);
  const inner = Buffer.concat([Buffer.from([(1 << 3) | 0, ...varint(partial.rejected)]), lengthDelimited(2, Buffer.from(partial.message, 'utf8'))]);
  return lengthDelimited(1, inner);
}

export function exportResponseJson(kind: 'metrics' | 'logs', partial: PartialSuccess | undefined): Record<string, unknown> {
  if (!partial || partial.rejected === 0) return {};
  const field = kind === 'metrics' ? 'rejectedDataPoints' : 'rejectedLogRecords';
  // OTLP/JSON writes int64 as a decimal string.
  return { partialSuccess: { [field]: String(partial.rejected), errorMessage: partial.message } };
}
