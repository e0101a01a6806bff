import { OTLPLogExporter as OTLPLogExporterJson } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as OTLPLogExporterProto } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPMetricExporter as OTLPMetricExporterJson } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as OTLPMetricExporterProto } from '@opentelemetry/exporter-metrics-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { AggregationTemporality, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { startStack, type Stack } from '@vigil/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let stack: Stack;
let cookie: string;

beforeAll(async () => {
  stack = await startStack();
  const login = await fetch(`${stack.apiUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(stack.admin),
  });
  cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
});

afterAll(async () => {
  await stack?.stop();
});

type Series = { labels: Record<string, string>; points: [number, number][] };

async function series(name: string, match: string[] = []): Promise<Series[]> {
  const search = new URLSearchParams({ project: stack.projectId ?? '', name, from: String(Date.now() - 3_600_000), to: String(Date.now() + 60_000) });
  for (const matcher of match) search.append('match', matcher);
  const response = await fetch(`${stack.apiUrl}/api/v1/metrics/query?${search}`, { headers: { cookie } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { series: Series[] }).series;
}

function lastValue(found: Series[]): number | undefined {
  return found[0]?.points.at(-1)?.[1];
}

describe.each([
  ['http/protobuf', OTLPMetricExporterProto],
  ['http/json', OTLPMetricExporterJson],
] as const)('OpenTelemetry SDK metrics over OTLP %s', (protocol, Exporter) => {
  it('stores counters, gauges and histograms under their Prometheus names with exact values', async () => {
    const service = `checkout-${protocol.replace('/', '-')}`;
    const exporter = new Exporter({
      url: `${stack.apiUrl}/v1/metrics`,
      headers: { Authorization: `Bearer ${stack.ingestKey}` },
      temporalityPreference: AggregationTemporality.CUMULATIVE,
    });
    const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
    const provider = new MeterProvider({ resource: resourceFromAttributes({ 'service.name': service, 'deployment.environment': 'e2e' }), readers: [reader] });
    const meter = provider.getMeter('vigil-e2e', '1.0.0');
    meter.createCounter('orders', { description: 'Orders placed' }).add(5, { region: 'eu' });
    meter.createGauge('queue.depth').record(7, { queue: 'emails' });
    const duration = meter.createHistogram('http.server.request.duration', { unit: 's', advice: { explicitBucketBoundaries: [0.1, 0.5, 1] } });
    for (const seconds of [0.05, 0.2, 0.3, 0.7, 2]) duration.record(seconds, { 'http.route': '/pay' });
    await reader.forceFlush();
    await provider.shutdown();

    const matchService = [`service="${service}"`];
    expect(lastValue(await series('orders_total', [...matchService, 'region="eu"']))).toBe(5);
    expect(lastValue(await series('queue_depth', [...matchService, 'queue="emails"']))).toBe(7);
    const buckets = await series('http_server_request_duration_seconds_bucket', matchService);
    const byLe = Object.fromEntries(buckets.map((found) => [found.labels['le'], found.points.at(-1)?.[1]]));
    expect(byLe).toEqual({ '0.1': 1, '0.5': 3, '1': 4, '+Inf': 5 });
    expect(lastValue(await series('http_server_request_duration_seconds_count', matchService))).toBe(5);
    expect(lastValue(await series('http_server_request_duration_seconds_sum', matchService))).toBeCloseTo(3.25, 10);
    expect(buckets[0]?.labels).toMatchObject({ service, deployment_environment: 'e2e', http_route: '/pay' });
  });
});

type LogRow = { body: string; severityText: string; severityNumber: number; service: string; attributes: Record<string, string>; traceId: string };

describe.each([
  ['http/protobuf', OTLPLogExporterProto],
  ['http/json', OTLPLogExporterJson],
] as const)('OpenTelemetry SDK logs over OTLP %s', (protocol, Exporter) => {
  it('stores every record with severity, attributes and service', async () => {
    const service = `billing-${protocol.replace('/', '-')}`;
    const exporter = new Exporter({ url: `${stack.apiUrl}/v1/logs`, headers: { Authorization: `Bearer ${stack.ingestKey}` } });
    const processor = new BatchLogRecordProcessor({ exporter });
    const provider = new LoggerProvider({ resource: resourceFromAttributes({ 'service.name': service }), processors: [processor] });
    const logger = provider.getLogger('vigil-e2e');
    for (let i = 0; i < 50; i += 1) {
      logger.emit({ severityNumber: i % 2 === 0 ? 9 : 17, severityText: i % 2 === 0 ? 'INFO' : 'ERROR', body: `payment ${i} processed`, attributes: { 'order.id': i } });
    }
    await provider.forceFlush();
    await provider.shutdown();

    const search = new URLSearchParams({ project: stack.projectId ?? '', service, from: String(Date.now() - 3_600_000), to: String(Date.now() + 60_000), limit: '100' });
    const response = await fetch(`${stack.apiUrl}/api/v1/logs?${search}`, { headers: { cookie } });
    expect(response.status).toBe(200);
    const { records } = (await response.json()) as { records: LogRow[] };
    expect(records).toHaveLength(50);
    expect(new Set(records.map((record) => record.body))).toEqual(new Set(Array.from({ length: 50 }, (_, i) => `payment ${i} processed`)));
    const first = records.find((record) => record.body === 'payment 1 processed');
    expect(first).toMatchObject({ severityText: 'ERROR', severityNumber: 17, service, attributes: { 'order.id': '1' } });
  });
});
