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
 * Runs a query and returns its JSONCompactEachRow output as the bytes the engine wrote: `exec`
 * hands the output over unread, so a multi-MB answer is never decoded into a JS string (see
 * steps-json.ts). 64-bit integers unquoted (JSON numbers, as JSON.stringify writes them), NaN
 * and Inf quoted ("nan", "inf", "-inf").
 */
export async function queryJsonRowBytes(store: TelemetryStore, query: CompiledQuery): Promise<Buffer> {
  const result = await store.client.exec({
    query: `${query.query}\nFORMAT JSONCompactEachRow`,
    query_params: query.query_params,
    clickhouse_settings: {
      output_format_json_quote_64bit_integers: 0,
      output_format_json_quote_denormals: 1,
      ...readSettings(store),
    },
  });
  const chunks: Buffer[] = [];
  for await (const chunk of result.stream) chunks.push(chunk as Buffer);
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
}
