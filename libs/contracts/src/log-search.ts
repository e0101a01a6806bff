/**
 * The small languages of the logs search API (docs/query.md, Logs), as pure functions so the
 * API and the dashboard read `q`, `attr` and `severity` the same way. Hand-written: the grammar
 * is a few lines, and query-string libraries (search-query-parser, lucene parsers) bring
 * operators (OR, field:value, wildcards) the API does not promise.
 */

/** Severity level names, lowest first; each covers four OTLP severity numbers. */
export const LOG_SEVERITY_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
export type LogSeverityLevel = (typeof LOG_SEVERITY_LEVELS)[number];
/** A level name, or `unspecified` for severity number 0 (and anything outside 1–24). */
export type LogSeverityName = LogSeverityLevel | 'unspecified';
export const LOG_SEVERITY_NAMES: readonly LogSeverityName[] = ['unspecified', ...LOG_SEVERITY_LEVELS];

/** OTLP severity numbers of a level, inclusive: trace 1–4 … fatal 21–24; unspecified is 0. */
export function logSeverityRange(name: LogSeverityName): readonly [number, number] {
  if (name === 'unspecified') return [0, 0];
  const index = LOG_SEVERITY_LEVELS.indexOf(name);
  return [index * 4 + 1, index * 4 + 4];
}

/** The level an OTLP severity number belongs to; 0 and numbers above 24 are `unspecified`. */
export function logSeverityName(severityNumber: number): LogSeverityName {
  if (!Number.isInteger(severityNumber) || severityNumber < 1 || severityNumber > 24) return 'unspecified';
  return LOG_SEVERITY_LEVELS[Math.floor((severityNumber - 1) / 4)] ?? 'unspecified';
}

/** One term of `q`: a word or a quoted phrase, required or (with a leading `-`) excluded. */
export interface LogTextTerm {
  text: string;
  phrase: boolean;
  exclude: boolean;
}

const isSpace = (char: string): boolean => /\s/.test(char);

/**
 * A character that belongs to a token. Bodies are searched by tokens as ClickHouse's
 * `splitByNonAlpha` makes them (the text index, migration 002): runs of anything but ASCII
 * punctuation, spaces and control characters, so letters outside ASCII belong to tokens.
 */
export const LOG_TOKEN_CHARACTER = /[0-9A-Za-z\u0080-\uffff]/;

/**
 * True for a word or phrase with nothing to search for: no token character at all (`-`, `...`,
 * `""`, `"  "`). It can match no token, and as text it would be a scan of every record in the
 * range for punctuation; the API refuses it (400 naming `q`) instead of guessing.
 */
export function isEmptyLogTextTerm(term: LogTextTerm): boolean {
  return !LOG_TOKEN_CHARACTER.test(term.text);
}

/** A term as it is written in `q`: `word`, `-word`, `"a phrase"`, `-"say \"hi\""`. */
export function formatLogTextTerm(term: LogTextTerm): string {
  const text = term.phrase ? `"${term.text.replace(/[\\"]/g, (char) => `\\${char}`)}"` : term.text;
  return term.exclude ? `-${text}` : text;
}

/**
 * Splits `q` into terms: whitespace separates words; `"…"` is a phrase (inside it `\"` is a
 * quote and `\\` a backslash; an unclosed quote runs to the end); a leading `-` excludes the
 * word or phrase that follows it. Empty phrases are kept (isEmptyLogTextTerm tells them, and
 * words of punctuation only, apart). Case is kept (matching ignores it).
 */
export function parseLogSearchText(q: string): LogTextTerm[] {
  const terms: LogTextTerm[] = [];
  let index = 0;
  while (index < q.length) {
    if (isSpace(q[index] as string)) {
      index += 1;
      continue;
    }
    let exclude = false;
    if (q[index] === '-' && index + 1 < q.length && !isSpace(q[index + 1] as string)) {
      exclude = true;
      index += 1;
    }
    if (q[index] === '"') {
      let text = '';
      index += 1;
      while (index < q.length && q[index] !== '"') {
        const char = q[index] as string;
        const next = q[index + 1];
        if (char === '\\' && (next === '"' || next === '\\')) {
          text += next;
          index += 2;
        } else {
          text += char;
          index += 1;
        }
      }
      index += 1; // the closing quote (or past the end)
      terms.push({ text, phrase: true, exclude });
      continue;
    }
    let text = '';
    while (index < q.length && !isSpace(q[index] as string)) text += q[index++];
    terms.push({ text, phrase: false, exclude });
  }
  return terms;
}

/** `key=value` or `key!=value` on record attributes, or with `resource.` on resource attributes. */
export interface LogAttributeFilter {
  target: 'attributes' | 'resource';
  key: string;
  op: '=' | '!=';
  value: string;
}

const RESOURCE_PREFIX = 'resource.';

/**
 * Reads one `attr` value: the key runs to the first `=` (`!=` when a `!` precedes it) and is
 * trimmed; the value is the rest, exactly as given (it may contain `=`). `resource.k` selects the
 * resource attribute `k`. Returns undefined when there is no `=` or the key is empty.
 */
export function parseLogAttributeFilter(text: string): LogAttributeFilter | undefined {
  const equals = text.indexOf('=');
  if (equals < 0) return undefined;
  const negated = equals > 0 && text[equals - 1] === '!';
  let key = text.slice(0, negated ? equals - 1 : equals).trim();
  const value = text.slice(equals + 1);
  let target: LogAttributeFilter['target'] = 'attributes';
  if (key.startsWith(RESOURCE_PREFIX)) {
    target = 'resource';
    key = key.slice(RESOURCE_PREFIX.length);
  }
  if (key === '') return undefined;
  return { target, key, op: negated ? '!=' : '=', value };
}
