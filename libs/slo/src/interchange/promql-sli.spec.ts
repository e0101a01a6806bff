import { describe, expect, it } from 'vitest';
import { formatSliQuery, parseSliQuery, unquote } from './promql-sli';

describe('parseSliQuery', () => {
  it.each([
    ['sum(rate(http_requests_total{job="api",code=~"5.."}[5m]))', 'http_requests_total', [{ label: 'job', op: '=', value: 'api' }, { label: 'code', op: '=~', value: '5..' }], []],
    ['sum by (service) (rate(x{code!="200"}[{{.window}}]))', 'x', [{ label: 'code', op: '!=', value: '200' }], ['service']],
    ['sum(rate(x[{{ .window }}])) by (service, route)', 'x', [], ['service', 'route']],
    ['(sum(increase(x{a!~"b|c"}[1h])))', 'x', [{ label: 'a', op: '!~', value: 'b|c' }], []],
    ['sum(rate({__name__="x", a=`raw\\d`}[5m]))', 'x', [{ label: 'a', op: '=', value: 'raw\\d' }], []],
    [`sum(rate(x{a='single "q"'}[5m]))`, 'x', [{ label: 'a', op: '=', value: 'single "q"' }], []],
  ])('reads %s', (text, name, matchers, by) => {
    expect(parseSliQuery(text)).toEqual({ ok: true, query: { name, matchers, by } });
  });

  it.each([
    ['sum(rate(x[5m])) / sum(rate(y[5m]))', 'it is a binary operation, not a sum'],
    ['rate(x[5m])', 'it is a function call, not a sum'],
    ['avg(rate(x[5m]))', 'it aggregates with `avg`, not `sum`'],
    ['sum without (a) (rate(x[5m]))', '`without` is not supported; list the labels to keep with `by`'],
    ['sum(irate(x[5m]))', 'it sums irate(...), not rate(...)'],
    ['sum(x)', 'sum is applied to a plain selector, not to rate(...)'],
    ['sum(rate(x[5m] offset 1h))', 'rate must take one range selector such as x{...}[5m]'],
    ['sum(rate(x[5m:1m]))', 'rate must take one range selector such as x{...}[5m]'],
    ['sum(rate({a="b"}[5m]))', 'the selector names no metric'],
    ['sum(rate(x{a="\\q"}[5m]))', 'the string in `a="\\q"` has an escape PromQL does not allow'],
  ])('refuses %s', (text, reason) => {
    expect(parseSliQuery(text)).toEqual({ ok: false, reason });
  });

  it('refuses what PromQL cannot parse, saying where', () => {
    const result = parseSliQuery('sum(rate(x[5m]');
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toMatch(/^it is not valid PromQL \(near character \d+/);
  });

  it('writes back what it reads', () => {
    const query = { name: 'x', matchers: [{ label: 'a', op: '=~' as const, value: 'q"\\d' }], by: ['service'] };
    const text = formatSliQuery(query, '5m');
    expect(text).toBe('sum by (service)(rate(x{a=~"q\\"\\\\d"}[5m]))');
    expect(parseSliQuery(text)).toEqual({ ok: true, query });
  });

  it('unquotes Go-style strings', () => {
    expect(unquote('"a\\nb\\\\"')).toBe('a\nb\\');
    expect(unquote('`a\\n`')).toBe('a\\n');
    expect(unquote('"\\x"')).toBeUndefined();
  });
});
