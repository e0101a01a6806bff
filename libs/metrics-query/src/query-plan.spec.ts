import { describe, expect, it } from 'vitest';
import { chooseResolution, type MetricQuerySpec, planMetricQuery } from './query-plan';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const base: MetricQuerySpec = { name: 'm', matchers: [], from: 10 * DAY + 123, to: 11 * DAY, fn: 'raw', over: 'avg', agg: 'none', by: [] };

describe('planMetricQuery', () => {
  it('returns stored points for fn=raw without step, aggregation or quantile', () => {
    expect(planMetricQuery(base)).toEqual({ kind: 'points', name: 'm', matchers: [], from: base.from, to: base.to });
  });

  it('defaults the step and aligns the first point down to it', () => {
    const plan = planMetricQuery({ ...base, fn: 'rate' });
    expect(plan).toMatchObject({ kind: 'steps', step: 360_000, start: 10 * DAY, metric: 'm', resolution: 'raw', fn: 'rate' });
  });

  it('reads far enough back for the largest window of the first step: automatic (10 min) or explicit', () => {
    // Automatic: up to 10 minutes, so the first step (ending at start + 1 min) reads from start − 9 min.
    expect(planMetricQuery({ ...base, step: 60_000, fn: 'increase' })).toMatchObject({
      start: 10 * DAY,
      steps: 1441,
      windowSteps: undefined,
      maxWindowSteps: 10,
      lookbackStart: 10 * DAY - 9 * 60_000,
    });
    // Explicit windows are rounded up to whole steps.
    expect(planMetricQuery({ ...base, step: 60_000, fn: 'rate', window: 150_000 })).toMatchObject({ windowSteps: 3, maxWindowSteps: 3, lookbackStart: 10 * DAY - 120_000 });
    // A window shorter than the step is the step.
    expect(planMetricQuery({ ...base, step: HOUR, fn: 'rate', window: 60_000 })).toMatchObject({ windowSteps: 1, lookbackStart: 10 * DAY });
    // From the rollup a step's window is its hours, with the hour before for the boundary.
    expect(planMetricQuery({ ...base, from: 0, to: 10 * DAY, step: HOUR, fn: 'rate' })).toMatchObject({ resolution: '1h', windowSteps: 1, lookbackStart: -HOUR });
  });

  it('reads name_bucket, sums bucket increases for a quantile', () => {
    const plan = planMetricQuery({ ...base, quantile: 0.95, by: ['service'] });
    expect(plan).toMatchObject({ kind: 'steps', metric: 'm_bucket', fn: 'increase', agg: 'sum', by: ['service'], quantile: 0.95 });
  });

  it('uses a step with aggregation even without fn', () => {
    expect(planMetricQuery({ ...base, agg: 'sum' })).toMatchObject({ kind: 'steps', agg: 'sum' });
  });
});

describe('chooseResolution', () => {
  it('reads the 1-hour rollup for whole-hour steps over more than 2 days', () => {
    expect(chooseResolution(HOUR, 0, 2 * DAY + 1)).toBe('1h');
    expect(chooseResolution(3 * HOUR, 0, 30 * DAY)).toBe('1h');
    expect(chooseResolution(HOUR, 0, 2 * DAY)).toBe('raw');
    expect(chooseResolution(30 * 60_000, 0, 30 * DAY)).toBe('raw');
    expect(chooseResolution(90 * 60_000, 0, 30 * DAY)).toBe('raw');
  });

  it('reads the rollup when the range reaches back past the raw retention', () => {
    const now = 100 * DAY;
    expect(chooseResolution(HOUR, now - 31 * DAY, now - 30 * DAY, { now, rawRetentionDays: 30 })).toBe('1h');
    expect(chooseResolution(HOUR, now - 29 * DAY, now - 28 * DAY, { now, rawRetentionDays: 30 })).toBe('raw');
  });

  it('can be forced, but the rollup needs a whole-hour step', () => {
    expect(chooseResolution(HOUR, 0, HOUR, { resolution: '1h' })).toBe('1h');
    expect(chooseResolution(60_000, 0, 30 * DAY, { resolution: '1h' })).toBe('raw');
    expect(chooseResolution(HOUR, 0, 30 * DAY, { resolution: 'raw' })).toBe('raw');
  });
});
