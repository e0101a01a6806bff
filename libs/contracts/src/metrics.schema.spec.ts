import { describe, expect, it } from 'vitest';
import { metricLabelValuesRequestSchema, metricQueryRequestSchema, parseLabelMatcher } from './metrics.schema';

describe('parseLabelMatcher', () => {
  it('parses the four PromQL operators', () => {
    expect(parseLabelMatcher('service="checkout"')).toEqual({ label: 'service', op: '=', value: 'checkout' });
    expect(parseLabelMatcher('env != "dev"')).toEqual({ label: 'env', op: '!=', value: 'dev' });
    expect(parseLabelMatcher('path=~"/api/.*"')).toEqual({ label: 'path', op: '=~', value: '/api/.*' });
    expect(parseLabelMatcher('code!~"5.."')).toEqual({ label: 'code', op: '!~', value: '5..' });
  });

  it('unescapes \\\\, \\" \\n and \\t and keeps other backslashes for regexes', () => {
    expect(parseLabelMatcher('a="say \\"hi\\" \\\\ x"')?.value).toBe('say "hi" \\ x');
    expect(parseLabelMatcher('a=~"\\d+\\.\\d+"')?.value).toBe('\\d+\\.\\d+');
  });

  it('refuses what is not a matcher', () => {
    expect(parseLabelMatcher('service=checkout')).toBeUndefined();
    expect(parseLabelMatcher('1abc="x"')).toBeUndefined();
    expect(parseLabelMatcher('a=="x"')).toBeUndefined();
    expect(parseLabelMatcher("x'); DROP TABLE logs; --=\"v\"")).toBeUndefined();
  });
});

describe('metricQueryRequestSchema', () => {
  const base = { name: 'http_requests_total', from: '1000', to: '2000' };
  it('applies defaults and parses repeatable parameters', () => {
    expect(metricQueryRequestSchema.parse({ ...base, match: ['a="1"', 'b=~"x|y"'], by: 'service', agg: 'sum', step: '60000' })).toEqual({
      name: 'http_requests_total',
      from: 1000,
      to: 2000,
      step: 60_000,
      match: [
        { label: 'a', op: '=', value: '1' },
        { label: 'b', op: '=~', value: 'x|y' },
      ],
      by: ['service'],
      fn: 'raw',
      over: 'avg',
      agg: 'sum',
    });
  });

  it('names the parameter in every refusal', () => {
    const issues = (input: Record<string, unknown>) => metricQueryRequestSchema.safeParse({ ...base, ...input }).error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    expect(issues({ match: 'a=b' })).toEqual([expect.stringMatching(/^match: "a=b" is not a matcher/)]);
    expect(issues({ match: `a=~"${'x'.repeat(1025)}"` })).toEqual([expect.stringMatching(/^match: the regex of a is longer than 1024/)]);
    expect(issues({ by: "x'); DROP", agg: 'sum' })).toEqual([expect.stringMatching(/^by\.0: label names must match/)]);
    expect(issues({ by: 'service' })).toEqual([expect.stringMatching(/^by: `by` groups an aggregation/)]);
    expect(issues({ quantile: '1' })).toEqual([expect.stringMatching(/^quantile: must be between 0 and 1/)]);
    expect(issues({ quantile: '0.9', fn: 'rate' })).toEqual([expect.stringMatching(/^fn: `quantile` reads the bucket increases itself/)]);
    expect(issues({ fn: 'rate', over: 'max' })).toEqual([expect.stringMatching(/^over: /)]);
    expect(issues({ step: '500' })).toEqual(['step: must be at least 1000 ms']);
    expect(issues({ to: String(1000 + 32 * 86_400_000) })).toEqual(['to: the range may span at most 31 days']);
    expect(issues({ fn: 'sum' })?.[0]).toMatch(/^fn: /);
  });
});

describe('metricLabelValuesRequestSchema', () => {
  it('needs a valid label and both ends of a range', () => {
    expect(metricLabelValuesRequestSchema.parse({ label: 'service' })).toEqual({ label: 'service', match: [], limit: 1000 });
    expect(metricLabelValuesRequestSchema.safeParse({ label: 'service', from: '1' }).error?.issues[0]?.path).toEqual(['to']);
    expect(metricLabelValuesRequestSchema.safeParse({ label: 'a-b' }).success).toBe(false);
  });
});
