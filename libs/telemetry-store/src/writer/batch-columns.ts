/**
 * Rows of the ingest tables held column by column, as the batch encoders fill them and both
 * transports read them: chDB gets the columns as Arrow arrays it reads in place (arrow-insert.ts),
 * a ClickHouse server gets them as TabSeparated text (tabseparated-columns.ts). Each table is
 * described once, as a list of (column, kind); the kind decides the input array, the SQL that
 * turns it into the table's type, and its text form. Values are checked by the encoders before a
 * batch joins a round: one bad request fails alone, never the insert it would share.
 */

/**
 * How a table column is carried:
 * - `ProjectId`, `RetentionDays`: not carried per row; each row names its (project, retention)
 *   pair by index (`source`), and the round sends the pairs once.
 * - `String`: UTF-8 bytes (any bytes: ClickHouse String holds bytes).
 * - `UInt8`, `Float64`: the number; `UInt64`: two 32-bit halves, little end first.
 * - `DateTime64Ms`, `DateTimeMs`: epoch milliseconds as a Float64 (whole numbers, checked).
 * - `StringMap`: two byte columns, keys and values, each entry preceded by the byte 0xFF, which
 *   UTF-8 never contains, so `{a: 1}` is keys `\xFFa`, values `\xFF1` and `{}` is empty.
 */
export type BatchColumnKind = 'ProjectId' | 'RetentionDays' | 'String' | 'UInt8' | 'UInt64' | 'Float64' | 'DateTime64Ms' | 'DateTimeMs' | 'StringMap';

export interface BatchColumn {
  readonly name: string;
  readonly kind: BatchColumnKind;
}

/** A table as the batch encoders write it: its columns in insert order. */
export interface BatchTableSchema {
  readonly table: string;
  readonly columns: readonly BatchColumn[];
}

/** One byte string per row: row i is `bytes[offsets[i] .. offsets[i + 1])`. */
export interface ByteColumn {
  readonly offsets: Int32Array;
  readonly bytes: Buffer;
}

/** What a carried column holds, by kind (ProjectId and RetentionDays carry nothing). */
export type ColumnValues = Float64Array | Uint8Array | Uint32Array | ByteColumn | { readonly keys: ByteColumn; readonly values: ByteColumn } | null;

/** One request's rows of one table, for one project and retention. */
export interface EncodedTable {
  readonly schema: BatchTableSchema;
  readonly rows: number;
  /** Per schema column, in order. */
  readonly values: readonly ColumnValues[];
}

/** Several requests' rows of one table, joined: what one insert writes. */
export interface ColumnarRows {
  readonly schema: BatchTableSchema;
  readonly rows: number;
  readonly values: readonly ColumnValues[];
  /** Per row, the index of its (project, retention) pair in `projects` / `retentions`. */
  readonly source: Uint32Array;
  readonly projects: readonly string[];
  readonly retentions: readonly number[];
}

/** The separator of map entries in a StringMap column (never a byte of UTF-8 text). */
export const MAP_ENTRY = 0xff;

/**
 * Builds a ByteColumn row by row. Written by hand: text goes straight into one growing buffer,
 * ASCII through a byte loop (short strings are most of telemetry; a native call per string
 * costs more than copying it), the rest through Buffer.write. Buffer.concat of per-row buffers
 * or TextEncoder.encodeInto per string measured slower for the short strings of labels and logs.
 */
export class ByteColumnBuilder {
  private buffer: Buffer;
  private offsets: Int32Array;
  private length = 0;
  private rows = 0;

  constructor(expectedRows = 64, expectedBytes = expectedRows * 16) {
    this.buffer = Buffer.allocUnsafe(Math.max(64, expectedBytes));
    this.offsets = new Int32Array(Math.max(1, expectedRows) + 1);
  }

  /** Appends UTF-8 text to the current row. */
  text(value: string): this {
    const chars = value.length;
    this.reserve(chars * 3 + 1);
    const buffer = this.buffer;
    let at = this.length;
    if (chars < 64) {
      for (let i = 0; i < chars; i++) {
        const code = value.charCodeAt(i);
        if (code >= 0x80) {
          this.length += buffer.write(value, this.length, 'utf8');
          return this;
        }
        buffer[at++] = code;
      }
      this.length = at;
      return this;
    }
    this.length += buffer.write(value, this.length, 'utf8');
    return this;
  }

  /** Appends raw bytes (a pre-encoded piece) to the current row. */
  bytes(value: Uint8Array): this {
    this.reserve(value.length);
    if (value.length < 32) {
      const buffer = this.buffer;
      let at = this.length;
      for (let i = 0; i < value.length; i++) buffer[at++] = value[i] as number;
      this.length = at;
    } else {
      this.buffer.set(value, this.length);
      this.length += value.length;
    }
    return this;
  }

  /** Appends one byte to the current row. */
  byte(value: number): this {
    this.reserve(1);
    this.buffer[this.length++] = value;
    return this;
  }

  /** Ends the current row. */
  end(): void {
    if (this.rows + 2 > this.offsets.length) {
      const grown = new Int32Array(this.offsets.length * 2);
      grown.set(this.offsets);
      this.offsets = grown;
    }
    this.offsets[++this.rows] = this.length;
  }

  /** Appends a whole row of text. */
  row(value: string): void {
    this.text(value).end();
  }

  /** Bytes of the current (unfinished) row so far. */
  get size(): number {
    return this.length;
  }

  build(): ByteColumn {
    if (this.length > 0x7fffffff) throw new RangeError('a column of one insert holds more than 2 GiB');
    return { offsets: this.offsets.subarray(0, this.rows + 1), bytes: this.buffer.subarray(0, this.length) };
  }

  private reserve(extra: number): void {
    const needed = this.length + extra;
    if (needed <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(needed, this.buffer.length * 2));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }
}

/** Appends one map row: every entry is 0xFF + key to `keys` and 0xFF + value to `values`. */
export function appendMap(keys: ByteColumnBuilder, values: ByteColumnBuilder, map: Readonly<Record<string, string>>): void {
  for (const key in map) {
    if (!Object.hasOwn(map, key)) continue;
    keys.byte(MAP_ENTRY).text(key);
    values.byte(MAP_ENTRY).text(map[key] as string);
  }
  keys.end();
  values.end();
}

/** A map's entries encoded once, for rows that repeat it (a log resource, a series' labels). */
export interface EncodedMap {
  readonly keys: Buffer;
  readonly values: Buffer;
}

export function encodeMap(map: Readonly<Record<string, string>>): EncodedMap {
  const keys = new ByteColumnBuilder(1);
  const values = new ByteColumnBuilder(1);
  appendMap(keys, values, map);
  return { keys: Buffer.from(keys.build().bytes), values: Buffer.from(values.build().bytes) };
}

/** Bytes a table's values take (what group commit's memory budget counts). */
export function valuesBytes(values: readonly ColumnValues[]): number {
  let bytes = 0;
  for (const value of values) {
    if (value === null) continue;
    if (ArrayBuffer.isView(value)) bytes += value.byteLength;
    else if ('offsets' in value) bytes += value.offsets.byteLength + value.bytes.length;
    else bytes += value.keys.offsets.byteLength + value.keys.bytes.length + value.values.offsets.byteLength + value.values.bytes.length;
  }
  return bytes;
}

/** One request's table, tagged with its project and retention for the join. */
export interface SourcedTable {
  readonly table: EncodedTable;
  readonly projectId: string;
  readonly retentionDays: number;
}

/**
 * Joins several requests' rows of one table into one insert: each column concatenated, and per
 * row the index of its (project, retention) pair. Written by hand: it is a few typed-array
 * copies; no library joins Arrow-style columns without building Arrow objects first.
 */
export function joinTables(parts: readonly SourcedTable[]): ColumnarRows {
  const first = parts[0];
  if (first === undefined) throw new Error('joinTables needs at least one table');
  const schema = first.table.schema;
  const pairs = new Map<string, number>();
  const projects: string[] = [];
  const retentions: number[] = [];
  let rows = 0;
  for (const part of parts) {
    if (part.table.schema !== schema) throw new Error(`cannot join rows of ${part.table.schema.table} with ${schema.table}`);
    rows += part.table.rows;
  }
  const source = new Uint32Array(rows);
  let at = 0;
  for (const part of parts) {
    const key = `${part.projectId}/${part.retentionDays}`;
    let index = pairs.get(key);
    if (index === undefined) {
      index = projects.push(part.projectId) - 1;
      retentions.push(part.retentionDays);
      pairs.set(key, index);
    }
    source.fill(index, at, at + part.table.rows);
    at += part.table.rows;
  }
  const values = schema.columns.map((column, index) => joinColumn(column.kind, parts.map((part) => part.table.values[index] ?? null), rows));
  return { schema, rows, values, source, projects, retentions };
}

function joinColumn(kind: BatchColumnKind, parts: readonly ColumnValues[], rows: number): ColumnValues {
  switch (kind) {
    case 'ProjectId':
    case 'RetentionDays':
      return null;
    case 'String':
      return joinBytes(parts as ByteColumn[], rows);
    case 'StringMap': {
      const maps = parts as { keys: ByteColumn; values: ByteColumn }[];
      return { keys: joinBytes(maps.map((map) => map.keys), rows), values: joinBytes(maps.map((map) => map.values), rows) };
    }
    case 'UInt8':
      return joinNumbers(parts as Uint8Array[], new Uint8Array(rows));
    case 'UInt64':
      return joinNumbers(parts as Uint32Array[], new Uint32Array(rows * 2));
    case 'Float64':
    case 'DateTime64Ms':
    case 'DateTimeMs':
      return joinNumbers(parts as Float64Array[], new Float64Array(rows));
  }
}

function joinNumbers<T extends Float64Array | Uint8Array | Uint32Array>(parts: readonly T[], into: T): T {
  if (parts.length === 1) return parts[0] as T;
  let at = 0;
  for (const part of parts) {
    into.set(part, at);
    at += part.length;
  }
  return into;
}

function joinBytes(parts: readonly ByteColumn[], rows: number): ByteColumn {
  if (parts.length === 1) return parts[0] as ByteColumn;
  const bytes = Buffer.concat(parts.map((part) => part.bytes));
  const offsets = new Int32Array(rows + 1);
  let row = 0;
  let base = 0;
  for (const part of parts) {
    const partRows = part.offsets.length - 1;
    for (let i = 1; i <= partRows; i++) offsets[row + i] = base + (part.offsets[i] as number);
    row += partRows;
    base += part.bytes.length;
  }
  return { offsets, bytes };
}
