import { VIGIL_TIMESTAMP_TEXT, type VigilLogRecord } from './vigil-log.schema';

/**
 * The common case of vigilLogRecordSchema checked by hand: true only for a record the schema
 * accepts as it is. zod's safeParse cost about a fifth of an NDJSON line's decode (a parse
 * context, an issue list and a copy of the record and of its attributes per line), for a
 * schema of seven fields. Conservative by design: anything unusual (an unknown or `__proto__`
 * key, a wrong type) returns false, and the caller then runs the schema itself, so every refusal
 * keeps zod's message and path and a record this check is unsure about is still accepted if the
 * schema accepts it. vigil-log.check.spec.ts holds the two to the same answers.
 */
export function isPlainVigilLogRecord(input: unknown): input is VigilLogRecord {
  if (!isPlainObject(input)) return false;
  let hasMessage = false;
  for (const key in input) {
    const value = input[key];
    switch (key) {
      case 'message':
        if (typeof value !== 'string') return false;
        hasMessage = true;
        break;
      case 'service':
        if (typeof value !== 'string') return false;
        break;
      case 'timestamp':
        if (typeof value === 'number' ? !(Number.isFinite(value) && value >= 0) : !(typeof value === 'string' && VIGIL_TIMESTAMP_TEXT.safeParse(value).success)) return false;
        break;
      case 'severity':
        if (typeof value === 'number' ? !(Number.isInteger(value) && value >= 0 && value <= 24) : typeof value !== 'string') return false;
        break;
      case 'attributes':
        if (!plainAttributes(value)) return false;
        break;
      case 'trace_id':
        if (!isIdText(value, 32)) return false;
        break;
      case 'span_id':
        if (!isIdText(value, 16)) return false;
        break;
      default:
        return false;
    }
  }
  return hasMessage;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}

/** '' or `length` hex digits: VIGIL_TRACE_ID's and VIGIL_SPAN_ID's rule, without a regex run per line (a tenth of the check). */
function isIdText(value: unknown, length: number): boolean {
  if (typeof value !== 'string') return false;
  if (value.length === 0) return true;
  if (value.length !== length) return false;
  for (let index = 0; index < length; index++) {
    const code = value.charCodeAt(index);
    const letter = code | 0x20; // A-F to a-f
    if (!((code >= 0x30 && code <= 0x39) || (letter >= 0x61 && letter <= 0x66))) return false;
  }
  return true;
}

function plainAttributes(value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  for (const key in value) {
    if (key === '__proto__') return false;
    const item = value[key];
    if (typeof item === 'string' || typeof item === 'boolean') continue;
    if (typeof item !== 'number' || !Number.isFinite(item)) return false;
  }
  return true;
}
