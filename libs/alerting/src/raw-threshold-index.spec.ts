import type { LabelMatcher } from '@vigil/contracts';
import { describe, expect, it } from 'vitest';
import { matchesAll } from './matchers';
import { RawThresholdIndex, type RawThresholdRuleInput, type SeriesLike } from './raw-threshold-index';
import { severityOf } from './thresholds';

const rule = (id: string, query: Record<string, unknown>, thresholds: Record<string, unknown> = { comparator: '>', warning: 80, critical: 90 }, extra: Partial<RawThresholdRuleInput> = {}): RawThresholdRuleInput => ({
  id,
  kind: 'metric_threshold',
  spec: { query, ...thresholds },
  ...extra,
});

describe('RawThresholdIndex.build', () => {
  it('indexes only enabled metric_threshold rules over raw values of single series', () => {
    const index = RawThresholdIndex.build([
      rule('raw', { name: 'cpu' }),
      rule('raw-over-max', { name: 'cpu', over: 'max' }),
      rule('rate', { name: 'cpu', fn: 'rate' }),
      rule('summed', { name: 'cpu', agg: 'sum' }),
      rule('quantile', { name: 'latency', quantile: 0.99 }),
      rule('disabled', { name: 'cpu' }, undefined, { enabled: false }),
      { id: 'logs', kind: 'log_count', spec: { search: {}, comparator: '>', critical: 1 } },
      rule('invalid', { name: 'cpu' }, { comparator: '>' }),
      rule('bad-regex', { name: 'cpu', matchers: [{ label: 'a', op: '=~', value: '(?=x)' }] }),
    ]);
    expect(index.size).toBe(2);
    expect(index.check('cpu', {}, 100)).toEqual(['raw', 'raw-over-max']);
    expect(index.hasMetric('latency')).toBe(false);
  });
});

describe('RawThresholdIndex.check', () => {
  const index = RawThresholdIndex.build([
    rule('cpu-any', { name: 'cpu' }),
    rule('cpu-prod', { name: 'cpu', matchers: [{ label: 'env', op: '=', value: 'prod' }] }, { comparator: '>=', critical: 50 }),
    rule('cpu-prod-web', { name: 'cpu', matchers: [{ label: 'env', op: '=', value: 'prod' }, { label: 'service', op: '=~', value: 'web|api' }] }, { comparator: '>', warning: 10 }),
    rule('cpu-no-env', { name: 'cpu', matchers: [{ label: 'env', op: '=', value: '' }] }, { comparator: '>', warning: 20 }),
    rule('free-low', { name: 'disk_free_ratio' }, { comparator: '<', warning: 0.2, critical: 0.05 }),
  ]);

  it('answers the rules whose warning or critical threshold the sample breaches', () => {
    expect(index.check('cpu', { env: 'prod', service: 'web' }, 85)).toEqual(['cpu-prod', 'cpu-prod-web', 'cpu-any']);
    expect(index.check('cpu', { env: 'prod', service: 'db' }, 55)).toEqual(['cpu-prod']);
    expect(index.check('cpu', { env: 'dev' }, 81)).toEqual(['cpu-any']);
    expect(index.check('cpu', { env: 'dev' }, 80)).toEqual([]);
    expect(index.check('cpu', {}, 25)).toEqual(['cpu-no-env']);
    expect(index.check('disk_free_ratio', { mount: '/' }, 0.1)).toEqual(['free-low']);
    expect(index.check('disk_free_ratio', { mount: '/' }, 0.5)).toEqual([]);
    expect(index.check('cpu', { env: 'prod' }, NaN)).toEqual([]);
  });

  it('allocates nothing for metrics without rules or samples that breach nothing: one shared empty answer', () => {
    const none = index.check('memory', { env: 'prod' }, 1e9);
    expect(index.check('cpu', { env: 'dev' }, 1)).toBe(none);
    expect(index.check('other', {}, 0)).toBe(none);
    expect(Object.isFrozen(none)).toBe(true);
  });

  it('finds the one rule among 1,000 per-service rules of a metric by its pinned label', () => {
    const many = RawThresholdIndex.build(Array.from({ length: 1000 }, (_, i) => rule(`r${i}`, { name: 'latency_ms', matchers: [{ label: 'service', op: '=', value: `svc-${i}` }] }, { comparator: '>', critical: 500 })));
    expect(many.size).toBe(1000);
    expect(many.check('latency_ms', { service: 'svc-742', pod: 'p' }, 600)).toEqual(['r742']);
    expect(many.check('latency_ms', { service: 'svc-742' }, 400)).toEqual([]);
    expect(many.check('latency_ms', { service: 'unknown' }, 600)).toEqual([]);
  });

  it('agrees with matching every rule by brute force', () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const ops: LabelMatcher['op'][] = ['=', '!=', '=~', '!~'];
    const values = ['a', 'b', 'c', ''];
    const rules = Array.from({ length: 300 }, (_, i) => {
      const matchers = Array.from({ length: random(3) }, () => {
        const op = ops[random(4)] as LabelMatcher['op'];
        return { label: ['service', 'env', 'zone'][random(3)] as string, op, value: op.endsWith('~') ? 'a|b' : (values[random(4)] as string) };
      });
      const comparator = (['>', '>=', '<', '<='] as const)[random(4)];
      return rule(`r${i}`, { name: `m${random(3)}`, matchers }, { comparator, critical: random(100) });
    });
    const index = RawThresholdIndex.build(rules);
    // Series objects reused across batches, as ingest's series cache hands them out: the memo must not leak answers between values.
    const seriesObjects = new Map<string, { name: string; labels: Record<string, string> }>();
    for (let sample = 0; sample < 2000; sample++) {
      const labels: Record<string, string> = {};
      for (const name of ['service', 'env', 'zone']) if (random(4) > 0) labels[name] = values[random(3)] as string;
      const name = `m${random(3)}`;
      const value = random(100);
      const expected = rules
        .filter((r) => {
          const spec = r.spec as { query: { name: string; matchers: LabelMatcher[] }; comparator: '>'; critical: number };
          return spec.query.name === name && matchesAll(labels, spec.query.matchers) && severityOf(value, spec) !== undefined;
        })
        .map((r) => r.id)
        .sort();
      expect([...index.check(name, labels, value)].sort()).toEqual(expected);
      const key = JSON.stringify([name, labels]);
      const series = seriesObjects.get(key) ?? { name, labels };
      seriesObjects.set(key, series);
      expect([...index.checkColumnar([series], [0], [value])].sort()).toEqual(expected);
    }
  });
});

describe('RawThresholdIndex.checkColumnar', () => {
  it('collects each breached rule once from a columnar batch', () => {
    const index = RawThresholdIndex.build([rule('hot', { name: 'cpu' }), rule('cold', { name: 'temp' }, { comparator: '<', critical: 0 })]);
    const series: SeriesLike[] = [
      { name: 'cpu', labels: { host: 'a' } },
      { name: 'mem', labels: { host: 'a' } },
      { name: 'temp', labels: {} },
    ];
    expect([...index.checkColumnar(series, Uint32Array.from([0, 1, 0, 2, 0]), Float64Array.from([50, 99, 95, 5, 99]))]).toEqual(['hot']);
    expect(RawThresholdIndex.build([]).checkColumnar(series, [0], [1e9]).size).toBe(0);
  });
});
