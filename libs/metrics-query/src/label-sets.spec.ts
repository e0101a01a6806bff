import { describe, expect, it } from 'vitest';
import { compareLabelSets, labelSetKey, pickLabels } from './label-sets';

describe('label sets', () => {
  it('keys label sets independent of insertion order', () => {
    expect(labelSetKey({ b: '1', a: '2' })).toBe(labelSetKey({ a: '2', b: '1' }));
    expect(compareLabelSets({ a: '1' }, { a: '2' })).toBeLessThan(0);
    expect(compareLabelSets({ a: '1' }, { a: '1' })).toBe(0);
  });

  it('keeps the `by` labels a series has, leaving missing and empty ones out', () => {
    expect(pickLabels({ service: 'api', pod: 'p1', env: '' }, ['service', 'env', 'region'])).toEqual({ service: 'api' });
    expect(pickLabels({ service: 'api' }, [])).toEqual({});
  });
});
