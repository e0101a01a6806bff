import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AggregationTemporality, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { startStack, type Stack } from '@vigil/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let stack: Stack;
let cookie: string;
const SERVICE = 'checkout-e2e';
const STEP = 600_000;
let from: number;
let to: number;

async function get(path: string, params: Record<string, string | string[]>): Promise<Response> {
  const search = new URLSearchParams({ project: stack.projectId ?? '' });
  for (const [key, value] of Object.entries(params)) for (const item of Array.isArray(value) ? value : [value]) search.append(key, item);
  return fetch(`${stack.apiUrl}${path}?${search}`, { headers: { cookie } });
}

beforeAll(async () => {
  stack = await startStack();
  const login = await fetch(`${stack.apiUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(stack.admin) });
  cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

  // An OTel SDK with delta temporality, exporting once: each point is the requests measured, so
  // the answers are exact whatever the export's timing (a cumulative counter's rate would be
  // Prometheus' extrapolation between samples, which two exports a moment apart do not make).
  // The range is one whole step holding the export (waiting out a step boundary), so every
  // step's window is the step itself and nothing is cut at its edges.
  const exporter = new OTLPMetricExporter({ url: `${stack.apiUrl}/v1/metrics`, headers: { Authorization: `Bearer ${stack.ingestKey}` }, temporalityPreference: AggregationTemporality.DELTA });
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  const provider = new MeterProvider({ resource: resourceFromAttributes({ 'service.name': SERVICE }), readers: [reader] });
  const duration = provider.getMeter('e2e').createHistogram('http.server.request.duration', { unit: 's', advice: { explicitBucketBoundaries: [0.1, 0.5, 1] } });
  while (STEP - (Date.now() % STEP) < 5_000) await new Promise((resolve) => setTimeout(resolve, 250));
  from = Math.floor(Date.now() / STEP) * STEP;
  to = from + STEP;
  // Measured: 20 requests, 1 of them a 500. Buckets ≤0.1: 10, ≤0.5: 18, ≤1: 20.
  for (let i = 0; i < 10; i++) duration.record(0.05, { 'http.response.status_code': 200 });
  for (let i = 0; i < 8; i++) duration.record(0.3, { 'http.response.status_code': 200 });
  duration.record(0.7, { 'http.response.status_code': 200 });
  duration.record(0.7, { 'http.response.status_code': 500 });
  await reader.forceFlush();
  await provider.shutdown();
});

afterAll(async () => {
  await stack?.stop();
});

describe('golden signals', () => {
  it('GET /api/v1/services gives p95, throughput and error rate of OTel HTTP histograms', async () => {
    const response = await get('/api/v1/services', { from: String(from), to: String(to), step: String(STEP) });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { services: { service: string; source: string; latency: { p50: number; p95: number; p99: number }; throughput: number; errorRate: number }[] };
    const checkout = body.services.find((service) => service.service === SERVICE);
    expect(checkout?.source).toBe('otel-http');
    // p95: rank 19 of 20 lies in (0.5, 1] holding 2 → 0.5 + 0.5 × 1/2 = 0.75 s.
    expect(checkout?.latency.p95).toBeCloseTo(750, 9);
    // p50: rank 10 → the first bucket's upper edge, 0.1 s.
    expect(checkout?.latency.p50).toBeCloseTo(100, 9);
    expect(checkout?.errorRate).toBeCloseTo(5, 12);
    // The recent window is the one step: 20 requests in 10 minutes.
    expect(checkout?.throughput).toBeCloseTo(20 / 600, 9);
  });

  it('GET /api/v1/services/{service}/signals gives the same per step', async () => {
    const response = await get(`/api/v1/services/${SERVICE}/signals`, { from: String(from), to: String(to), step: String(STEP) });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { source: string; latency: { p95: [number, number][] }; errorRate: [number, number][]; throughput: [number, number][] };
    expect(body.source).toBe('otel-http');
    expect(body.throughput).toEqual([[from, expect.closeTo(20 / 600, 9)]]);
    expect(body.errorRate).toEqual([[from, expect.closeTo(5, 9)]]);
    expect(body.latency.p95).toEqual([[from, expect.closeTo(750, 9)]]);
  });
});

describe('metrics query', () => {
  it('computes a histogram quantile, rates with agg/by, and refuses a bad regex with 400', async () => {
    const name = 'http_server_request_duration_seconds';
    const quantile = await get('/api/v1/metrics/query', { name, from: String(from), to: String(to), step: String(STEP), quantile: '0.95', match: `service="${SERVICE}"` });
    expect(quantile.status).toBe(200);
    const body = (await quantile.json()) as { resolution: string; unit: string; series: { labels: Record<string, string>; points: [number, number][] }[] };
    expect(body.resolution).toBe('raw');
    expect(body.unit).toBe('s');
    expect(body.series).toEqual([{ labels: {}, points: [[expect.any(Number), expect.closeTo(0.75, 12)]] }]);

    const increase = await get('/api/v1/metrics/query', {
      name: `${name}_count`,
      from: String(from),
      to: String(to),
      step: String(STEP),
      fn: 'increase',
      agg: 'sum',
      by: 'http_response_status_code',
      match: [`service=~"checkout-.*"`, 'http_response_status_code!~"4.."'],
    });
    expect(increase.status).toBe(200);
    // Step answers are sent as the JSON text ClickHouse rendered; they are still JSON.
    expect(increase.headers.get('content-type')).toMatch(/^application\/json/);
    const counts = ((await increase.json()) as { series: { labels: Record<string, string>; points: [number, number][] }[] }).series;
    expect(counts.map((s) => [s.labels, s.points[0]?.[1]])).toEqual([
      [{ http_response_status_code: '200' }, 19],
      [{ http_response_status_code: '500' }, 1],
    ]);

    const bad = await get('/api/v1/metrics/query', { name, from: String(from), to: String(to), match: 'service=~"(a"' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { detail: string }).detail).toMatch(/service=~"\(a".*missing \)/);
    const badName = await get('/api/v1/metrics/query', { name, from: String(from), to: String(to), by: "x'); DROP TABLE logs; --", agg: 'sum' });
    expect(badName.status).toBe(400);
    expect(((await badName.json()) as { detail: string }).detail).toMatch(/by/);
    const tooLong = await get('/api/v1/metrics/query', { name, from: '0', to: String(40 * 86_400_000) });
    expect(tooLong.status).toBe(400);
  });

  it('discovers label values of the ingested histogram', async () => {
    const response = await get('/api/v1/metrics/label-values', { label: 'http_response_status_code', name: 'http_server_request_duration_seconds_count', match: `service="${SERVICE}"` });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ values: ['200', '500'] });
    const names = await get('/api/v1/metrics/names', { prefix: 'http_server_request_duration' });
    expect(((await names.json()) as { names: string[] }).names).toEqual([
      'http_server_request_duration_seconds_bucket',
      'http_server_request_duration_seconds_count',
      'http_server_request_duration_seconds_sum',
    ]);
  });
});
