import { type LabelMatcher, parseLabelMatcher } from '@vigil/contracts';
import { describe, expect, it } from 'vitest';
import { AlertingError } from './alerting.errors';
import { compileMatchers, compileRegex, formatMatcher, labelValue, matcherProblems, matchesAll, translateRe2 } from './matchers';

const m = (label: string, op: LabelMatcher['op'], value: string): LabelMatcher => ({ label, op, value });

describe('labelValue', () => {
  it('reads a missing label, and inherited object properties, as ""', () => {
    expect(labelValue({ a: 'x' }, 'a')).toBe('x');
    expect(labelValue({ a: 'x' }, 'b')).toBe('');
    expect(labelValue({}, 'constructor')).toBe('');
    expect(labelValue({}, 'toString')).toBe('');
    expect(labelValue({}, '__proto__')).toBe('');
  });
});

describe('compileMatchers: PromQL semantics', () => {
  const labels = { service: 'checkout', code: '503', env: '' };
  const cases: [LabelMatcher, boolean][] = [
    [m('service', '=', 'checkout'), true],
    [m('service', '=', 'check'), false],
    [m('service', '!=', 'checkout'), false],
    [m('service', '!=', 'cart'), true],
    // A missing (or empty) label reads as "".
    [m('region', '=', ''), true],
    [m('region', '!=', ''), false],
    [m('env', '=', ''), true],
    [m('region', '=~', '.*'), true],
    [m('region', '=~', '.+'), false],
    [m('region', '!~', 'eu.*'), true],
    // Anchored at both ends.
    [m('code', '=~', '5..'), true],
    [m('code', '=~', '5\\d\\d'), true],
    [m('code', '=~', '5'), false],
    [m('code', '=~', '0'), false],
    [m('code', '=~', '50|503'), true],
    [m('code', '=~', '5|503x'), false],
    [m('service', '!~', 'check'), true],
    [m('service', '!~', 'check.*'), false],
    // A leading (?i) is the i flag.
    [m('service', '=~', '(?i)CHECKOUT'), true],
    [m('service', '=~', 'CHECKOUT'), false],
    // (?P<name>) is RE2's spelling of a named group.
    [m('service', '=~', '(?P<svc>check)out'), true],
  ];
  it.each(cases)('%j on {service=checkout, code=503, env=""} → %s', (matcher, expected) => {
    expect(compileMatchers([matcher])(labels)).toBe(expected);
  });

  it('needs every matcher to match; none matches everything', () => {
    expect(compileMatchers([])({})).toBe(true);
    expect(compileMatchers([m('service', '=', 'checkout'), m('code', '=~', '5..')])(labels)).toBe(true);
    expect(compileMatchers([m('service', '=', 'checkout'), m('code', '=~', '4..')])(labels)).toBe(false);
    expect(matchesAll(labels, [m('code', '!~', '2..'), m('env', '=', '')])).toBe(true);
  });

  it('compiles each regex once: the same source gives the same RegExp object', () => {
    const first = compileRegex('a.*b');
    expect(first).toBeInstanceOf(RegExp);
    expect(compileRegex('a.*b')).toBe(first);
    expect((first as RegExp).source).toBe('^(?:a.*b)$');
  });
});

describe('matcherProblems', () => {
  it('names the matcher and says what is wrong', () => {
    const problems = matcherProblems([m('service', '=', 'x'), m('path', '=~', '(')], 'spec.query.matchers');
    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toBe('spec.query.matchers[1].value');
    expect(problems[0]?.message).toMatch(/^path=~"\(": not a valid regular expression/);
  });

  it('is empty for valid matchers, and compileMatchers throws INVALID_MATCHER otherwise', () => {
    expect(matcherProblems([m('a', '=~', 'x|y'), m('b', '!~', '[0-9]+')])).toEqual([]);
    try {
      compileMatchers([m('a', '=~', 'x(?=y)')]);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AlertingError);
      expect((error as AlertingError).code).toBe('INVALID_MATCHER');
      expect((error as AlertingError).errors[0]?.message).toContain('a=~"x(?=y)"');
    }
  });

  it('refuses regexes longer than the API allows', () => {
    expect(matcherProblems([m('a', '=~', 'x'.repeat(1025))])[0]?.message).toContain('longer than 1024');
  });
});

describe('translateRe2: RE2 and JavaScript must agree', () => {
  const refused: [string, RegExp][] = [
    ['a(?=b)', /lookahead/],
    ['a(?!b)', /lookahead/],
    ['(?<=a)b', /lookbehind/],
    ['(?<!a)b', /lookbehind/],
    ['(a)\\1', /backreference/],
    ['(?<x>a)\\k<x>', /backreference/],
    ['(?P<x>a)(?P=x)', /backreference/],
    ['a\\z', /different things/],
    ['\\Aa', /different things/],
    ['\\pL', /different things/],
    ['\\p{Greek}', /different things/],
    ['\\Qa.b\\E', /different things/],
    ['\\e', /different things/],
    ['\\x{41}', /RE2-only/],
    ['\\xZZ', /two hexadecimal digits/],
    ['[[:alpha:]]', /POSIX/],
    ['[]a]', /first in a character class/],
    ['[^]a]', /first in a character class/],
    ['[\\b]', /inside a character class/],
    ['a(?i)b', /inline flags/],
    ['(?i:a)b', /inline flags/],
    ['(?m)a', /no JavaScript equivalent/],
    ['(?U)a+', /no JavaScript equivalent/],
    ['(a+)+', /exponential/],
    ['(x*)*y', /exponential/],
    ['((ab)+c)*', /exponential/],
    ['(a+){2,}', /exponential/],
    ['a\\', /lone backslash/],
    ['\\é', /ASCII punctuation/],
  ];
  it.each(refused)('refuses %s', (source, reason) => {
    const result = translateRe2(source);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toMatch(reason);
  });

  const accepted: [string, string, string][] = [
    ['5\\d\\d', '5\\d\\d', ''],
    ['(?i)abc', 'abc', 'i'],
    ['(?is)a.c', 'a.c', 'is'],
    ['(?P<svc>a|b)', '(?<svc>a|b)', ''],
    ['(?:a|b)+', '(?:a|b)+', ''],
    ['(\\d+\\.){3}\\d+', '(\\d+\\.){3}\\d+', ''],
    ['(a+)?', '(a+)?', ''],
    ['[(?=]', '[(?=]', ''],
    ['a\\-b\\.c\\/', 'a\\-b\\.c\\/', ''],
    ['x{2', 'x{2', ''],
    ['\\x41', '\\x41', ''],
  ];
  it.each(accepted)('accepts %s as /%s/%s', (source, pattern, flags) => {
    expect(translateRe2(source)).toEqual({ ok: true, pattern, flags });
  });

  it('matches what it accepts the way RE2 would', () => {
    expect(compileMatchers([m('ip', '=~', '(\\d+\\.){3}\\d+')])({ ip: '10.0.0.1' })).toBe(true);
    expect(compileMatchers([m('v', '=~', 'a\\-b')])({ v: 'a-b' })).toBe(true);
    expect(compileMatchers([m('v', '=~', '[(?=]+')])({ v: '(?=' })).toBe(true);
  });
});

describe('formatMatcher', () => {
  it('writes what parseLabelMatcher reads back', () => {
    for (const matcher of [m('a', '=', 'x"y'), m('b', '=~', '5\\d\\d'), m('c', '!=', 'line\nbreak\ttab'), m('d', '!~', 'back\\\\slash')]) {
      expect(parseLabelMatcher(formatMatcher(matcher))).toEqual(matcher);
    }
  });
});
