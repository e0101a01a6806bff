import type { AnyValue, Int64, KeyValue } from './otlp-messages';

/** A 64-bit integer as a number; exact up to 2^53, rounded beyond (counts never get there). */
export function int64ToNumber(value: Int64): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return Number(value);
  return value.toNumber();
}

/**
 * Nanoseconds since the epoch to whole milliseconds, exactly: a double cannot hold today's
 * nanosecond timestamps (~1.7e18 > 2^53), so the division is done on the two 32-bit halves
 * (2^32 = 4294 × 10^6 + 967296).
 */
export function nanosToMillis(value: Int64): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'number') return Math.floor(value / 1e6);
  if (typeof value === 'string') {
    if (/^\d{7,}$/.test(value)) return Number(value.slice(0, -6));
    return Math.floor(Number(value) / 1e6);
  }
  if (!value.unsigned && value.high < 0) return Math.floor(value.toNumber() / 1e6);
  return unsignedNanosToMillis(value.high >>> 0, value.low >>> 0);
}

/** An unsigned 64-bit count of nanoseconds, given as its two 32-bit halves, to whole milliseconds, exactly. */
export function unsignedNanosToMillis(high: number, low: number): number {
  return high * 4294 + Math.floor((high * 967296 + low) / 1e6);
}

/** AnyValue as label or attribute text: strings as they are, everything else JSON-encoded. */
export function anyValueToString(value: AnyValue | null | undefined): string {
  if (!value) return '';
  switch (value.value) {
    case 'stringValue':
      return value.stringValue ?? '';
    case 'boolValue':
      return value.boolValue ? 'true' : 'false';
    case 'intValue':
      return int64ToString(value.intValue);
    case 'doubleValue':
      return String(value.doubleValue ?? 0);
    case 'bytesValue':
      return Buffer.from(value.bytesValue ?? []).toString('base64');
    case 'arrayValue':
    case 'kvlistValue':
      return JSON.stringify(anyValueToJson(value, 0));
    case undefined:
      return '';
  }
}

function int64ToString(value: Int64): string {
  if (value === null || value === undefined) return '0';
  return typeof value === 'object' ? value.toString() : String(value);
}

/** Nesting beyond this is cut off; protobuf's own recursion limit is 100. */
const MAX_DEPTH = 32;

/** AnyValue as a JSON value: kvlists become objects, int64 beyond 2^53 stays exact as a string. */
export function anyValueToJson(value: AnyValue | null | undefined, depth: number): unknown {
  if (!value || depth > MAX_DEPTH) return null;
  switch (value.value) {
    case 'stringValue':
      return value.stringValue ?? '';
    case 'boolValue':
      return value.boolValue ?? false;
    case 'intValue': {
      const number = int64ToNumber(value.intValue);
      return Number.isSafeInteger(number) ? number : int64ToString(value.intValue);
    }
    case 'doubleValue': {
      const number = value.doubleValue ?? 0;
      // JSON has no NaN or Infinity; their names keep the information.
      return Number.isFinite(number) ? number : String(number);
    }
    case 'bytesValue':
      return Buffer.from(value.bytesValue ?? []).toString('base64');
    case 'arrayValue':
      return (value.arrayValue?.values ?? []).map((item) => anyValueToJson(item, depth + 1));
    case 'kvlistValue':
      return keyValuesToJson(value.kvlistValue?.values ?? [], depth + 1);
    case undefined:
      return null;
  }
}

function keyValuesToJson(values: KeyValue[], depth: number): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const entry of values) {
    Object.defineProperty(result, entry.key ?? '', { value: anyValueToJson(entry.value, depth), enumerable: true, writable: true, configurable: true });
  }
  return result;
}
