import { LOG_TOKEN_CHARACTER, type LogAttributeFilter, type LogSeverityName, logSeverityRange, type LogTextTerm } from '@vigil/contracts';
import { join, param, sql, type SqlFragment } from '../sql-template';

/** What search, histogram, count and tail filter on (docs/query.md, Logs). */
export interface LogFilter {
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, inclusive. */
  to?: number;
  /** One service (kept for callers that filter on exactly one). */
  service?: string;
  /** Any of these services. */
  services?: readonly string[];
  /** Records at or above this OTLP severity number (1–24). */
  minSeverity?: number;
  /** Any of these levels. */
  severities?: readonly LogSeverityName[];
  attributes?: readonly LogAttributeFilter[];
  /** Parsed `q` (parseLogSearchText): every term must match, excluded ones must not. */
  text?: readonly LogTextTerm[];
  traceId?: string;
}

// The text index (migration 002) tokenises lower(body) with splitByNonAlpha: tokens are runs of
// anything but ASCII non-alphanumerics, so bytes of non-ASCII characters belong to tokens, and
// lower() folds ASCII letters only. The API refuses terms without a token character
// (LOG_TOKEN_CHARACTER, shared with the contract); SEPARATOR is its complement.
const SEPARATOR = /[^0-9A-Za-z\u0080-\uffff]+/;
const ASCII_TOKEN = /^[0-9A-Za-z]+$/;
const TOKEN_CHAR = LOG_TOKEN_CHARACTER;
// RE2: one ASCII non-alphanumeric, i.e. a token boundary for splitByNonAlpha.
const RE2_BOUNDARY = '[\\x00-\\x2f\\x3a-\\x40\\x5b-\\x60\\x7b-\\x7f]';

/** The tokens splitByNonAlpha makes of `text` (before lower-casing). */
export function splitLogTokens(text: string): string[] {
  return text.split(SEPARATOR).filter((token) => token !== '');
}

const asciiLower = (text: string): string => text.replace(/[A-Z]/g, (char) => char.toLowerCase());

/** RE2 literal for `text`: ASCII punctuation backslash-escaped, control characters as \x{..}. */
function re2Literal(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    if (code < 0x20 || code === 0x7f) out += `\\x{${code.toString(16)}}`;
    else if (code < 0x80 && !/[0-9A-Za-z ]/.test(char)) out += `\\${char}`;
    else out += char;
  }
  return out;
}

/**
 * A case-insensitive RE2 pattern matching `text` where it starts and ends on token boundaries
 * (when its first/last character belongs to a token), so "quokka at" does not match
 * "quokka attention" — the same whole-token rule a single word follows.
 */
export function logTermPattern(text: string): string {
  const chars = [...text];
  const start = TOKEN_CHAR.test(chars[0] ?? '') ? `(?:^|${RE2_BOUNDARY})` : '';
  const end = TOKEN_CHAR.test(chars[chars.length - 1] ?? '') ? `(?:${RE2_BOUNDARY}|$)` : '';
  return `(?i)${start}${re2Literal(text)}${end}`;
}

/**
 * One term as SQL. A word of ASCII letters and digits is one token: `hasAllTokens` answers it
 * from the text index alone. Anything else (punctuation inside, a phrase, non-ASCII letters,
 * which the index's ASCII-only lower() cannot fold) needs the RE2 match on the body; its ASCII
 * tokens are required through the index first, so only candidate granules are read.
 */
function complexTermCondition(term: LogTextTerm): SqlFragment {
  const tokens = splitLogTokens(term.text).filter((token) => ASCII_TOKEN.test(token)).map(asciiLower);
  const pattern = sql`match(body, ${param('String', logTermPattern(term.text))})`;
  if (tokens.length === 0) return pattern;
  return sql`(hasAllTokens(body, ${param('Array(String)', [...new Set(tokens)])}) AND ${pattern})`;
}

const isSimpleWord = (term: LogTextTerm): boolean => !term.phrase && ASCII_TOKEN.test(term.text);

/** The `q` terms as conditions; none when there are no terms. */
export function textConditions(terms: readonly LogTextTerm[]): SqlFragment[] {
  const conditions: SqlFragment[] = [];
  // Search functions take `body` itself: the index's preprocessor lower(body) is applied by the
  // index, and `hasAllTokens(lower(body), …)` is not matched to the index (26.7: a full scan).
  const required = [...new Set(terms.filter((term) => !term.exclude && isSimpleWord(term)).map((term) => asciiLower(term.text)))];
  if (required.length > 0) conditions.push(sql`hasAllTokens(body, ${param('Array(String)', required)})`);
  const excluded = [...new Set(terms.filter((term) => term.exclude && isSimpleWord(term)).map((term) => asciiLower(term.text)))];
  if (excluded.length > 0) conditions.push(sql`NOT hasAnyTokens(body, ${param('Array(String)', excluded)})`);
  for (const term of terms) {
    if (isSimpleWord(term)) continue;
    conditions.push(term.exclude ? sql`NOT ${complexTermCondition(term)}` : complexTermCondition(term));
  }
  return conditions;
}

/** Level ranges merged where they touch, so `warn`+`error` is one BETWEEN 13 AND 20. */
function severityCondition(names: readonly LogSeverityName[]): SqlFragment {
  const ranges = [...new Set(names)].map(logSeverityRange);
  // `unspecified` is 0 and, like logSeverityName, anything past OTLP's 24.
  if (names.includes('unspecified')) ranges.push([25, 255]);
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [low, high] of ranges) {
    const last = merged[merged.length - 1];
    if (last && low <= last[1] + 1) last[1] = Math.max(last[1], high);
    else merged.push([low, high]);
  }
  const parts = merged.map(([low, high]) =>
    low === high ? sql`severity_number = ${param('UInt8', low)}` : sql`severity_number BETWEEN ${param('UInt8', low)} AND ${param('UInt8', high)}`,
  );
  return parts.length === 1 ? (parts[0] as SqlFragment) : sql`(${join(parts, sql` OR `)})`;
}

function attributeCondition(filter: LogAttributeFilter): SqlFragment {
  const column = filter.target === 'resource' ? sql`resource` : sql`attributes`;
  const op = filter.op === '=' ? sql`=` : sql`!=`;
  return sql`${column}[${param('String', filter.key)}] ${op} ${param('String', filter.value)}`;
}

/** The WHERE conditions of a filter in one project, joined with AND. */
export function logFilterCondition(projectId: string, filter: LogFilter): SqlFragment {
  const conditions = [sql`project_id = ${param('UUID', projectId)}`];
  if (filter.from !== undefined) conditions.push(sql`timestamp >= fromUnixTimestamp64Milli(${param('Int64', filter.from)})`);
  if (filter.to !== undefined) conditions.push(sql`timestamp <= fromUnixTimestamp64Milli(${param('Int64', filter.to)})`);
  if (filter.service !== undefined) conditions.push(sql`service = ${param('String', filter.service)}`);
  if (filter.services && filter.services.length > 0) conditions.push(sql`service IN ${param('Array(String)', [...new Set(filter.services)])}`);
  if (filter.minSeverity !== undefined) conditions.push(sql`severity_number >= ${param('UInt8', filter.minSeverity)}`);
  if (filter.severities && filter.severities.length > 0) conditions.push(severityCondition(filter.severities));
  for (const attribute of filter.attributes ?? []) conditions.push(attributeCondition(attribute));
  if (filter.traceId !== undefined) conditions.push(sql`trace_id = ${param('String', filter.traceId)}`);
  conditions.push(...textConditions(filter.text ?? []));
  return join(conditions, sql` AND `);
}
