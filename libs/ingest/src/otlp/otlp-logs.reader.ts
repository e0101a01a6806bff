import * as protobuf from 'protobufjs';
import { fieldNumber, WIRE_FIXED64, WIRE_LEN, WIRE_VARINT, WireError, WireReader } from '../remote-write/wire-reader';
import type { AnyValue, ExportLogsServiceRequest, InstrumentationScope, KeyValue, LogRecordMessage, LongLike, Resource } from './otlp-messages';

/*
 * ExportLogsServiceRequest read straight off the wire into the plain shapes protobufjs' decoder
 * gives (otlp-messages.ts), so the mapping in otlp-logs.decoder.ts serves both. Hand-written
 * because protobufjs' decoder spent a third of the logs path's decoding time in its oneof
 * setter (it `delete`s the sibling fields of every AnyValue, i.e. of every body and attribute
 * value, which also turns those objects into slow dictionaries) and in message constructors.
 * Same rules as protobufjs: unknown fields skipped, strings strictly UTF-8, 64-bit integers as
 * Long, the last of a repeated singular field wins. Field numbers: opentelemetry-proto
 * `logs/v1/logs.proto`, `common/v1/common.proto` (see proto/*.proto.ts).
 */

/** protobuf's default recursion limit, for AnyValue arrays and kvlists nested in each other. */
const MAX_DEPTH = 100;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const Long = protobuf.util.Long as unknown as { fromBits(low: number, high: number, unsigned: boolean): LongLike };

export function readExportLogsServiceRequest(body: Buffer): ExportLogsServiceRequest {
  const reader = new LogsWireReader(body);
  const resourceLogs: NonNullable<ExportLogsServiceRequest['resourceLogs']> = [];
  const end = body.length;
  while (reader.pos < end) {
    const tag = reader.uint32(end);
    if (fieldNumber(tag) === 1) resourceLogs.push(reader.resourceLogs(reader.message(tag, 'resource_logs', end)));
    else reader.skip(tag & 7, end);
  }
  return { resourceLogs };
}

type ResourceLogs = NonNullable<ExportLogsServiceRequest['resourceLogs']>[number];
type ScopeLogs = NonNullable<ResourceLogs['scopeLogs']>[number];

class LogsWireReader extends WireReader {
  /** The end of a length-delimited field, after checking the tag says length-delimited. */
  message(tag: number, field: string, end: number): number {
    if ((tag & 7) !== WIRE_LEN) throw new WireError(`${field}: wire type ${tag & 7}, expected ${WIRE_LEN}`);
    return this.lengthDelimited(end);
  }

  private expectWireType(tag: number, wireType: number, field: string): void {
    if ((tag & 7) !== wireType) throw new WireError(`${field}: wire type ${tag & 7}, expected ${wireType}`);
  }

  resourceLogs(end: number): ResourceLogs {
    let resource: Resource | null = null;
    const scopeLogs: ScopeLogs[] = [];
    while (this.pos < end) {
      const tag = this.uint32(end);
      const field = fieldNumber(tag);
      if (field === 1) resource = this.resource(this.message(tag, 'resource', end));
      else if (field === 2) scopeLogs.push(this.scopeLogs(this.message(tag, 'scope_logs', end)));
      else this.skip(tag & 7, end);
    }
    return { resource, scopeLogs };
  }

  private resource(end: number): Resource {
    const attributes: KeyValue[] = [];
    while (this.pos < end) {
      const tag = this.uint32(end);
      if (fieldNumber(tag) === 1) this.keyValues(this.message(tag, 'resource.attributes', end), 0, attributes);
      else this.skip(tag & 7, end);
    }
    return { attributes };
  }

  private scopeLogs(end: number): ScopeLogs {
    let scope: InstrumentationScope | null = null;
    const logRecords: LogRecordMessage[] = [];
    while (this.pos < end) {
      const tag = this.uint32(end);
      const field = fieldNumber(tag);
      if (field === 1) scope = this.scope(this.message(tag, 'scope', end));
      else if (field === 2) logRecords.push(this.logRecord(this.message(tag, 'log_records', end)));
      else this.skip(tag & 7, end);
    }
    return { scope, logRecords };
  }

  private scope(end: number): InstrumentationScope {
    const scope: InstrumentationScope = { name: '', version: '', attributes: [] };
    while (this.pos < end) {
      const tag = this.uint32(end);
      const field = fieldNumber(tag);
      if (field === 1) scope.name = this.string(tag, 'scope.name', end);
      else if (field === 2) scope.version = this.string(tag, 'scope.version', end);
      else if (field === 3) this.keyValues(this.message(tag, 'scope.attributes', end), 0, scope.attributes as KeyValue[]);
      else this.skip(tag & 7, end);
    }
    return scope;
  }

  private logRecord(end: number): LogRecordMessage {
    const record: LogRecordMessage = { timeUnixNano: 0, observedTimeUnixNano: 0, severityNumber: 0, severityText: '', body: null, attributes: [], traceId: null, spanId: null };
    while (this.pos < end) {
      const tag = this.uint32(end);
      switch (fieldNumber(tag)) {
        case 1:
          record.timeUnixNano = this.fixed64(tag, 'time_unix_nano', end);
          break;
        case 11:
          record.observedTimeUnixNano = this.fixed64(tag, 'observed_time_unix_nano', end);
          break;
        case 2:
          this.expectWireType(tag, WIRE_VARINT, 'severity_number');
          // An enum is an int32: negative values arrive sign-extended to 64 bits; the low half is it.
          record.severityNumber = this.varint64(end, false).low;
          break;
        case 3:
          record.severityText = this.string(tag, 'severity_text', end);
          break;
        case 5:
          record.body = this.anyValue(this.message(tag, 'body', end), 0);
          break;
        case 6:
          this.keyValues(this.message(tag, 'attributes', end), 0, record.attributes as KeyValue[]);
          break;
        case 9:
          record.traceId = this.bytes(tag, 'trace_id', end);
          break;
        case 10:
          record.spanId = this.bytes(tag, 'span_id', end);
          break;
        default:
          this.skip(tag & 7, end);
      }
    }
    return record;
  }

  /** One KeyValue message (ending at `end`), appended to `into`. */
  private keyValues(end: number, depth: number, into: KeyValue[]): KeyValue[] {
    let key = '';
    let value: AnyValue | null = null;
    while (this.pos < end) {
      const tag = this.uint32(end);
      const field = fieldNumber(tag);
      if (field === 1) key = this.string(tag, 'key', end);
      else if (field === 2) value = this.anyValue(this.message(tag, 'value', end), depth + 1);
      else this.skip(tag & 7, end);
    }
    into.push({ key, value });
    return into;
  }

  private anyValue(end: number, depth: number): AnyValue {
    if (depth > MAX_DEPTH) throw new WireError(`values nested deeper than ${MAX_DEPTH}`);
    let value: AnyValue = {};
    while (this.pos < end) {
      const tag = this.uint32(end);
      switch (fieldNumber(tag)) {
        case 1:
          value = { value: 'stringValue', stringValue: this.string(tag, 'string_value', end) };
          break;
        case 2:
          this.expectWireType(tag, WIRE_VARINT, 'bool_value');
          value = { value: 'boolValue', boolValue: this.int64(end) !== 0 };
          break;
        case 3:
          this.expectWireType(tag, WIRE_VARINT, 'int_value');
          value = { value: 'intValue', intValue: this.varint64(end, false) };
          break;
        case 4:
          this.expectWireType(tag, WIRE_FIXED64, 'double_value');
          value = { value: 'doubleValue', doubleValue: this.double(end) };
          break;
        case 5:
          value = { value: 'arrayValue', arrayValue: { values: this.anyValues(this.message(tag, 'array_value', end), depth + 1) } };
          break;
        case 6:
          value = { value: 'kvlistValue', kvlistValue: { values: this.keyValueList(this.message(tag, 'kvlist_value', end), depth + 1) } };
          break;
        case 7:
          value = { value: 'bytesValue', bytesValue: this.bytes(tag, 'bytes_value', end) };
          break;
        default:
          this.skip(tag & 7, end);
      }
    }
    return value;
  }

  /** ArrayValue: repeated AnyValue values = 1. */
  private anyValues(end: number, depth: number): AnyValue[] {
    const values: AnyValue[] = [];
    while (this.pos < end) {
      const tag = this.uint32(end);
      if (fieldNumber(tag) === 1) values.push(this.anyValue(this.message(tag, 'array_value.values', end), depth + 1));
      else this.skip(tag & 7, end);
    }
    return values;
  }

  /** KeyValueList: repeated KeyValue values = 1. */
  private keyValueList(end: number, depth: number): KeyValue[] {
    const values: KeyValue[] = [];
    while (this.pos < end) {
      const tag = this.uint32(end);
      if (fieldNumber(tag) === 1) this.keyValues(this.message(tag, 'kvlist_value.values', end), depth + 1, values);
      else this.skip(tag & 7, end);
    }
    return values;
  }

  private string(tag: number, field: string, end: number): string {
    const stop = this.message(tag, field, end);
    const buf = this.buf;
    const start = this.pos;
    this.pos = stop;
    // Mostly ASCII (keys, service names, log lines): a byte scan and latin1Slice beat TextDecoder.
    for (let index = start; index < stop; index++) {
      if ((buf[index] as number) >= 0x80) {
        try {
          return strictUtf8.decode(buf.subarray(start, stop));
        } catch {
          throw new WireError(`${field}: invalid UTF-8`);
        }
      }
    }
    return buf.toString('latin1', start, stop);
  }

  private bytes(tag: number, field: string, end: number): Uint8Array {
    const stop = this.message(tag, field, end);
    const bytes = this.buf.subarray(this.pos, stop);
    this.pos = stop;
    return bytes;
  }

  private fixed64(tag: number, field: string, end: number): LongLike {
    this.expectWireType(tag, WIRE_FIXED64, field);
    if (this.pos + 8 > end) throw new WireError(`${field}: truncated fixed64`);
    const low = this.buf.readUInt32LE(this.pos);
    const high = this.buf.readUInt32LE(this.pos + 4);
    this.pos += 8;
    return Long.fromBits(low | 0, high | 0, true);
  }

  /** A varint as a Long of its 64 bits, exact (int_value attributes may exceed 2^53). */
  private varint64(end: number, unsigned: boolean): LongLike {
    const buf = this.buf;
    let low = 0;
    let high = 0;
    for (let index = 0; index < 10; index++) {
      if (this.pos >= end) throw new WireError('truncated varint');
      const byte = buf[this.pos++] as number;
      const bits = byte & 0x7f;
      const shift = index * 7;
      if (shift < 28) low |= bits << shift;
      else if (shift === 28) {
        low |= (bits & 0x0f) << 28;
        high |= bits >>> 4;
      } else high |= bits << (shift - 32);
      if (byte < 0x80) return Long.fromBits(low | 0, high | 0, unsigned);
    }
    throw new WireError('varint longer than 10 bytes');
  }
}
