import { describe, expect, it } from 'vitest';
import { computeServiceSignals, detectConvention, isServerError, serviceOf, SIGNAL_METRIC_NAMES } from './golden-signals';

describe('detectConvention', () => {
  it('prefers the stable OpenTelemetry HTTP conventions, then the older ones, then Prometheus', () => {
    const all = new Set(SIGNAL_METRIC_NAMES);
    expect(detectConvention(all)?.convention.source).toBe('otel-http');
    expect(detectConvention(new Set(['http_server_duration_milliseconds_bucket', 'http_requests_total']))).toMatchObject({
      convention: { source: 'otel-http-legacy' },
      latencyMetric: 'http_server_duration_milliseconds_bucket',
      requestsMetric: undefined,
    });
  });

  it('reads Prometheus services from the histogram and/or http_requests_total', () => {
    expect(detectConvention(new Set(['http_requests_total']))).toMatchObject({ convention: { source: 'prometheus' }, latencyMetric: undefined, requestsMetric: 'http_requests_total' });
    expect(detectConvention(new Set(['http_request_duration_seconds_bucket', 'http_request_duration_seconds_count']))).toMatchObject({
      latencyMetric: 'http_request_duration_seconds_bucket',
      requestsMetric: 'http_request_duration_seconds_count',
    });
    expect(detectConvention(new Set(['http_request_duration_seconds_count', 'http_requests_total']))?.requestsMetric).toBe('http_requests_total');
  });

  it('finds nothing without HTTP metrics', () => {
    expect(detectConvention(new Set(['up', 'process_cpu_seconds_total']))).toBeUndefined();
  });
});

describe('serviceOf / isServerError', () => {
  it('takes service, else job', () => {
    expect(serviceOf({ service: 'api', job: 'x' })).toBe('api');
    expect(serviceOf({ job: 'node' })).toBe('node');
    expect(serviceOf({ service: '', job: 'node' })).toBe('node');
    expect(serviceOf({})).toBeUndefined();
  });

  it('counts 5xx only, from the first status label present', () => {
    expect(isServerError({ http_response_status_code: '503' }, ['http_response_status_code'])).toBe(true);
    expect(isServerError({ http_response_status_code: '404' }, ['http_response_status_code'])).toBe(false);
    expect(isServerError({ code: '500' }, ['code', 'status'])).toBe(true);
    expect(isServerError({ status: '500' }, ['code', 'status_code', 'status'])).toBe(true);
    expect(isServerError({ code: '200', status: '500' }, ['code', 'status'])).toBe(false);
    expect(isServerError({ code: '5000' }, ['code'])).toBe(false);
    expect(isServerError({}, ['code'])).toBe(false);
  });
});

describe('computeServiceSignals', () => {
  const step = 60_000;
  it('computes quantiles per step and over the range, throughput and error rate', () => {
    const signals = computeServiceSignals({
      step,
      from: 0,
      to: 120_000,
      throughputWindow: 60_000,
      toMs: 1000,
      buckets: [
        { t: 0, le: 0.1, value: 5 },
        { t: 0, le: 0.5, value: 8 },
        { t: 0, le: Infinity, value: 10 },
        { t: 60_000, le: 0.1, value: 0 },
        { t: 60_000, le: 0.5, value: 10 },
        { t: 60_000, le: Infinity, value: 10 },
      ],
      requests: [
        { t: 0, error: false, value: 9 },
        { t: 0, error: true, value: 1 },
        { t: 60_000, error: false, value: 10 },
      ],
    });
    // Step 0: p50 rank 5 → 0.1 s; step 1: rank 5 in (0.1, 0.5] → 0.1 + 0.4 × 5/10 = 0.3 s.
    expect(signals.series.p50).toEqual([
      [0, 100],
      [60_000, expect.closeTo(300, 9)],
    ]);
    // Whole range: buckets 5 / 18 / 20; p50 rank 10 → 0.1 + 0.4 × 5/13.
    expect(signals.latency?.p50).toBeCloseTo((0.1 + (0.4 * 5) / 13) * 1000, 9);
    // p99 rank 19.8 lands in +Inf → 0.5 s.
    expect(signals.latency?.p99).toBe(500);
    expect(signals.series.throughput).toEqual([
      [0, 10 / 60],
      [60_000, 10 / 60],
    ]);
    // Now: the last minute's 10 requests.
    expect(signals.throughput).toBeCloseTo(10 / 60, 12);
    expect(signals.series.errorRate).toEqual([
      [0, 10],
      [60_000, 0],
    ]);
    expect(signals.errorRate).toBe(5);
  });

  it('leaves steps without observations out and gives null summaries without data', () => {
    const signals = computeServiceSignals({ step, from: 0, to: 60_000, throughputWindow: 60_000, toMs: 1, buckets: [{ t: 0, le: Infinity, value: 0 }], requests: [{ t: 0, error: false, value: 0 }] });
    expect(signals.series.p95).toEqual([]);
    expect(signals.latency).toEqual({ p50: null, p95: null, p99: null });
    expect(signals.series.errorRate).toEqual([]);
    expect(signals.errorRate).toBeNull();
    expect(signals.throughput).toBe(0);
    const none = computeServiceSignals({ step, from: 0, to: 60_000, throughputWindow: 60_000, toMs: 1, buckets: [], requests: [] });
    expect(none).toMatchObject({ latency: null, throughput: null, errorRate: null });
  });

  it('reads throughput per second of the time each step covers, and the summary over the recent window', () => {
    // 40 requests/s for the last 3 minutes of a 1-hour range, the last step 20 s in progress.
    const from = 30_000;
    const to = 3_600_000 + 20_000;
    const requests = [
      { t: 3_420_000, error: false, value: 40 * 60 },
      { t: 3_480_000, error: false, value: 40 * 60 },
      { t: 3_540_000, error: false, value: 40 * 60 },
      { t: 3_600_000, error: false, value: 40 * 20 },
    ];
    const signals = computeServiceSignals({ step, from, to, throughputWindow: 5 * 60_000, toMs: 1, buckets: [], requests });
    expect(signals.series.throughput.map(([, v]) => v)).toEqual([40, 40, 40, 40]);
    // Requests of the steps starting in the last 5 minutes (from 3,360 s: 260 s) ÷ 260 s, not ÷ the
    // whole hour: 8,000 / 260. A service sending all along the window would read its full rate.
    expect(signals.throughput).toBeCloseTo(8000 / 260, 12);
    const steady = computeServiceSignals({ step, from, to, throughputWindow: 5 * 60_000, toMs: 1, buckets: [], requests: [3_360_000, ...requests.map((r) => r.t)].map((t) => ({ t, error: false, value: t === 3_600_000 ? 800 : 2400 })) });
    expect(steady.throughput).toBeCloseTo(40, 12);
    // The first step counts from `from`: 30 s covered.
    const first = computeServiceSignals({ step, from, to: 120_000, throughputWindow: 60_000, toMs: 1, buckets: [], requests: [{ t: 0, error: false, value: 300 }] });
    expect(first.series.throughput).toEqual([[0, 10]]);
  });
});
