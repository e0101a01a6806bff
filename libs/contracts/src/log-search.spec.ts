import { describe, expect, it } from 'vitest';
import { formatLogTextTerm, isEmptyLogTextTerm, logSeverityName, logSeverityRange, parseLogAttributeFilter, parseLogSearchText } from './log-search';
import { defaultLogHistogramStep, logsHistogramRequestSchema, logsQueryRequestSchema, logsTailRequestSchema } from './logs.schema';

describe('parseLogSearchText', () => {
  it('reads words, quoted phrases and exclusions', () => {
    expect(parseLogSearchText('  Payment  -declined "order 77" -"dry run" ')).toEqual([
      { text: 'Payment', phrase: false, exclude: false },
      { text: 'declined', phrase: false, exclude: true },
      { text: 'order 77', phrase: true, exclude: false },
      { text: 'dry run', phrase: true, exclude: true },
    ]);
  });

  it('keeps escapes in phrases, runs an unclosed quote to the end and keeps empty phrases for the schema to refuse', () => {
    expect(parseLogSearchText('"say \\"hi\\" \\\\ \\n" "" "open end')).toEqual([
      { text: 'say "hi" \\ \\n', phrase: true, exclude: false },
      { text: '', phrase: true, exclude: false },
      { text: 'open end', phrase: true, exclude: false },
    ]);
  });

  it('tells terms with nothing to search for: no letter, digit or non-ASCII character', () => {
    const empty = (q: string) => parseLogSearchText(q).filter(isEmptyLogTextTerm).map(formatLogTextTerm);
    expect(empty('- "" -"" "   " ... -- "->" "\\"" ok')).toEqual(['-', '""', '-""', '"   "', '...', '--', '"->"', '"\\""']);
    expect(empty('a -b "c d" e-f x_ -"!y" über 日本 ☃ 3.14')).toEqual([]);
  });

  it('writes terms back as they are typed', () => {
    expect(parseLogSearchText('a -b "c \\"d\\" \\\\" -"e"').map(formatLogTextTerm)).toEqual(['a', '-b', '"c \\"d\\" \\\\"', '-"e"']);
  });

  it('takes a lone dash and dashes inside words literally', () => {
    expect(parseLogSearchText('- eu-west-1 a"b')).toEqual([
      { text: '-', phrase: false, exclude: false },
      { text: 'eu-west-1', phrase: false, exclude: false },
      { text: 'a"b', phrase: false, exclude: false },
    ]);
    expect(parseLogSearchText('')).toEqual([]);
  });
});

describe('parseLogAttributeFilter', () => {
  it('splits at the first = or !=, trims the key, keeps the value exactly', () => {
    expect(parseLogAttributeFilter(' http.route = /a=b ')).toEqual({ target: 'attributes', key: 'http.route', op: '=', value: ' /a=b ' });
    expect(parseLogAttributeFilter('code!=500')).toEqual({ target: 'attributes', key: 'code', op: '!=', value: '500' });
    expect(parseLogAttributeFilter('resource.host.name=pod-1')).toEqual({ target: 'resource', key: 'host.name', op: '=', value: 'pod-1' });
    expect(parseLogAttributeFilter('k=')).toEqual({ target: 'attributes', key: 'k', op: '=', value: '' });
  });

  it('refuses text without = or without a key', () => {
    for (const text of ['novalue', '=x', '!=x', 'resource.=x', '  =x']) expect(parseLogAttributeFilter(text), text).toBeUndefined();
  });
});

describe('severity levels', () => {
  it('maps names to OTLP ranges and numbers back to names', () => {
    expect(logSeverityRange('trace')).toEqual([1, 4]);
    expect(logSeverityRange('fatal')).toEqual([21, 24]);
    expect(logSeverityRange('unspecified')).toEqual([0, 0]);
    expect([0, 1, 4, 5, 12, 13, 20, 21, 24, 25].map(logSeverityName)).toEqual(['unspecified', 'trace', 'trace', 'debug', 'info', 'warn', 'error', 'fatal', 'fatal', 'unspecified']);
  });
});

describe('logs request schemas', () => {
  const issue = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) => {
    const first = result.error?.issues[0];
    return first ? `${first.path.join('.')}: ${first.message}` : 'ok';
  };

  it('accepts repeatable filters as one value or many', () => {
    const parsed = logsQueryRequestSchema.parse({ from: '1000', to: '2000-01-01T00:00:00Z', service: 'api', severity: ['warn', 'error'], attr: ['a=b', 'resource.c!=d'], q: 'x -y', trace_id: '0AF7651916CD43DD8448EB211C80319C' });
    expect(parsed).toMatchObject({ from: 1000, to: Date.UTC(2000, 0, 1), service: ['api'], severity: ['warn', 'error'], limit: 100, trace_id: '0af7651916cd43dd8448eb211c80319c' });
    expect(parsed.attr).toHaveLength(2);
    expect(parsed.q).toHaveLength(2);
    expect(logsTailRequestSchema.parse({})).toEqual({ service: [], severity: [], attr: [], q: [] });
    // An empty or blank q is no text filter, as if it were absent.
    expect(logsTailRequestSchema.parse({ q: '  ' })).toEqual({ service: [], severity: [], attr: [], q: [] });
  });

  it('names the parameter that is wrong', () => {
    const base = { from: '0', to: '1000' };
    expect(issue(logsQueryRequestSchema.safeParse({ ...base, severity: 'loud' }))).toMatch(/^severity\.0: must be one of/);
    expect(issue(logsQueryRequestSchema.safeParse({ ...base, attr: ['nope'] }))).toMatch(/^attr\.0: must be key=value/);
    expect(issue(logsQueryRequestSchema.safeParse({ ...base, q: 'x'.repeat(1025) }))).toBe('q: at most 1024 characters');
    expect(issue(logsQueryRequestSchema.safeParse({ ...base, q: 'timeout -' }))).toBe('q: `-` has nothing to search for: each word or phrase needs a letter or a digit');
    expect(issue(logsTailRequestSchema.safeParse({ q: '-""' }))).toBe('q: `-""` has nothing to search for: each word or phrase needs a letter or a digit');
    expect(issue(logsHistogramRequestSchema.safeParse({ ...base, q: '"  "' }))).toMatch(/^q: `" {2}"` has nothing to search for/);
    expect(issue(logsQueryRequestSchema.safeParse({ ...base, limit: '0' }))).toBe('limit: must be at least 1');
    expect(issue(logsQueryRequestSchema.safeParse({ ...base, limit: '1001' }))).toBe('limit: must be at most 1000');
    expect(issue(logsQueryRequestSchema.safeParse({ ...base, trace_id: 'xyz' }))).toMatch(/^trace_id: must be 32 hexadecimal/);
    expect(issue(logsQueryRequestSchema.safeParse({ from: 'yesterday', to: '1' }))).toMatch(/^from: must be epoch milliseconds/);
    expect(issue(logsQueryRequestSchema.safeParse({ from: '10', to: '1' }))).toBe('to: `to` must not be before `from`');
    expect(issue(logsQueryRequestSchema.safeParse({ ...base, unknown: '1' }))).toMatch(/unknown|Unrecognized/);
    expect(issue(logsHistogramRequestSchema.safeParse({ ...base, step: '1.5' }))).toBe('step: must be a whole number of milliseconds');
  });

  it('defaults the histogram step to the range / 60 in whole seconds', () => {
    expect(defaultLogHistogramStep(0, 3_600_000)).toBe(60_000);
    expect(defaultLogHistogramStep(0, 1_000)).toBe(1_000);
    expect(defaultLogHistogramStep(0, 100_000)).toBe(2_000);
  });
});
