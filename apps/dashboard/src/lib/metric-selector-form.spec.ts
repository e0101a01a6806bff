import { metricSelectorSchema } from '@vigil/contracts';
import { describe, expect, it } from 'vitest';
import { emptySelectorForm, selectorFormFrom, selectorRequest } from './metric-selector-form';

const form = (change: Partial<ReturnType<typeof emptySelectorForm>>) => ({ ...emptySelectorForm(), metric: 'http_requests_total', ...change });

describe('selectorRequest', () => {
  it('sends a raw selector with its committed matchers only', () => {
    const request = selectorRequest(form({ matchers: [{ label: 'service', op: '=', value: 'api' }, { label: '', op: '=', value: '' }] }));
    expect(request).toEqual({ selector: { name: 'http_requests_total', matchers: [{ label: 'service', op: '=', value: 'api' }], fn: 'raw', agg: 'none' } });
  });

  it('sends a rate summed by labels with its window, leaving out over', () => {
    const request = selectorRequest(form({ fn: 'rate', over: 'max', agg: 'sum', by: ['service'], window: '5m' }));
    expect(request).toEqual({ selector: { name: 'http_requests_total', matchers: [], fn: 'rate', agg: 'sum', by: ['service'], window: 300_000 } });
    expect(metricSelectorSchema.safeParse(request.selector).success).toBe(true);
  });

  it('reads a quantile from the histogram’s base name without fn or agg', () => {
    const request = selectorRequest(form({ metric: 'latency_seconds_bucket', quantile: 0.99, agg: 'sum', by: ['route'], window: '1m' }));
    expect(request).toEqual({ selector: { name: 'latency_seconds', matchers: [], quantile: 0.99, by: ['route'], window: 60_000 } });
    expect(metricSelectorSchema.safeParse(request.selector).success).toBe(true);
  });

  it('drops what the explorer allows but a rule refuses: by without agg, a window for raw values', () => {
    const request = selectorRequest(form({ by: ['service'], window: '5m', over: 'max' }));
    expect(request).toEqual({ selector: { name: 'http_requests_total', matchers: [], fn: 'raw', over: 'max', agg: 'none' } });
  });

  it('names a window it cannot read', () => {
    expect(selectorRequest(form({ fn: 'rate', window: 'five' }))).toEqual({ selector: { name: 'http_requests_total', matchers: [], fn: 'rate', agg: 'none' }, windowError: expect.stringContaining('1m') });
  });
});

describe('selectorFormFrom', () => {
  it('puts a stored selector back in the form, and sends it unchanged', () => {
    const stored = metricSelectorSchema.parse({ name: 'errors_total', matchers: [{ label: 'env', op: '=~', value: 'prod|stage' }], fn: 'increase', agg: 'sum', by: ['service'], window: 120_000 });
    const back = selectorFormFrom(stored);
    expect(back).toMatchObject({ metric: 'errors_total', fn: 'increase', over: 'avg', agg: 'sum', by: ['service'], window: '2m' });
    const request = selectorRequest(back);
    expect(metricSelectorSchema.parse(request.selector)).toEqual(stored);
  });
});
