import type { MetricBatch, MetricMetadata, SeriesDescriptor } from './batch';
import type { RejectionCollector } from './rejection-collector';

/**
 * Fills a MetricBatch's columns. The typed arrays grow by doubling, so decoding a request costs
 * a few array copies at most, never an object per sample.
 */
export class MetricBatchBuilder {
  readonly series: SeriesDescriptor[] = [];
  private readonly metadataByName = new Map<string, MetricMetadata>();
  private seriesIndex: Uint32Array;
  private timestamps: Float64Array;
  private values: Float64Array;
  private count = 0;

  constructor(initialCapacity = 1024) {
    const capacity = Math.max(16, initialCapacity);
    this.seriesIndex = new Uint32Array(capacity);
    this.timestamps = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
  }

  get sampleCount(): number {
    return this.count;
  }

  addSeries(descriptor: SeriesDescriptor): number {
    return this.series.push(descriptor) - 1;
  }

  addSample(series: number, timestampMs: number, value: number): void {
    if (this.count === this.values.length) this.grow();
    this.seriesIndex[this.count] = series;
    this.timestamps[this.count] = timestampMs;
    this.values[this.count] = value;
    this.count++;
  }

  /** The first metadata for a name wins; later duplicates describe the same family. */
  addMetadata(metadata: MetricMetadata): void {
    if (!this.metadataByName.has(metadata.name)) this.metadataByName.set(metadata.name, metadata);
  }

  build(rejected: RejectionCollector): MetricBatch {
    return {
      series: this.series,
      sampleSeries: this.seriesIndex,
      sampleTimestamps: this.timestamps,
      sampleValues: this.values,
      sampleCount: this.count,
      metadata: [...this.metadataByName.values()],
      rejected: rejected.toRejection(),
    };
  }

  private grow(): void {
    const capacity = this.values.length * 2;
    const seriesIndex = new Uint32Array(capacity);
    seriesIndex.set(this.seriesIndex);
    const timestamps = new Float64Array(capacity);
    timestamps.set(this.timestamps);
    const values = new Float64Array(capacity);
    values.set(this.values);
    this.seriesIndex = seriesIndex;
    this.timestamps = timestamps;
    this.values = values;
  }
}
