import type { MetricBatch } from '../batch';

/** A protobuf length-delimited field by hand, for bodies protobufjs' encoder will not write. */
export function lengthDelimited(field: number, payload: Buffer): Buffer {
  const length: number[] = [];
  for (let rest = payload.length; ; rest >>>= 7) {
    if (rest < 0x80) {
      length.push(rest);
      break;
    }
    length.push((rest & 0x7f) | 0x80);
  }
  return Buffer.concat([Buffer.from([(field << 3) | 2, ...length]), payload]);
}

/** A MetricBatch as plain data to compare whole: one row per sample, metadata and rejections. */
export function metricBatchRows(batch: MetricBatch): unknown {
  const samples: unknown[] = [];
  for (let i = 0; i < batch.sampleCount; i++) {
    const series = batch.series[batch.sampleSeries[i] as number];
    samples.push([series?.name, series?.labels, batch.sampleTimestamps[i], batch.sampleValues[i]]);
  }
  return { samples, metadata: batch.metadata, rejected: batch.rejected };
}
