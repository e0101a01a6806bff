import { type LabelMatcher, MAX_MATCHER_REGEX_LENGTH } from '@vigil/contracts';
import type { Labels } from '@vigil/metrics-query';
import { AlertingError, type AlertingFieldProblem } from './alerting.errors';

/**
 * Label matchers with PromQL's semantics, evaluated in JavaScript on an alert's (or a series')
 * labels: a missing label reads as `""`; `=~` and `!~` must match the whole value (anchored at
 * both ends as `^(?:re)$`).
 *
 * The same matchers also run in ClickHouse (`match`, RE2) when the metric query engine selects
 * series, so a matcher must mean the same in both engines. JavaScript's RegExp and RE2 differ:
 * - JS has lookarounds (`(?=`, `(?!`, `(?<=`, `(?<!`) and backreferences (`\1`, `\k<n>`); RE2 has
 *   neither (it guarantees linear time). Refused.
 * - RE2 has things JS reads differently without complaint: `\z`, `\A`, `\pL`/`\p{Greek}`, `\Q…\E`,
 *   `\C`, `\x{…}`, `\a`, POSIX classes `[[:alpha:]]`, a `]` first in a class, and inline flags
 *   anywhere (`(?i)x`, `(?i:x)`; Node 20's RegExp has no modifiers). Refused, except a leading
 *   `(?i)` / `(?s)`, which becomes the `i` / `s` flag (the common Prometheus idiom). `(?P<n>…)`
 *   is rewritten to `(?<n>…)`.
 * - Escapes of letters other than `\d \D \w \W \s \S \b \B \f \n \r \t \v \xHH \0` are refused
 *   (RE2 rejects them, JS reads `\e` as `e`). Escaped punctuation is the character in both.
 * - Remaining differences are accepted and noted here: `\s` is `[\t\n\f\r ]` in RE2 but includes
 *   `\v` and Unicode spaces in JS; ClickHouse's `match` sees UTF-8 bytes, so `.` matches one byte
 *   of a multi-byte character there and one UTF-16 unit here (both only matter for non-ASCII).
 * - JS backtracks: a repeated group that itself repeats without bound (`(a+)+`, `(x*)*`) can take
 *   exponential time on a short label value, and these matchers run on the ingest hot path.
 *   Such nesting is refused (RE2 would run it in linear time; rewrite `(a+)+` as `a+`). Other
 *   super-linear patterns (overlapping alternatives under a repeat) are not detected.
 * Hand-written rather than a library: `re2` (a native addon) would give RE2 itself but is not a
 * dependency of Vigil, and safe-regex-style checkers do not know RE2's syntax.
 */

/** A matcher's label value, `""` when the label is missing (inherited object properties never count). */
export function labelValue(labels: Labels, name: string): string {
  const value = labels[name];
  return typeof value === 'string' ? value : '';
}

/** `label op "value"` with `\\`, `\"`, `\n`, `\t` escaped, as `parseLabelMatcher` reads it back. */
export function formatMatcher(matcher: LabelMatcher): string {
  const escaped = matcher.value.replace(/[\\"\n\t]/g, (char) => (char === '\n' ? '\\n' : char === '\t' ? '\\t' : `\\${char}`));
  return `${matcher.label}${matcher.op}"${escaped}"`;
}

type Translation = { ok: true; pattern: string; flags: string } | { ok: false; problem: string };

/** Letter escapes that mean the same in RE2 and JS (outside a class; in a class `b` and `B` are refused). */
const PORTABLE_LETTER_ESCAPES = new Set(['d', 'D', 'w', 'W', 's', 'S', 'b', 'B', 'f', 'n', 'r', 't', 'v', 'x', '0']);
const REPEAT = /^\{(\d+)(,(\d*))?\}/;

interface OpenGroup {
  /** Holds a quantifier without an upper bound (`*`, `+`, `{n,}`) somewhere inside. */
  unbounded: boolean;
}

/**
 * RE2 source → the equivalent JS source and flags, or why there is none (see the file comment).
 * A small scanner: it tracks character classes, escapes and groups, enough to find the
 * constructs above; the full syntax check is left to the RegExp constructor.
 */
export function translateRe2(source: string): Translation {
  const refuse = (problem: string): Translation => ({ ok: false, problem });
  let flags = '';
  let at = 0;
  const leading = /^\(\?([a-zA-Z]+)\)/.exec(source);
  if (leading) {
    for (const flag of leading[1] ?? '') {
      if (flag !== 'i' && flag !== 's') return refuse(`the flag ${flag} in (?${leading[1]}) has no JavaScript equivalent; only a leading (?i) or (?s) is supported`);
      if (!flags.includes(flag)) flags += flag;
    }
    at = leading[0].length;
  }
  let out = '';
  let inClass = false;
  const groups: OpenGroup[] = [{ unbounded: false }];
  // What a quantifier right here would repeat: a group just closed (and whether it repeats without bound inside).
  let closedGroup: OpenGroup | undefined;
  while (at < source.length) {
    const char = source[at] as string;
    if (char === '\\') {
      const next = source[at + 1];
      if (next === undefined) return refuse('the regex ends with a lone backslash');
      if (/[1-9]/.test(next)) return refuse(`\\${next} is a backreference (or an octal escape) in JavaScript; RE2 has no backreferences`);
      if (/[a-zA-Z]/.test(next)) {
        if (next === 'k') return refuse('\\k<name> is a named backreference; RE2 has no backreferences');
        if (next === 'x' && source[at + 2] === '{') return refuse('\\x{…} is RE2-only; write \\xHH or the character itself');
        if (next === 'x' && !/^[0-9a-fA-F]{2}$/.test(source.slice(at + 2, at + 4))) return refuse('\\x needs two hexadecimal digits (\\xHH)');
        if (!PORTABLE_LETTER_ESCAPES.has(next) || (inClass && (next === 'b' || next === 'B'))) {
          return refuse(`\\${next} means different things in RE2 and JavaScript (or is not valid in one of them)${inClass ? ' inside a character class' : ''}`);
        }
      } else if (next.charCodeAt(0) > 0x7f) {
        return refuse(`\\${next}: RE2 allows a backslash only before ASCII punctuation`);
      }
      out += char + next;
      at += 2;
      closedGroup = undefined;
      continue;
    }
    if (inClass) {
      if (char === '[' && source[at + 1] === ':') return refuse('POSIX classes such as [[:alpha:]] are RE2-only; write the range, e.g. [a-zA-Z]');
      if (char === ']') inClass = false;
      out += char;
      at += 1;
      continue;
    }
    if (char === '[') {
      const first = source[at + 1] === '^' ? source[at + 2] : source[at + 1];
      if (first === ']') return refuse('a ] first in a character class is a literal in RE2 but ends the class in JavaScript; write \\]');
      inClass = true;
      out += char;
      at += 1;
      closedGroup = undefined;
      continue;
    }
    if (char === '(') {
      const head = source.slice(at, at + 4);
      if (head.startsWith('(?=') || head.startsWith('(?!')) return refuse('lookaheads ((?=…), (?!…)) are not supported by RE2');
      if (head === '(?<=' || head === '(?<!') return refuse('lookbehinds ((?<=…), (?<!…)) are not supported by RE2');
      if (head.startsWith('(?P=')) return refuse('(?P=name) is a backreference; RE2 has no backreferences');
      if (head.startsWith('(?P<')) {
        out += '(?<';
        at += 4;
      } else if (head.startsWith('(?') && !head.startsWith('(?:') && !head.startsWith('(?<')) {
        return refuse('inline flags are supported only at the very start of the regex ((?i) or (?s))');
      } else {
        out += char;
        at += 1;
      }
      groups.push({ unbounded: false });
      closedGroup = undefined;
      continue;
    }
    if (char === ')') {
      const closed = groups.length > 1 ? groups.pop() : undefined;
      if (closed?.unbounded) (groups[groups.length - 1] as OpenGroup).unbounded = true;
      closedGroup = closed;
      out += char;
      at += 1;
      continue;
    }
    const quantifier = readQuantifier(source, at);
    if (quantifier) {
      if (quantifier.unbounded && closedGroup?.unbounded) {
        return refuse('a group that repeats without bound inside is repeated without bound again (as in (a+)+); this can take exponential time in JavaScript, rewrite it without the nesting');
      }
      if (quantifier.unbounded) (groups[groups.length - 1] as OpenGroup).unbounded = true;
      out += quantifier.text;
      at += quantifier.text.length;
      closedGroup = undefined;
      continue;
    }
    out += char;
    at += 1;
    closedGroup = undefined;
  }
  return { ok: true, pattern: out, flags };
}

/** A quantifier at `at` (with its lazy `?`), or undefined. `{` that is not a repeat is a literal in both engines. */
function readQuantifier(source: string, at: number): { text: string; unbounded: boolean } | undefined {
  const char = source[at];
  let text: string;
  let unbounded: boolean;
  if (char === '*' || char === '+' || char === '?') {
    text = char;
    unbounded = char !== '?';
  } else if (char === '{') {
    const repeat = REPEAT.exec(source.slice(at));
    if (!repeat) return undefined;
    text = repeat[0];
    unbounded = repeat[2] !== undefined && repeat[3] === '';
  } else {
    return undefined;
  }
  if (source[at + text.length] === '?') text += '?';
  return { text, unbounded };
}

/** Compiled anchored regexes by source (and the reason a source is refused), shared by every matcher. */
const regexCache = new Map<string, RegExp | string>();
/** Bounded so that a stream of distinct regexes (API validation) cannot grow memory without end. */
const REGEX_CACHE_LIMIT = 10_000;

/** The anchored RegExp of an RE2 source, or the reason it is refused. Compiled once per source. */
export function compileRegex(source: string): RegExp | string {
  const cached = regexCache.get(source);
  if (cached !== undefined) return cached;
  let result: RegExp | string;
  if (source.length > MAX_MATCHER_REGEX_LENGTH) {
    result = `the regex is longer than ${MAX_MATCHER_REGEX_LENGTH} characters`;
  } else {
    const translated = translateRe2(source);
    if (!translated.ok) {
      result = translated.problem;
    } else {
      try {
        result = new RegExp(`^(?:${translated.pattern})$`, translated.flags);
      } catch (error) {
        result = `not a valid regular expression (${(error as Error).message.replace(/^Invalid regular expression: /, '')})`;
      }
    }
  }
  if (regexCache.size >= REGEX_CACHE_LIMIT) regexCache.clear();
  regexCache.set(source, result);
  return result;
}

function isRegexOp(matcher: LabelMatcher): boolean {
  return matcher.op === '=~' || matcher.op === '!~';
}

/**
 * What is wrong with each matcher, naming it: `matchers.1: path=~"(": not a valid regular
 * expression (…)`. Empty when all are fine. The API calls this to refuse a rule, policy,
 * silence or window whose matchers would not behave the same here and in ClickHouse.
 */
export function matcherProblems(matchers: readonly LabelMatcher[], path = 'matchers'): AlertingFieldProblem[] {
  const problems: AlertingFieldProblem[] = [];
  matchers.forEach((matcher, index) => {
    if (!isRegexOp(matcher)) return;
    const compiled = compileRegex(matcher.value);
    // The path as the contracts' validation spells it (`matchers[0].value`), naming the field.
    if (typeof compiled === 'string') problems.push({ path: `${path}[${index}].value`, message: `${formatMatcher(matcher)}: ${compiled}` });
  });
  return problems;
}

/** True when the labels satisfy every matcher. */
export type LabelPredicate = (labels: Labels) => boolean;

const matchEverything: LabelPredicate = () => true;

/** One matcher as a predicate on a label value; throws INVALID_MATCHER naming it. */
export function compileValueTest(matcher: LabelMatcher): (value: string) => boolean {
  switch (matcher.op) {
    case '=': {
      const expected = matcher.value;
      return (value) => value === expected;
    }
    case '!=': {
      const unexpected = matcher.value;
      return (value) => value !== unexpected;
    }
    case '=~':
    case '!~': {
      const regex = compileRegex(matcher.value);
      if (typeof regex === 'string') throw new AlertingError('INVALID_MATCHER', `Invalid matcher ${formatMatcher(matcher)}: ${regex}.`, [{ path: 'matchers', message: regex }]);
      return matcher.op === '=~' ? (value) => regex.test(value) : (value) => !regex.test(value);
    }
  }
}

/**
 * All matchers as one predicate, compiled once (regexes from the shared cache). Throws
 * INVALID_MATCHER listing every bad matcher; call `matcherProblems` first to validate input.
 */
export function compileMatchers(matchers: readonly LabelMatcher[], path = 'matchers'): LabelPredicate {
  const problems = matcherProblems(matchers, path);
  if (problems.length > 0) throw new AlertingError('INVALID_MATCHER', `Invalid matchers: ${problems.map((p) => p.message).join('; ')}.`, problems);
  if (matchers.length === 0) return matchEverything;
  const tests = matchers.map((matcher) => ({ label: matcher.label, test: compileValueTest(matcher) }));
  if (tests.length === 1) {
    const [only] = tests as [(typeof tests)[number]];
    return (labels) => only.test(labelValue(labels, only.label));
  }
  return (labels) => {
    for (const { label, test } of tests) if (!test(labelValue(labels, label))) return false;
    return true;
  };
}

/** Convenience for one-off checks: compiles (from the cache) and applies the matchers. */
export function matchesAll(labels: Labels, matchers: readonly LabelMatcher[]): boolean {
  return compileMatchers(matchers)(labels);
}
