import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AggregationTemporality, AggregationType, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { startHttpReceiver } from '@vigil/testing';
import { expect, it } from 'vitest';
import { DEFAULT_INGEST_LIMITS } from '../ingest-limits';
import { metricBatchRows } from '../testing/wire.testing';
import type { ExportMetricsServiceRequest } from './otlp-messages';
import { mapOtlpMetrics } from './otlp-metrics.mapper';
import { readExportMetricsServiceRequest } from './otlp-metrics.reader';
import { otlpType } from './otlp-proto';

// What the OpenTelemetry SDK's protobuf exporter really sends (over loopback HTTP, as an app
// would send it) is read by the hand-written reader into the same batch protobufjs' decoder gives.

it('reads what the OpenTelemetry SDK exports (counters, up-down counters, gauges, histograms, exponential histograms) as protobufjs does', async () => {
  const receiver = await startHttpReceiver();
  const exporter = new OTLPMetricExporter({ url: `${receiver.url}/v1/metrics`, temporalityPreference: AggregationTemporality.CUMULATIVE });
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': 'sdk', 'service.instance.id': 'i-1' }),
    readers: [reader],
    views: [{ instrumentName: 'latency.exp', aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } }],
  });
  try {
    const meter = provider.getMeter('reader-spec', '1.0.0');
    const requests = meter.createCounter('http.server.requests', { unit: '{request}' });
    const inflight = meter.createUpDownCounter('inflight');
    const latency = meter.createHistogram('latency', { unit: 'ms' });
    const exponential = meter.createHistogram('latency.exp', { unit: 's' });
    const gauge = meter.createGauge('temperature', { unit: 'Cel' });
    for (let i = 0; i < 50; i++) {
      const attributes = { 'http.route': `/r${i % 3}`, code: 200 + (i % 2), ok: i % 2 === 0 };
      requests.add(i, attributes);
      inflight.add(i % 2 === 0 ? 2 : -1, attributes);
      latency.record(i * 7.5, attributes);
      exponential.record(i / 10 + 0.001, attributes);
      gauge.record(20 + i / 10, attributes);
    }
    await reader.forceFlush();
    expect(receiver.requests).toHaveLength(1);
    const body = receiver.requests[0]?.body ?? Buffer.alloc(0);
    const now = Date.now();
    const ours = mapOtlpMetrics(readExportMetricsServiceRequest(body), DEFAULT_INGEST_LIMITS, now);
    const theirs = mapOtlpMetrics(otlpType('metrics.v1.ExportMetricsServiceRequest').decode(body) as unknown as ExportMetricsServiceRequest, DEFAULT_INGEST_LIMITS, now);
    expect(metricBatchRows(ours)).toEqual(metricBatchRows(theirs));
    const value = (name: string, labels: Record<string, string>) => {
      for (let i = 0; i < ours.sampleCount; i++) {
        const series = ours.series[ours.sampleSeries[i] as number];
        if (series?.name === name && Object.entries(labels).every(([key, text]) => series.labels[key] === text)) return ours.sampleValues[i];
      }
      return undefined;
    };
    // /r0 with code 200 gets i = 0, 6, ..., 48 and /r1 with 201 i = 1, 7, ..., 49 (9 values each); the gauge keeps the last (i = 47 for /r2, 201).
    expect(value('http_server_requests_total', { http_route: '/r0', code: '200', ok: 'true', service: 'sdk', instance: 'i-1' })).toBe(0 + 6 + 12 + 18 + 24 + 30 + 36 + 42 + 48);
    expect(value('latency_milliseconds_count', { http_route: '/r1', code: '201', ok: 'false' })).toBe(9);
    expect(value('latency_exp_seconds_bucket', { http_route: '/r0', code: '200', le: '+Inf' })).toBe(9);
    expect(value('inflight', { http_route: '/r0', code: '200' })).toBe(18);
    expect(value('temperature_celsius', { http_route: '/r2', code: '201' })).toBeCloseTo(24.7, 10);
  } finally {
    await provider.shutdown();
    await receiver.close();
  }
});
