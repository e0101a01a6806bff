import { describe, expect, it } from 'vitest';
import { metricQueryPath, selectionFromSearch, stepFor } from './metrics-query';

describe('query paths', () => {
  it('asks for about 600 buckets of whole seconds, never under 1 s', () => {
    expect(stepFor(15 * 60_000)).toBe(2000);
    expect(stepFor(24 * 3_600_000)).toBe(144_000);
    expect(stepFor(10_000)).toBe(1000);
  });

  it('encodes the matcher', () => {
    expect(metricQueryPath({ projectId: 'p', name: 'm', from: 1, to: 2, match: 'service="a b"' })).toBe(
      '/api/v1/metrics/query?project=p&name=m&from=1&to=2&match=service%3D%22a+b%22',
    );
  });
});

describe('selectionFromSearch', () => {
  it('reads the address bar, falling back to 1 hour for an unknown range', () => {
    expect(selectionFromSearch({ project: 'p', metric: 'm', range: '7d', match: 'a="b"' })).toEqual({ project: 'p', metric: 'm', range: '1h', match: 'a="b"' });
    expect(selectionFromSearch({ range: '15m', metric: ['x', 'y'] })).toEqual({ project: undefined, metric: undefined, range: '15m', match: '' });
  });
});
