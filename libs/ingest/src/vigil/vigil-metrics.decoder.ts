import type { IngestMetricsRequest } from '@vigil/contracts';
import type { MetricBatch, SeriesDescriptor } from '../batch';
import { type FieldViolation, type IngestLimits, LIMIT_NAMES, timestampOutsideWindow } from '../ingest-limits';
import { MetricBatchBuilder } from '../metric-batch.builder';
import { RejectionCollector } from '../rejection-collector';

function seriesKey(name: string, labels: Readonly<Record<string, string>>): string {
  return JSON.stringify([name, Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]);
}

function labelViolation(sample: IngestMetricsRequest['samples'][number], limits: IngestLimits): FieldViolation | null {
  const labels = Object.entries(sample.labels);
  // +1: the name counts as a label, as __name__ does in Prometheus.
  if (labels.length + 1 > limits.labelsPerSeries) return { field: 'labels', message: `more than ${limits.labelsPerSeries} labels (limit ${LIMIT_NAMES.labelsPerSeries})` };
  if (sample.name.length > limits.metricNameLength) return { field: 'name', message: `metric name longer than ${limits.metricNameLength} characters (limit ${LIMIT_NAMES.metricNameLength})` };
  for (const [name, value] of labels) {
    if (name.length > limits.labelNameLength) return { field: `labels.${name}`, message: `label name longer than ${limits.labelNameLength} characters (limit ${LIMIT_NAMES.labelNameLength})` };
    if (value.length > limits.labelValueLength) return { field: `labels.${name}`, message: `label value of ${name} longer than ${limits.labelValueLength} characters (limit ${LIMIT_NAMES.labelValueLength})` };
  }
  return null;
}

function timestampViolation(timestamp: number, limits: IngestLimits, now: number): FieldViolation | null {
  const message = timestampOutsideWindow(timestamp, limits, now);
  return message === null ? null : { field: 'timestamp', message };
}

/**
 * Vigil JSON samples (already validated against the contract) as a MetricBatch, with the
 * project's limits applied: samples over a limit are left out and counted with the reason.
 */
export function decodeVigilMetrics(request: IngestMetricsRequest, limits: IngestLimits, now: number): MetricBatch {
  const builder = new MetricBatchBuilder(request.samples.length);
  const rejected = new RejectionCollector();
  const seriesIndex = new Map<string, number>();
  request.samples.forEach((sample, index) => {
    const timestamp = sample.timestamp ?? now;
    const violation = labelViolation(sample, limits) ?? timestampViolation(timestamp, limits, now);
    if (violation) {
      rejected.add(1, `samples[${index}] (${sample.name}): ${violation.message}`, { path: `samples[${index}].${violation.field}`, message: violation.message });
      return;
    }
    const key = seriesKey(sample.name, sample.labels);
    let series = seriesIndex.get(key);
    if (series === undefined) {
      const descriptor: SeriesDescriptor = { name: sample.name, labels: sample.labels };
      series = builder.addSeries(descriptor);
      seriesIndex.set(key, series);
    }
    builder.addSample(series, timestamp, sample.value);
  });
  return builder.build(rejected);
}
