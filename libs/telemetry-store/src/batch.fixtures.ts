import type { LogBatch, LogRecord, MetricBatch, MetricMetadata, SeriesDescriptor } from '@vigil/ingest';

/** Test builders for decoded batches (used by specs and the bench; not exported by the lib). */
export function makeMetricBatch(
  series: SeriesDescriptor[],
  samples: readonly (readonly [series: number, timestampMs: number, value: number])[],
  metadata: MetricMetadata[] = [],
): MetricBatch {
  return {
    series,
    sampleSeries: Uint32Array.from(samples.map(([index]) => index)),
    sampleTimestamps: Float64Array.from(samples.map(([, timestamp]) => timestamp)),
    sampleValues: Float64Array.from(samples.map(([, , value]) => value)),
    sampleCount: samples.length,
    metadata,
    rejected: { count: 0, reasons: [] },
  };
}

/** `seriesCount` series of one metric × `perSeries` samples each, `stepMs` apart, built columnar. */
export function makeWideMetricBatch(name: string, seriesCount: number, perSeries: number, startMs: number, stepMs = 10_000): MetricBatch {
  const series = Array.from({ length: seriesCount }, (_, index) => ({
    name,
    labels: { service: `svc-${index % 10}`, instance: `10.0.${index % 256}.${index >> 8}:9090`, route: `/api/v1/r${index % 50}`, status: String(200 + (index % 5)) },
  }));
  const count = seriesCount * perSeries;
  const batch: MetricBatch = {
    series,
    sampleSeries: new Uint32Array(count),
    sampleTimestamps: new Float64Array(count),
    sampleValues: new Float64Array(count),
    sampleCount: count,
    metadata: [{ name, type: 'counter', unit: '', help: `${name} help`, temporality: 'cumulative' }],
    rejected: { count: 0, reasons: [] },
  };
  let out = 0;
  for (let point = 0; point < perSeries; point++) {
    for (let index = 0; index < seriesCount; index++) {
      batch.sampleSeries[out] = index;
      batch.sampleTimestamps[out] = startMs + point * stepMs;
      batch.sampleValues[out] = index * 1.5 + point;
      out++;
    }
  }
  return batch;
}

export function makeLogRecord(overrides: Partial<LogRecord> = {}): LogRecord {
  return {
    timestampMs: Date.UTC(2026, 0, 15, 12),
    observedTimestampMs: Date.UTC(2026, 0, 15, 12, 0, 1),
    severityNumber: 9,
    severityText: 'INFO',
    service: 'checkout',
    body: 'order placed',
    attributes: {},
    resource: { 'service.name': 'checkout' },
    traceId: '',
    spanId: '',
    ...overrides,
  };
}

export function makeLogBatch(records: LogRecord[]): LogBatch {
  return { records, rejected: { count: 0, reasons: [] } };
}
