// Metric data for bench/lanes.bench.ts: 1,000 counter series (10 services × 100 pods) at 1 minute over 24 h.
import type { MetricBatch } from '@vigil/ingest';
import type { TelemetryBatchWriter } from '../src/writer/telemetry-batch.writer';

const MINUTE = 60_000;

export async function seedMetrics(writer: TelemetryBatchWriter, projectId: string, now: number): Promise<void> {
  const series = Array.from({ length: 1000 }, (_, i) => ({ name: 'requests_total', labels: { service: `svc-${i % 10}`, pod: `pod-${i}` } }));
  const minutes = 24 * 60;
  const from = now - minutes * MINUTE;
  const chunkMinutes = 240;
  for (let start = 0; start < minutes; start += chunkMinutes) {
    const end = Math.min(minutes, start + chunkMinutes);
    const count = (end - start) * series.length;
    const batch: MetricBatch = {
      series,
      sampleSeries: new Uint32Array(count),
      sampleTimestamps: new Float64Array(count),
      sampleValues: new Float64Array(count),
      sampleCount: count,
      metadata: [],
      rejected: { count: 0, reasons: [] },
    };
    let out = 0;
    for (let s = 0; s < series.length; s++) {
      for (let m = start; m < end; m++) {
        batch.sampleSeries[out] = s;
        batch.sampleTimestamps[out] = from + m * MINUTE + (s % 60) * 1000;
        batch.sampleValues[out] = m * (1 + (s % 7));
        out++;
      }
    }
    await writer.writeMetricBatch(projectId, batch, 400);
  }
}
