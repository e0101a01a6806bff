import type { z } from 'zod';
import type { LogBatch, LogRecord, RefusedPlace } from '../batch';
import type { FieldViolation, IngestLimits } from '../ingest-limits';
import { IngestDecodeError } from '../ingest.errors';
import { describeJsonPosition, findInvalidUtf8, jsonPositionAt } from '../json-utf8';
import { type LogRecordViolation, logRecordViolation, setKey } from '../log-record.limits';
import { normalizeSeverity } from '../log-severity';
import { RejectionCollector } from '../rejection-collector';
import { isPlainVigilLogRecord } from './vigil-log.check';
import { vigilLogRecordSchema, type VigilLogRecord } from './vigil-log.schema';

export type VigilLogsKind = 'json' | 'ndjson';

/**
 * Vigil JSON records have no resource. One object for all of them: the log encoder encodes a
 * record's resource again whenever the object changes (OTLP records share their resource's), and
 * an `{}` per record cost a third of an NDJSON line's encode.
 */
const NO_RESOURCE: Readonly<Record<string, string>> = Object.freeze({});

/**
 * Decodes Vigil JSON logs: one record object or an array of them (`json`), or one record per
 * line (`ndjson`, blank lines ignored). A body that is not valid UTF-8, or a record that breaks
 * the schema, fails the request, naming its line or index and the field; records over a limit
 * are left out and counted.
 */
export function decodeVigilLogs(bytes: Buffer, kind: VigilLogsKind, limits: IngestLimits, now: number): LogBatch {
  refuseInvalidUtf8(bytes, kind);
  const body = bytes.toString('utf8');
  const records: LogRecord[] = [];
  const rejected = new RejectionCollector();
  const accept = (input: unknown, where: string): void => {
    let valid: VigilLogRecord;
    if (isPlainVigilLogRecord(input)) valid = input;
    else {
      // The schema itself for anything the hand check is unsure of: zod's messages and paths.
      const parsed = vigilLogRecordSchema.safeParse(input);
      if (!parsed.success) throw refusal(where, issuePlaces(parsed.error));
      valid = parsed.data;
    }
    const record = toLogRecord(valid, now);
    const violation = logRecordViolation(record, Object.keys(record.attributes).length, limits, now);
    if (violation) rejected.add(1, `${violation.message} at ${where}`, { path: placeOf(where, VIGIL_FIELD[violation.field]), message: violation.message });
    else records.push(record);
  };
  if (kind === 'ndjson') {
    const lines = body.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = (lines[i] as string).trim();
      if (line !== '') accept(parseJson(line, `line ${i + 1}`), `line ${i + 1}`);
    }
  } else {
    const json = parseJson(body, 'body');
    if (Array.isArray(json)) json.forEach((item, index) => accept(item, `record ${index}`));
    else accept(json, 'record');
  }
  return { records, rejected: rejected.toRejection() };
}

/**
 * `vigil logs: line 3: message: not valid UTF-8 (byte offset 181)`, or for `json`
 * `vigil logs: record 2: attributes.region: not valid UTF-8 (byte offset 181, line 1)`.
 */
function refuseInvalidUtf8(bytes: Buffer, kind: VigilLogsKind): void {
  const invalid = findInvalidUtf8(bytes);
  if (!invalid) return;
  let where: string;
  let field: string;
  if (kind === 'ndjson') {
    where = `line ${invalid.line}`;
    field = describeJsonPosition(jsonPositionAt(bytes.subarray(invalid.lineStart), invalid.offset - invalid.lineStart));
  } else {
    const { path, inKey } = jsonPositionAt(bytes, invalid.offset);
    const [first, ...rest] = path;
    const isArray = typeof first === 'number';
    where = isArray ? `record ${first}` : 'record';
    field = describeJsonPosition({ path: isArray ? rest : path, inKey });
  }
  const at = kind === 'ndjson' ? `byte offset ${invalid.offset}` : `byte offset ${invalid.offset}, line ${invalid.line}`;
  throw refusal(where, [{ field, message: `not valid UTF-8 (${at})` }]);
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw refusal(where, [{ field: '', message: `invalid JSON: ${(error as Error).message}` }]);
  }
}

/**
 * The request's refusal: the message names the first problem (`vigil logs: line 3: message: …`),
 * the places name each with its path (`line 3: message`).
 */
function refusal(where: string, issues: readonly FieldViolation[]): IngestDecodeError {
  const places: RefusedPlace[] = issues.map((issue) => ({ path: placeOf(where, issue.field), message: issue.message }));
  const first = places[0] ?? { path: where, message: 'invalid record' };
  return new IngestDecodeError('MALFORMED', `vigil logs: ${first.path}: ${first.message}`, places);
}

/** `line 3: attributes.x`, or `line 3` for the record (or line) as a whole. */
function placeOf(where: string, field: string): string {
  return field === '' ? where : `${where}: ${field}`;
}

/** Every schema problem of a record (up to 20, as the API's validation answers); an unknown field is named itself. */
function issuePlaces(error: z.ZodError): FieldViolation[] {
  const issues = error.issues.flatMap((issue): FieldViolation[] => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ field: path === '' ? key : `${path}.${key}`, message: `unknown field "${key}"` }));
    return [{ field: path, message: issue.message }];
  });
  return issues.slice(0, 20);
}

/** A LogRecord field under its Vigil JSON name, for the place of a limit it breaks. */
const VIGIL_FIELD: Record<LogRecordViolation['field'], string> = { timestampMs: 'timestamp', body: 'message', attributes: 'attributes' };

function toLogRecord(input: VigilLogRecord, now: number): LogRecord {
  const attributes: Record<string, string> = {};
  const sent = input.attributes;
  // for…in, not Object.entries: no array per attribute (the objects are plain, from JSON.parse or zod).
  if (sent) for (const key in sent) setKey(attributes, key, String(sent[key]));
  const severity = typeof input.severity === 'number' ? normalizeSeverity(input.severity, null) : normalizeSeverity(null, input.severity);
  return {
    timestampMs: input.timestamp === undefined ? now : typeof input.timestamp === 'number' ? Math.floor(input.timestamp) : Date.parse(input.timestamp),
    observedTimestampMs: now,
    ...severity,
    service: input.service ?? '',
    body: input.message,
    attributes,
    resource: NO_RESOURCE,
    traceId: (input.trace_id ?? '').toLowerCase(),
    spanId: (input.span_id ?? '').toLowerCase(),
  };
}
