import type { LogRecord } from './batch';
import { type FieldViolation, LIMIT_NAMES, timestampOutsideWindow, type IngestLimits } from './ingest-limits';

/** A log record's limit broken, naming the LogRecord field it speaks of. */
export interface LogRecordViolation extends FieldViolation {
  field: 'timestampMs' | 'body' | 'attributes';
}

/** Why a log record may not be stored, and which of its fields, or null. */
export function logRecordViolation(record: LogRecord, attributeCount: number, limits: IngestLimits, now: number): LogRecordViolation | null {
  const outside = timestampOutsideWindow(record.timestampMs, limits, now);
  if (outside) return { field: 'timestampMs', message: outside };
  // Cheap bound first: a UTF-16 string never needs more UTF-8 bytes than 3 per code unit.
  if (record.body.length * 3 > limits.logBodyBytes && Buffer.byteLength(record.body, 'utf8') > limits.logBodyBytes) {
    return { field: 'body', message: `log body longer than ${limits.logBodyBytes} bytes (limit ${LIMIT_NAMES.logBodyBytes})` };
  }
  if (attributeCount > limits.logAttributes) return { field: 'attributes', message: `log record with more than ${limits.logAttributes} attributes (limit ${LIMIT_NAMES.logAttributes})` };
  return null;
}

/** Sets a key on a plain record; `__proto__` is an ordinary attribute name here. */
export function setKey(target: Record<string, string>, key: string, value: string): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
