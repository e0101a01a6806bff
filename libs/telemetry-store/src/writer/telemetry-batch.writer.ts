import type { LogBatch, MetricBatch } from '@vigil/ingest';
import { encodeLogBatch } from '../logs/log-batch.encoder';
import { MetricBatchEncoder, type MetricBatchEncoderOptions } from '../metrics/metric-batch.encoder';
import { type EncodedBatch, writeEncodedBatches } from './encoded-batch';
import type { TelemetryWriter } from './telemetry-writer';

export type TelemetryBatch = MetricBatch | LogBatch;

export function isLogBatch(batch: TelemetryBatch): batch is LogBatch {
  return 'records' in batch;
}

/**
 * Writes decoded batches through the store's one TelemetryWriter, one request at a time:
 * encode to TabSeparated, then one insert per table. GroupCommitWriter uses the same encoder
 * and joins many requests into each insert; this class is for callers that want no batching
 * (tests, benchmarks, the worker).
 */
export class TelemetryBatchWriter {
  readonly metricEncoder: MetricBatchEncoder;

  constructor(
    private readonly writer: TelemetryWriter,
    options: MetricBatchEncoderOptions = {},
  ) {
    this.metricEncoder = new MetricBatchEncoder(options);
  }

  encode(projectId: string, batch: TelemetryBatch, retentionDays: number): EncodedBatch {
    return isLogBatch(batch) ? encodeLogBatch(projectId, batch, retentionDays) : this.metricEncoder.encode(projectId, batch, retentionDays);
  }

  /** Series not written lately, the samples and changed metadata; resolves once all are stored. */
  async writeMetricBatch(projectId: string, batch: MetricBatch, retentionDays: number): Promise<void> {
    await writeEncodedBatches(this.writer, [this.metricEncoder.encode(projectId, batch, retentionDays)]);
  }

  async writeLogBatch(projectId: string, batch: LogBatch, retentionDays: number): Promise<void> {
    await writeEncodedBatches(this.writer, [encodeLogBatch(projectId, batch, retentionDays)]);
  }
}
