import { planMetricQuery, type StepsPlan } from '@vigil/metrics-query';
import { describe, expect, it } from 'vitest';
import { compile, qualifiedTable, sql } from '../sql-template';
import { findSeriesSql, groupedStepsSql, hourlyStepRowsSql, isHourlyRollupRate, matcherCondition, seriesConditions } from './metric-query.sql';

const tables = {
  series: qualifiedTable('vigil', 'metric_series'),
  samples: qualifiedTable('vigil', 'metric_samples'),
  rollup: qualifiedTable('vigil', 'metric_rollup_hourly'),
  watermark: qualifiedTable('vigil', 'metric_rollup_watermark'),
  stale: qualifiedTable('vigil', 'metric_rollup_stale'),
  metadata: qualifiedTable('vigil', 'metric_metadata'),
};
const PROJECT = '00000000-0000-4000-8000-000000000001';
const HOUR = 3_600_000;

function plan(overrides: Partial<Parameters<typeof planMetricQuery>[0]>, resolution?: '1h'): StepsPlan {
  const planned = planMetricQuery({ name: 'rq_total', matchers: [], from: 100 * HOUR, to: 110 * HOUR, step: HOUR, fn: 'rate', over: 'avg', agg: 'sum', by: [], ...overrides }, { resolution });
  if (planned.kind !== 'steps') throw new Error('steps expected');
  return planned;
}

// The SQL the engine sends, reviewed in diffs (STYLE.md rule 6). Values are parameters only.
describe('metric query SQL', () => {
  it('puts matcher values, label names and anchored regexes in parameters', () => {
    const compiled = compile(sql`${matcherCondition({ label: "x'); DROP", op: '=~', value: "a'|b" })} AND ${matcherCondition({ label: 'k', op: '!~', value: 'v' })}`);
    expect(compiled).toEqual({
      query: 'match(labels[{p0:String}], {p1:String}) AND NOT match(labels[{p2:String}], {p3:String})',
      query_params: { p0: "x'); DROP", p1: "^(?:a'|b)$", p2: 'k', p3: '^(?:v)$' },
    });
  });

  it.each([
    ['raw rate', plan({})],
    ['raw increase, delta temporality', plan({ fn: 'increase', step: 60_000, window: 300_000 })],
    ['raw avg', plan({ fn: 'raw', agg: 'none' })],
    ['rollup rate', plan({}, '1h')],
    ['rollup last', plan({ fn: 'raw', over: 'last' }, '1h')],
  ])('%s', (name, stepsPlan) => {
    const series = compile(findSeriesSql(tables, seriesConditions(PROJECT, stepsPlan.metric, [{ label: 'service', op: '=', value: 'api' }]), { from: stepsPlan.lookbackStart, to: stepsPlan.to }, 20_001));
    const temporality = name.includes('delta') ? 'delta' : 'cumulative';
    const steps = compile(groupedStepsSql(tables, PROJECT, stepsPlan, ['1', '2'], stepsPlan.agg === 'none' ? [0, 1] : [0, 0], temporality, 200_001));
    expect(`${series.query}\n\n${steps.query}`).toMatchSnapshot();
    expect(Object.values(steps.query_params)).not.toContain(undefined);
  });

  it('sums delta-temporality points instead of differencing them', () => {
    expect(compile(groupedStepsSql(tables, PROJECT, plan({}), ['1'], [0], 'delta', 10)).query).not.toMatch(/lagInFrame/);
    expect(compile(groupedStepsSql(tables, PROJECT, plan({}, '1h'), ['1'], [0], 'delta', 10)).query).toMatch(/sum\(sum_value\) AS v/);
  });

  it('reads the rollup state seen with the series as parameters, leaving out parts with no hour of the range', () => {
    const rollupRate = plan({}, '1h');
    const steps = (watermarkMs: number, staleHours: number[]) => compile(groupedStepsSql(tables, PROJECT, rollupRate, ['1'], [0], 'cumulative', 10, { rollup: { watermarkMs, staleHours } }));
    const fromRollup = /bucket < toDateTime/;
    const fromSamples = /toStartOfHour\(timestamp\) AS bucket/;
    // Every hour rolled up and none stale: the rollup alone, no subquery.
    expect(steps(200 * HOUR, []).query).toMatch(fromRollup);
    expect(steps(200 * HOUR, []).query).not.toMatch(fromSamples);
    expect(steps(200 * HOUR, []).query).not.toMatch(/SELECT hour|argMax\(hour/);
    // Nothing rolled up yet: the samples alone.
    expect(steps(50 * HOUR, []).query).not.toMatch(fromRollup);
    expect(steps(50 * HOUR, []).query).toMatch(fromSamples);
    // A stale hour in the range: both parts, the hour a parameter of each; stale hours outside the range are left out.
    const stale = steps(200 * HOUR, [105 * HOUR, 300 * HOUR]);
    expect(stale.query).toMatch(fromRollup);
    expect(stale.query).toMatch(fromSamples);
    expect(Object.values(stale.query_params).filter((value) => Array.isArray(value) && value.length === 1 && value[0] === 105 * 3600)).toHaveLength(2);
    expect(stale.query).toMatchSnapshot();
  });

  it('reads a counter at a 1-hour step from the rollup in one window and one GROUP BY, rows per group and step', () => {
    const hourly = plan({ fn: 'increase' }, '1h');
    expect(isHourlyRollupRate(hourly, 'cumulative')).toBe(true);
    expect(isHourlyRollupRate(hourly, 'delta')).toBe(false);
    expect(isHourlyRollupRate(plan({ fn: 'raw', over: 'last' }, '1h'), 'cumulative')).toBe(false);
    expect(isHourlyRollupRate(plan({ fn: 'increase', step: 2 * HOUR }, '1h'), 'cumulative')).toBe(false);
    expect(isHourlyRollupRate(plan({ fn: 'increase' }), 'cumulative')).toBe(false);
    const compiled = compile(hourlyStepRowsSql(tables, PROJECT, hourly, ['1', '2'], [0, 0], 10, { watermarkMs: 200 * HOUR, staleHours: [] }));
    expect(compiled.query).toMatch(/lagInFrame/);
    expect(compiled.query).not.toMatch(/groupArray|arraySort/);
    expect(compiled.query).not.toMatch(/toStartOfHour\(timestamp\) AS bucket/);
    expect(compiled.query).toMatchSnapshot();
    // Several metrics in one query: one name list, the same shape.
    const together = compile(hourlyStepRowsSql(tables, PROJECT, hourly, ['1', '2', '3'], [0, 0, 1], 10, { watermarkMs: 200 * HOUR, staleHours: [] }, ['a_bucket', 'a_count']));
    expect(compiled.query).toMatch(/metric_name = \{p\d+:String\}/);
    expect(together.query).toMatch(/metric_name IN \{p\d+:Array\(String\)\}/);
    expect(together.query).not.toMatch(/metric_name = /);
    expect(Object.values(together.query_params)).toContainEqual(['a_bucket', 'a_count']);
    expect(together.query.replace(/metric_name IN \{p\d+:Array\(String\)\}/g, '').replace(/\{p\d+:/g, '{p:')).toBe(compiled.query.replace(/metric_name = \{p\d+:String\}/g, '').replace(/\{p\d+:/g, '{p:'));
  });

  it('writes each group’s points as (time, value) pairs, gathered per series when each series is its own group', () => {
    const compiled = compile(groupedStepsSql(tables, PROJECT, plan({ fn: 'raw', agg: 'none' }), ['1', '2'], [1, 0], 'cumulative', 10, { output: 'pairs' }));
    expect(compiled.query).toMatch(/arrayZip\(/);
    expect(compiled.query).toMatch(/GROUP BY key/);
    expect(compiled.query).not.toMatch(/GROUP BY key, t/);
    expect(compiled.query).toMatchSnapshot();
  });
});
