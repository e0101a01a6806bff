import { describe, expect, it } from 'vitest';
import { metricUnit, queryValueUnit } from './units';

describe('metricUnit', () => {
  it('takes the declared unit first, without annotations', () => {
    expect(metricUnit('http_server_request_duration_seconds_sum', 's')).toBe('s');
    expect(metricUnit('jobs_total', '{job}')).toBeUndefined();
    expect(metricUnit('queue_bytes', 'By')).toBe('By');
  });

  it('reads Prometheus suffixes, through _total and histogram parts', () => {
    expect(metricUnit('http_request_duration_seconds', undefined)).toBe('s');
    expect(metricUnit('http_request_duration_seconds_sum', undefined)).toBe('s');
    expect(metricUnit('process_cpu_seconds_total', undefined)).toBe('s');
    expect(metricUnit('node_network_receive_bytes_total', '')).toBe('By');
    expect(metricUnit('cache_hit_ratio', undefined)).toBe('1');
    expect(metricUnit('disk_io_bytes_per_second', undefined)).toBe('By/s');
    expect(metricUnit('http_server_duration_milliseconds_sum', undefined)).toBe('ms');
  });

  it('has no unit for counts of observations or unknown names', () => {
    expect(metricUnit('http_request_duration_seconds_bucket', undefined)).toBeUndefined();
    expect(metricUnit('http_request_duration_seconds_count', undefined)).toBeUndefined();
    expect(metricUnit('http_requests_total', undefined)).toBeUndefined();
    expect(metricUnit('up', undefined)).toBeUndefined();
  });
});

describe('queryValueUnit', () => {
  const raw = { fn: 'raw', over: 'avg', agg: 'none' } as const;
  it('is the metric unit for values and quantiles, per second for rates, none for counts', () => {
    expect(queryValueUnit('By', raw)).toBe('By');
    expect(queryValueUnit('By', { ...raw, fn: 'rate' })).toBe('By/s');
    expect(queryValueUnit(undefined, { ...raw, fn: 'rate' })).toBe('/s');
    expect(queryValueUnit(undefined, { ...raw, fn: 'increase' })).toBeUndefined();
    expect(queryValueUnit('s', { ...raw, quantile: 0.95 })).toBe('s');
    expect(queryValueUnit('s', { ...raw, over: 'count' })).toBeUndefined();
    expect(queryValueUnit('s', { ...raw, agg: 'count' })).toBeUndefined();
  });
});
