import { type ByteColumn, type ColumnarRows, MAP_ENTRY } from './batch-columns';
import { epochMsToDecimalSeconds, float64Text, tsvQuoted, tsvString } from './row-encoding';

/**
 * The joined columns as TabSeparated lines of the table's own values, for a ClickHouse server:
 * the official client's `insert()` takes text formats, and its other input (`exec` with an
 * `input()` table function, which would let the server apply the same SQL as chDB's Arrow path)
 * cannot be tested here: chDB ignores inline data after `input()` (tried), and no current
 * ClickHouse server installs on these machines. The server parses text on its own cores.
 */
export function columnsToTabSeparated(rows: ColumnarRows): Buffer {
  const { schema, source, projects, retentions } = rows;
  const lines: string[] = new Array<string>(rows.rows);
  for (let row = 0; row < rows.rows; row++) {
    let line = '';
    schema.columns.forEach((column, index) => {
      if (index > 0) line += '\t';
      const values = rows.values[index] ?? null;
      switch (column.kind) {
        case 'ProjectId':
          line += projects[source[row] as number];
          return;
        case 'RetentionDays':
          line += String(retentions[source[row] as number]);
          return;
        case 'String':
          line += tsvString(text(values as ByteColumn, row));
          return;
        case 'StringMap': {
          const map = values as { keys: ByteColumn; values: ByteColumn };
          line += mapText(entries(map.keys, row), entries(map.values, row));
          return;
        }
        case 'UInt8':
          line += String((values as Uint8Array)[row]);
          return;
        case 'UInt64': {
          const halves = values as Uint32Array;
          line += ((BigInt(halves[2 * row + 1] as number) << 32n) | BigInt(halves[2 * row] as number)).toString();
          return;
        }
        case 'Float64':
          line += float64Text((values as Float64Array)[row] as number);
          return;
        case 'DateTime64Ms':
          line += epochMsToDecimalSeconds((values as Float64Array)[row] as number);
          return;
        case 'DateTimeMs':
          line += String(Math.floor(((values as Float64Array)[row] as number) / 1000));
          return;
      }
    });
    lines[row] = `${line}\n`;
  }
  return Buffer.from(lines.join(''), 'utf8');
}

function text(column: ByteColumn, row: number): string {
  return column.bytes.toString('utf8', column.offsets[row], column.offsets[row + 1]);
}

/** A map row's keys or values: the pieces after each 0xFF. */
function entries(column: ByteColumn, row: number): string[] {
  const start = column.offsets[row] as number;
  const end = column.offsets[row + 1] as number;
  const pieces: string[] = [];
  let from = start + 1;
  for (let at = start + 1; at <= end; at++) {
    if (at === end || column.bytes[at] === MAP_ENTRY) {
      if (at > start) pieces.push(column.bytes.toString('utf8', from, at));
      from = at + 1;
    }
  }
  return pieces;
}

function mapText(keys: readonly string[], values: readonly string[]): string {
  let text = '';
  for (let i = 0; i < keys.length; i++) text += `${i === 0 ? '{' : ','}${tsvQuoted(keys[i] as string)}:${tsvQuoted(values[i] ?? '')}`;
  return text === '' ? '{}' : `${text}}`;
}
