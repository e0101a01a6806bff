import type { LogBatch, LogRecord } from '../batch';
import type { IngestLimits } from '../ingest-limits';
import { IngestDecodeError } from '../ingest.errors';
import { logRecordViolation, setKey } from '../log-record.limits';
import { normalizeSeverity } from '../log-severity';
import { RejectionCollector } from '../rejection-collector';
import { decodeOtlpBody, type OtlpBodyReader, type OtlpFormat } from './otlp-body';
import type { ExportLogsServiceRequest, KeyValue } from './otlp-messages';
import { readExportLogsServiceRequest } from './otlp-logs.reader';
import { otlpType } from './otlp-proto';
import { anyValueToString, nanosToMillis } from './otlp-values';

const LOGS_BODY: OtlpBodyReader<ExportLogsServiceRequest> = {
  what: 'otlp logs',
  readProtobuf: readExportLogsServiceRequest,
  jsonType: () => otlpType('logs.v1.ExportLogsServiceRequest'),
  prepareJson: hexIdsToBytes,
};

/**
 * Decodes an OTLP/HTTP ExportLogsServiceRequest (protobuf or OTLP/JSON) into a LogBatch. Records
 * over a limit are left out and counted; a body that cannot be decoded throws IngestDecodeError.
 */
export function decodeOtlpLogs(body: Buffer, format: OtlpFormat, limits: IngestLimits, now: number): LogBatch {
  const request = decodeOtlpBody(body, format, LOGS_BODY);
  const records: LogRecord[] = [];
  const rejected = new RejectionCollector();
  (request.resourceLogs ?? []).forEach((resourceLogs, r) => {
    const resource = attributesToStrings(resourceLogs.resource?.attributes);
    const service = resource['service.name'] ?? '';
    (resourceLogs.scopeLogs ?? []).forEach((scopeLogs, s) => {
      (scopeLogs.logRecords ?? []).forEach((log, l) => {
        // Built only when a record is refused: a template string per record cost as much as its severity.
        const where = () => `resourceLogs[${r}].scopeLogs[${s}].logRecords[${l}]`;
        const observed = (log.observedTimeUnixMs ?? nanosToMillis(log.observedTimeUnixNano)) || now;
        // OTLP: a record without time_unix_nano happened when it was observed.
        const timestampMs = (log.timeUnixMs ?? nanosToMillis(log.timeUnixNano)) || observed;
        const severity = normalizeSeverity(log.severityNumber, log.severityText);
        const record: LogRecord = {
          timestampMs,
          observedTimestampMs: observed,
          severityNumber: severity.severityNumber,
          severityText: severity.severityText,
          service,
          body: log.bodyText ?? anyValueToString(log.body),
          attributes: log.attributeText ?? attributesToStrings(log.attributes),
          resource,
          traceId: idToHex(log.traceId, 16, where, 'traceId'),
          spanId: idToHex(log.spanId, 8, where, 'spanId'),
        };
        const violation = logRecordViolation(record, log.attributeCount ?? log.attributes?.length ?? 0, limits, now);
        if (violation) rejected.add(1, `${violation.message} at ${where()}`);
        else records.push(record);
      });
    });
  });
  return { records, rejected: rejected.toRejection() };
}

function attributesToStrings(attributes: readonly KeyValue[] | null | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const attribute of attributes ?? []) setKey(result, attribute.key ?? '', anyValueToString(attribute.value));
  return result;
}

function idToHex(id: Uint8Array | null | undefined, bytes: number, where: () => string, field: string): string {
  if (!id || id.length === 0) return '';
  if (id.length !== bytes) throw malformedId(`${where()}.${field}`, `must be ${bytes} bytes, got ${id.length}`);
  // All zeros is OTLP's "no id".
  let bits = 0;
  for (let index = 0; index < id.length; index++) bits |= id[index] as number;
  if (bits === 0) return '';
  return (Buffer.isBuffer(id) ? id : Buffer.from(id.buffer, id.byteOffset, id.length)).toString('hex');
}

/** A trace or span id that is not one: the whole request is refused, its place in errors[]. */
function malformedId(path: string, message: string): IngestDecodeError {
  return new IngestDecodeError('MALFORMED', `otlp logs: ${path}: ${message}`, [{ path, message }]);
}

/** OTLP/JSON sends trace and span ids as hex, where proto3 JSON would use base64. */
function hexIdsToBytes(json: Record<string, unknown>): void {
  forEachArray(json.resourceLogs, (resourceLogs, r) =>
    forEachArray((resourceLogs as Record<string, unknown>).scopeLogs, (scopeLogs, s) =>
      forEachArray((scopeLogs as Record<string, unknown>).logRecords, (record, l) => {
        const fields = record as Record<string, unknown>;
        for (const [field, length] of [
          ['traceId', 32],
          ['spanId', 16],
        ] as const) {
          const value = fields[field];
          if (value === undefined || value === null || value === '') continue;
          if (typeof value !== 'string' || value.length !== length || !/^[0-9a-fA-F]+$/.test(value)) {
            throw malformedId(`resourceLogs[${r}].scopeLogs[${s}].logRecords[${l}].${field}`, `must be ${length} hex characters`);
          }
          fields[field] = Buffer.from(value, 'hex');
        }
      }),
    ),
  );
}

function forEachArray(value: unknown, visit: (item: unknown, index: number) => void): void {
  if (!Array.isArray(value)) return;
  value.forEach((item, index) => {
    if (typeof item === 'object' && item !== null) visit(item, index);
  });
}
