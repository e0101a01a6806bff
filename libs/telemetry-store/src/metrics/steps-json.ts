/**
 * The API's JSON text of MetricSeries[] spliced from groupedStepsSql's `pairs` rows as
 * JSONCompactEachRow writes them (one line per group, `[g, n, [[t, v], …]]`, ordered by g):
 * `[{"labels":<labels[g]>,"points":[[t, v], …]}, …]`. The points are the engine's bytes as they
 * are, never decoded into a JS string: for bench/query's 24 h range (3.6 MB) that is a few
 * buffer copies instead of a decode, a split and an encode. Values come with
 * output_format_json_quote_denormals, so NaN and ±Inf are the only quoted values in a points
 * array; they are rewritten in the API's form (metricValueSchema: "NaN", "+Inf", "-Inf").
 */
export function stepsAnswerJson(rows: Buffer, labels: readonly string[]): { points: number; json: Buffer } {
  const parts: Buffer[] = [Buffer.from('[')];
  let points = 0;
  let start = 0;
  while (start < rows.length) {
    const newline = rows.indexOf(NEWLINE, start);
    const end = newline < 0 ? rows.length : newline;
    const row = rows.subarray(start, end);
    start = end + 1;
    if (row.length === 0) continue;
    const { g, n, pairs } = splitRow(row);
    const groupLabels = labels[g];
    if (groupLabels === undefined) throw new Error(`steps row for group ${g}, which the answer does not have (${labels.length} groups)`);
    points += n;
    if (parts.length > 1) parts.push(COMMA);
    parts.push(Buffer.from(`{"labels":${groupLabels},"points":`), pairs.includes(QUOTE) ? apiValues(pairs) : pairs, CLOSE_OBJECT);
  }
  parts.push(Buffer.from(']'));
  return { points, json: Buffer.concat(parts) };
}

const NEWLINE = 0x0a;
const QUOTE = 0x22;
const COMMA = Buffer.from(',');
const CLOSE_OBJECT = Buffer.from('}');

/** `[g, n, [[…]]]` → g, n and the bytes of `[[…]]`. */
function splitRow(row: Buffer): { g: number; n: number; pairs: Buffer } {
  const first = row.indexOf(',');
  const second = row.indexOf(',', first + 1);
  const close = row.lastIndexOf(']');
  if (row[0] !== 0x5b || first < 0 || second < 0 || close <= second) throw new Error(`unexpected steps row from the engine: ${row.subarray(0, 80).toString()}`);
  return {
    g: Number(row.subarray(1, first).toString('latin1')),
    n: Number(row.subarray(first + 1, second).toString('latin1')),
    pairs: row.subarray(second + 1, close).subarray(leadingSpaces(row, second + 1)),
  };
}

function leadingSpaces(row: Buffer, from: number): number {
  let at = from;
  while (row[at] === 0x20) at++;
  return at - from;
}

const API_VALUES: Record<string, string> = { '"nan"': '"NaN"', '"-nan"': '"NaN"', '"inf"': '"+Inf"', '"+inf"': '"+Inf"', '"-inf"': '"-Inf"' };

/** ClickHouse's quoted non-finite values in the API's spelling (rare: only points arrays holding one pay for a decode). */
function apiValues(pairs: Buffer): Buffer {
  return Buffer.from(pairs.toString('latin1').replace(/"[-+]?(?:nan|inf)"/g, (value) => API_VALUES[value] ?? value), 'latin1');
}
