import { describe, expect, it } from 'vitest';
import { metricQueryPath, metricsStateFromSearch, metricsStateToSearch } from './metrics-query';
import { searchRecord } from './search-params';

const RANGE = { from: 1_000_000, to: 4_600_000 };

describe('metrics explorer state in the address bar', () => {
  it('restores exactly what it wrote', () => {
    const state = metricsStateFromSearch({});
    const full = {
      ...state,
      metric: 'http_requests_total',
      matchers: [
        { label: 'service', op: '=' as const, value: 'checkout' },
        { label: 'code', op: '=~' as const, value: '5..' },
      ],
      fn: 'rate' as const,
      agg: 'sum' as const,
      by: ['service', 'code'],
      step: 60_000,
      range: { kind: 'absolute' as const, from: 1, to: 2 },
    };
    const search = metricsStateToSearch(full, 'p1');
    expect(search.get('project')).toBe('p1');
    expect(metricsStateFromSearch(searchRecord(search))).toEqual(full);
  });

  it('leaves defaults out, ignores settings it cannot read and keeps every matcher', () => {
    expect(metricsStateToSearch(metricsStateFromSearch({}), undefined).toString()).toBe('');
    const state = metricsStateFromSearch({ fn: 'median', quantile: '1.5', step: '10', range: '2w', match: ['nope', 'a="b"'] });
    expect(state).toMatchObject({ fn: 'raw', quantile: undefined, step: undefined, range: { kind: 'preset', preset: '1h' } });
    // Matchers are the API's to judge: text that is no matcher is kept (and sent) as it is.
    expect(state.matchers).toEqual([{ label: 'nope', op: '=', value: '', unread: 'nope' }, { label: 'a', op: '=', value: 'b' }]);
  });
});

describe('metricQueryPath', () => {
  const base = metricsStateFromSearch({ metric: 'm' });

  it('sends raw queries with only what differs from the API defaults', () => {
    expect(metricQueryPath('p', base, RANGE)).toBe('/api/v1/metrics/query?project=p&name=m&from=1000000&to=4600000');
  });

  it('sends repeated matchers, the function, the aggregation and its group-by labels', () => {
    const path = metricQueryPath('p', { ...base, matchers: [{ label: 'a', op: '!=', value: 'x y' }, { label: '', op: '=', value: 'ignored' }], fn: 'rate', agg: 'sum', by: ['a', 'b'] }, RANGE);
    const params = new URL(path, 'http://x').searchParams;
    expect(params.getAll('match')).toEqual(['a!="x y"']);
    expect(params.get('fn')).toBe('rate');
    expect(params.get('agg')).toBe('sum');
    expect(params.getAll('by')).toEqual(['a', 'b']);
  });

  it('sends a matcher with an invalid label name as typed, and leaves out only rows without a label', () => {
    const path = metricQueryPath('p', { ...base, matchers: [{ label: 'bad-name', op: '=', value: 'x' }, { label: '', op: '=', value: 'y' }] }, RANGE);
    expect(new URL(path, 'http://x').searchParams.getAll('match')).toEqual(['bad-name="x"']);
    const linked = metricsStateFromSearch({ metric: 'm', match: '1x="a"' });
    expect(new URL(metricQueryPath('p', linked, RANGE), 'http://x').searchParams.getAll('match')).toEqual(['1x="a"']);
    expect(metricsStateToSearch(linked, undefined).getAll('match')).toEqual(['1x="a"']);
  });

  it('drops group-by without an aggregation, and over-time for rate', () => {
    const params = new URL(metricQueryPath('p', { ...base, fn: 'increase', over: 'max', by: ['a'] }, RANGE), 'http://x').searchParams;
    expect(params.has('by')).toBe(false);
    expect(params.has('over')).toBe(false);
  });

  it('asks for a quantile by the histogram base name, grouped', () => {
    const params = new URL(metricQueryPath('p', { ...base, metric: 'latency_bucket', quantile: 0.99, by: ['service'], fn: 'rate', agg: 'sum' }, RANGE), 'http://x').searchParams;
    expect(params.get('name')).toBe('latency');
    expect(params.get('quantile')).toBe('0.99');
    expect(params.has('fn')).toBe(false);
    expect(params.has('agg')).toBe(false);
    expect(params.getAll('by')).toEqual(['service']);
  });
});
