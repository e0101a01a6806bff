/**
 * Turns rows into the bytes ClickHouse parses: TabSeparated for chDB's raw insert, and
 * JSONEachRow objects for `client.insert()` on a server. Both encoders take the same column
 * list, so a table is described once and written by either transport.
 */

/** How a JS value is written to a column. Timestamps are epoch milliseconds on the way in. */
export type ColumnKind =
  | 'String'
  | 'UUID'
  /** A decimal string (JS numbers lose precision above 2^53) or a bigint. */
  | 'UInt64'
  | 'Float64'
  /** A `Nullable(Float64)` column: a number, or null for NULL. */
  | 'NullableFloat64'
  /** A `DateTime` (seconds) column, given epoch milliseconds; the sub-second part is dropped. */
  | 'DateTimeFromMs'
  /** A `DateTime64(3)` column, given epoch milliseconds. */
  | 'DateTime64Ms'
  /** A `Map(String, String)` column (LowCardinality keys included), given a plain object. */
  | 'StringMap';

export interface ColumnSpec {
  readonly name: string;
  readonly kind: ColumnKind;
}

/** `null` only where the column is nullable (NullableFloat64); elsewhere it is refused. */
export type CellValue = string | number | bigint | Readonly<Record<string, string>> | null;
export type Row = readonly CellValue[];

const TSV_SPECIAL = /[\\\t\n\r\0]/;
const TSV_SPECIAL_GLOBAL = /[\\\t\n\r\0]/g;
const QUOTED_SPECIAL = /[\\\t\n\r\0']/;
const QUOTED_SPECIAL_GLOBAL = /[\\\t\n\r\0']/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\0': '\\0', "'": "\\'" };
const escapeChar = (char: string): string => ESCAPES[char] ?? char;

/** A String field in TabSeparated: backslash, tab, newline, CR and NUL escaped; the rest is UTF-8 as is. */
export function tsvString(value: string): string {
  return TSV_SPECIAL.test(value) ? value.replace(TSV_SPECIAL_GLOBAL, escapeChar) : value;
}

/** A quoted string inside a composite value (Map, Array) in a TSV field: quote escaped too. */
export function tsvQuoted(value: string): string {
  // Testing first is cheaper than replace() on the common text without special characters.
  return QUOTED_SPECIAL.test(value) ? `'${value.replace(QUOTED_SPECIAL_GLOBAL, escapeChar)}'` : `'${value}'`;
}

/** A Map(String, String) field: `{'k':'v',...}`. */
export function tsvStringMap(map: Readonly<Record<string, string>>): string {
  let text = '';
  for (const key in map) {
    if (!Object.hasOwn(map, key)) continue;
    text += `${text === '' ? '{' : ','}${tsvQuoted(key)}:${tsvQuoted(map[key] as string)}`;
  }
  return text === '' ? '{}' : `${text}}`;
}

/** Epoch milliseconds as `seconds.millis`, which DateTime64(3) parses as a Unix timestamp. */
export function epochMsToDecimalSeconds(epochMs: number): string {
  if (!Number.isSafeInteger(epochMs)) throw new RangeError(`timestamp must be an integer of epoch milliseconds, got ${epochMs}`);
  const seconds = Math.floor(epochMs / 1000);
  const millis = epochMs - seconds * 1000;
  return `${seconds}.${String(millis).padStart(3, '0')}`;
}

/** A Float64 as ClickHouse reads it in text formats (nan, inf, -inf included). */
export function float64Text(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  // String(-0) is "0"; the sign is data too (and chDB's Arrow path keeps it).
  if (value === 0 && 1 / value < 0) return '-0';
  return String(value);
}

const UINT64_PATTERN = /^\d{1,20}$/;
const UINT64_MAX = 0xffffffffffffffffn;

function uint64Text(value: CellValue): string {
  const text = typeof value === 'bigint' || typeof value === 'number' ? value.toString() : String(value);
  // Only a 20-digit number can exceed the range, so only those pay for a BigInt (hot path).
  if (!UINT64_PATTERN.test(text) || (text.length === 20 && BigInt(text) > UINT64_MAX)) throw new RangeError(`not a UInt64: ${text}`);
  return text;
}

function expect<T extends CellValue>(value: CellValue, check: (v: CellValue) => v is T, column: ColumnSpec): T {
  if (!check(value)) throw new TypeError(`column ${column.name} (${column.kind}) got ${typeof value}`);
  return value;
}
const isString = (v: CellValue): v is string => typeof v === 'string';
const isNumber = (v: CellValue): v is number => typeof v === 'number';
const isMap = (v: CellValue): v is Readonly<Record<string, string>> => typeof v === 'object' && v !== null;

function tsvField(value: CellValue, column: ColumnSpec): string {
  switch (column.kind) {
    case 'String':
    case 'UUID':
      return tsvString(expect(value, isString, column));
    case 'UInt64':
      return uint64Text(value);
    case 'Float64':
      return float64Text(expect(value, isNumber, column));
    case 'NullableFloat64':
      return value === null ? '\\N' : float64Text(expect(value, isNumber, column));
    case 'DateTimeFromMs':
      return String(Math.floor(expect(value, isNumber, column) / 1000));
    case 'DateTime64Ms':
      return epochMsToDecimalSeconds(expect(value, isNumber, column));
    case 'StringMap':
      return tsvStringMap(expect(value, isMap, column));
  }
}

function checkWidth(row: Row, columns: readonly ColumnSpec[]): void {
  if (row.length !== columns.length) throw new RangeError(`row has ${row.length} values for ${columns.length} columns`);
}

/** Rows as one TabSeparated payload, a line per row. */
export function encodeTabSeparated(columns: readonly ColumnSpec[], rows: readonly Row[]): string {
  let out = '';
  for (const row of rows) {
    checkWidth(row, columns);
    for (let index = 0; index < columns.length; index++) {
      if (index > 0) out += '\t';
      out += tsvField(row[index] as CellValue, columns[index] as ColumnSpec);
    }
    out += '\n';
  }
  return out;
}

function jsonField(value: CellValue, column: ColumnSpec): unknown {
  switch (column.kind) {
    case 'String':
    case 'UUID':
      return expect(value, isString, column);
    case 'UInt64':
      // Quoted: ClickHouse reads 64-bit integers from JSON strings, and JSON numbers lose precision.
      return uint64Text(value);
    case 'Float64':
    case 'NullableFloat64': {
      if (value === null && column.kind === 'NullableFloat64') return null;
      const number = expect(value, isNumber, column);
      // JSON has no NaN or Infinity; ClickHouse reads them from strings.
      return Number.isFinite(number) ? number : float64Text(number);
    }
    case 'DateTimeFromMs':
      return Math.floor(expect(value, isNumber, column) / 1000);
    case 'DateTime64Ms':
      // A string: ClickHouse's JSON reader refuses a fractional JSON number for DateTime64.
      return epochMsToDecimalSeconds(expect(value, isNumber, column));
    case 'StringMap':
      return expect(value, isMap, column);
  }
}

/** Rows as JSONEachRow objects (what `client.insert({ format: 'JSONEachRow' })` takes). */
export function toJsonEachRow(columns: readonly ColumnSpec[], rows: readonly Row[]): Record<string, unknown>[] {
  return rows.map((row) => {
    checkWidth(row, columns);
    const object: Record<string, unknown> = {};
    columns.forEach((column, index) => {
      object[column.name] = jsonField(row[index] as CellValue, column);
    });
    return object;
  });
}

/** Rows as one JSONEachRow payload (for chDB's raw insert), a line per row. */
export function encodeJsonEachRow(columns: readonly ColumnSpec[], rows: readonly Row[]): string {
  return toJsonEachRow(columns, rows)
    .map((object) => `${JSON.stringify(object)}\n`)
    .join('');
}
