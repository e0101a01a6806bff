import { setKey } from '../log-record.limits';
import { fieldNumber } from '../remote-write/wire-reader';
import type { ExportLogsServiceRequest, InstrumentationScope, LogRecordMessage, Resource } from './otlp-messages';
import { OtlpWireReader } from './otlp-wire-reader';

/*
 * ExportLogsServiceRequest read straight off the wire into the plain shapes protobufjs' decoder
 * gives (otlp-messages.ts), so the mapping in otlp-logs.decoder.ts serves both. Hand-written
 * because protobufjs' decoder spent a third of the logs path's decoding time in its oneof
 * setter (it `delete`s the sibling fields of every AnyValue, i.e. of every body and attribute
 * value, which also turns those objects into slow dictionaries) and in message constructors.
 * Body and attributes come as text (`bodyText`, `attributeText`), what the mapping makes of them
 * anyway, without a KeyValue or AnyValue object each (allocation was most of a record's decode).
 * The messages every OTLP signal shares are read by OtlpWireReader. Field numbers:
 * opentelemetry-proto `logs/v1/logs.proto` (see proto/otlp-logs.proto.ts).
 */

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

/** Attribute positions whose last key is remembered (LogsWireReader.key); records rarely have more. */
const MAX_RECENT_KEYS = 32;

class LogsWireReader extends OtlpWireReader {
  /** Per attribute position, the bytes of the last key read there and its string. */
  private readonly recentKeys: { start: number; end: number; text: string }[] = [];

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

  private logRecord(end: number): LogRecordMessage {
    const record: LogRecordMessage = { timeUnixMs: 0, observedTimeUnixMs: 0, severityNumber: 0, severityText: '', bodyText: '', attributeText: {}, attributeCount: 0, traceId: null, spanId: null };
    while (this.pos < end) {
      const tag = this.uint32(end);
      switch (fieldNumber(tag)) {
        case 1:
          record.timeUnixMs = this.fixed64Millis(tag, 'time_unix_nano', end);
          break;
        case 11:
          record.observedTimeUnixMs = this.fixed64Millis(tag, 'observed_time_unix_nano', end);
          break;
        case 2:
          record.severityNumber = this.int32(tag, 'severity_number', end);
          break;
        case 3:
          record.severityText = this.string(tag, 'severity_text', end);
          break;
        case 5:
          record.bodyText = this.anyValueText(this.message(tag, 'body', end), 0);
          break;
        case 6:
          this.attributeText(this.message(tag, 'attributes', end), record);
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

  /** One KeyValue as text into the record (what attributesToStrings makes of the message shape). */
  private attributeText(end: number, record: LogRecordMessage): void {
    let key = '';
    let value = '';
    while (this.pos < end) {
      const tag = this.uint32(end);
      const field = fieldNumber(tag);
      if (field === 1) key = this.key(tag, end, record.attributeCount ?? 0);
      else if (field === 2) value = this.anyValueText(this.message(tag, 'value', end), 1);
      else this.skip(tag & 7, end);
    }
    setKey(record.attributeText as Record<string, string>, key, value);
    record.attributeCount = (record.attributeCount ?? 0) + 1;
  }

  /**
   * The key of a record's `position`th attribute. Records of a request mostly repeat their keys in
   * the same order, so a key whose bytes equal the last one read at that position reuses its
   * string: no new string, and none for setKey's property store to hash and internalize again.
   * Those bytes were read as UTF-8 without a fault, so equal bytes are valid.
   */
  private key(tag: number, end: number, position: number): string {
    const stop = this.message(tag, 'key', end);
    const start = this.pos;
    const recent = this.recentKeys[position];
    if (recent !== undefined && this.sameBytes(recent.start, recent.end, start, stop)) {
      this.pos = stop;
      return recent.text;
    }
    const text = this.stringUntil(stop, 'key');
    if (position < MAX_RECENT_KEYS) this.recentKeys[position] = { start, end: stop, text };
    return text;
  }

  private sameBytes(start: number, end: number, otherStart: number, otherEnd: number): boolean {
    if (end - start !== otherEnd - otherStart) return false;
    const buf = this.buf;
    // A byte loop: keys are short, and Buffer#compare's native call costs more than they do.
    for (let index = 0; index < end - start; index++) if (buf[start + index] !== buf[otherStart + index]) return false;
    return true;
  }
}
