import type { z } from 'zod';
import type { LogBatch, LogRecord } from '../batch';
import type { IngestLimits } from '../ingest-limits';
import { IngestDecodeError } from '../ingest.errors';
import { describeJsonPosition, findInvalidUtf8, jsonPositionAt } from '../json-utf8';
import { logRecordViolation, setKey } from '../log-record.limits';
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
      if (!parsed.success) throw new IngestDecodeError('MALFORMED', `vigil logs: ${where}: ${describeIssue(parsed.error)}`);
      valid = parsed.data;
    }
    const record = toLogRecord(valid, now);
    const violation = logRecordViolation(record, Object.keys(record.attributes).length, limits, now);
    if (violation) rejected.add(1, `${violation} at ${where}`);
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
  throw new IngestDecodeError('MALFORMED', `vigil logs: ${where}: ${field === '' ? '' : `${field}: `}not valid UTF-8 (${at})`);
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new IngestDecodeError('MALFORMED', `vigil logs: ${where}: invalid JSON: ${(error as Error).message}`);
  }
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid record';
  if (issue.code === 'unrecognized_keys') return `unknown field ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
  const path = issue.path.map(String).join('.');
  return path === '' ? issue.message : `${path}: ${issue.message}`;
}

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
