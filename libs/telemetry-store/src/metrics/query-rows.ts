import type { LabelMatcher } from '@vigil/contracts';
import { DomainError } from '@vigil/server-kit';
import { type CompiledQuery, compile, join, param, sql } from '../sql-template';
import type { TelemetryStore } from '../telemetry-store';
import { anchored } from './metric-query.sql';

/** ClickHouse could not compile a regex (CANNOT_COMPILE_REGEXP, 427). */
function isRegexError(error: unknown): boolean {
  const text = error instanceof Error ? error.message : String(error);
  return /CANNOT_COMPILE_REGEXP|cannot compile re2|Code: 427\b/i.test(text);
}

/** Finds which regex does not compile and says so: a 400 naming the matcher, never a 500. */
async function regexProblem(store: TelemetryStore, matchers: readonly LabelMatcher[], cause: unknown): Promise<DomainError> {
  for (const matcher of matchers) {
    if (matcher.op !== '=~' && matcher.op !== '!~') continue;
    try {
      await store.client.query({ ...compile(sql`SELECT match('', ${param('String', anchored(matcher.value))})`), format: 'JSONCompactEachRow' });
    } catch (error) {
      const detail = /error: ([^.]*)/.exec(error instanceof Error ? error.message : String(error))?.[1]?.trim() ?? 'not valid RE2 syntax';
      const message = `invalid regular expression in ${matcher.label}${matcher.op}"${matcher.value}": ${detail} (RE2 syntax)`;
      return new DomainError('VALIDATION_FAILED', `Invalid match: ${message}.`, { errors: [{ path: 'match', message }] });
    }
  }
  const detail = cause instanceof Error ? cause.message.slice(0, 300) : 'unknown';
  return new DomainError('VALIDATION_FAILED', `Invalid match: a regular expression is not valid RE2 (${detail}).`, { errors: [{ path: 'match', message: 'invalid regular expression' }] });
}

/** Regexes ClickHouse compiled before (per process, bounded), so a dashboard's repeated query costs no extra round trip. */
const compiledRegexes = new Set<string>();
const MAX_REMEMBERED_REGEXES = 1_000;

/**
 * Compiles the matchers' regexes in ClickHouse (RE2) before they are used: a query whose other
 * conditions select no rows may never compile its regex, and an invalid regex must be a 400
 * every time, not only when there is data. Throws VALIDATION_FAILED naming the matcher.
 */
async function checkRegexes(store: TelemetryStore, matchers: readonly LabelMatcher[]): Promise<void> {
  const unknown = matchers.filter((matcher) => (matcher.op === '=~' || matcher.op === '!~') && !compiledRegexes.has(matcher.value));
  if (unknown.length === 0) return;
  try {
    const checks = unknown.map((matcher) => sql`match('', ${param('String', anchored(matcher.value))})`);
    await store.client.query({ ...compile(sql`SELECT [${join(checks, sql`, `)}]`), format: 'JSONCompactEachRow' });
  } catch (error) {
    if (isRegexError(error)) throw await regexProblem(store, unknown, error);
    throw error;
  }
  if (compiledRegexes.size + unknown.length > MAX_REMEMBERED_REGEXES) compiledRegexes.clear();
  for (const matcher of unknown) compiledRegexes.add(matcher.value);
}

/**
 * Settings of every metric read. On a cluster, fingerprint subqueries run per shard against
 * local tables: series and samples are both sharded by fingerprint, so that is exact.
 */
export function readSettings(store: TelemetryStore): { distributed_product_mode?: 'local' } {
  return store.cluster === undefined ? {} : { distributed_product_mode: 'local' };
}

/**
 * Runs a query and returns its rows as arrays (JSONCompactEachRow; 64-bit integers as strings,
 * NaN/Inf as text, see telemetry-store.ts). When the query carries regex matchers and ClickHouse
 * cannot compile one, throws a VALIDATION_FAILED DomainError naming the matcher.
 */
export async function queryRows<T extends unknown[]>(store: TelemetryStore, query: CompiledQuery, matchers: readonly LabelMatcher[] = []): Promise<T[]> {
  await checkRegexes(store, matchers);
  try {
    const result = await store.client.query({
      ...query,
      format: 'JSONCompactEachRow',
      clickhouse_settings: readSettings(store),
    });
    return (await result.json()) as T[];
  } catch (error) {
    if (matchers.some((matcher) => matcher.op === '=~' || matcher.op === '!~') && isRegexError(error)) throw await regexProblem(store, matchers, error);
    throw error;
  }
}

/**
 * Runs a query returning one row of two columns, a number and a text (TabSeparatedRaw: the text
 * holds no tab or newline, as JSON text does not), and returns them with the text as the bytes
 * the engine wrote: `exec` hands over the engine's output unread, so a multi-MB answer is never
 * decoded into a JS string, split, joined and encoded again on its way to the socket (~15 ms
 * and its garbage for bench/query's 3.6 MB range answer). JSON is written as JSON.stringify
 * would: 64-bit integers unquoted, NaN and Inf as null.
 */
export async function queryNumberAndText(store: TelemetryStore, query: CompiledQuery): Promise<{ number: number; text: Buffer }> {
  const result = await store.client.exec({
    query: `${query.query}\nFORMAT TabSeparatedRaw`,
    query_params: query.query_params,
    clickhouse_settings: {
      output_format_json_quote_64bit_integers: 0,
      output_format_json_quote_denormals: 0,
      ...readSettings(store),
    },
  });
  const chunks: Buffer[] = [];
  for await (const chunk of result.stream) chunks.push(chunk as Buffer);
  const output = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
  const tab = output.indexOf(9);
  if (tab < 0) throw new Error(`expected "number<TAB>text" from the engine, got ${output.length} bytes`);
  const end = output[output.length - 1] === 10 ? output.length - 1 : output.length;
  return { number: Number(output.subarray(0, tab).toString('latin1')), text: output.subarray(tab + 1, end) };
}
