import type { MetricBatch, MetricMetadata } from '@vigil/ingest';
import { descriptorFingerprint } from '../series-fingerprint';
import { type EncodedBatch, encodedBatch } from '../writer/encoded-batch';
import { float64Text, tsvString, tsvStringMap } from '../writer/row-encoding';
import { checkProjectId, checkRetentionDays, secondsText, timestampText } from '../writer/tsv-fields';
import { SeriesCache } from './series-cache';

export const METRIC_SERIES_COLUMNS = ['project_id', 'metric_name', 'fingerprint', 'labels', 'first_seen', 'last_seen'] as const;
export const METRIC_SAMPLE_COLUMNS = ['project_id', 'metric_name', 'fingerprint', 'timestamp', 'value', 'retention_days'] as const;
export const METRIC_METADATA_COLUMNS = ['project_id', 'metric_name', 'type', 'unit', 'help', 'temporality', 'last_seen'] as const;

/** Metadata is written again at most once an hour per family and process, or when it changes. */
const METADATA_REFRESH_MS = 3_600_000;
const METADATA_CACHE_LIMIT = 50_000;

export interface MetricBatchEncoderOptions {
  /** The process' series cache, shared with MetricRepository so both skip the same series rows. */
  seriesCache?: SeriesCache;
  /** Wall clock for metadata last_seen (epoch ms). */
  now?: () => number;
}

/**
 * Turns a decoded MetricBatch into TabSeparated payloads for metric_series (only series this
 * process has not written lately), metric_samples (straight from the typed arrays: one string
 * append per sample, no per-sample objects) and metric_metadata. Pure CPU, no I/O; the caches
 * are filled only when the batch is stored (EncodedBatch.onWritten).
 */
export class MetricBatchEncoder {
  readonly seriesCache: SeriesCache;
  private readonly metadataWritten = new Map<string, { signature: string; hour: number }>();
  private readonly now: () => number;

  constructor(options: MetricBatchEncoderOptions = {}) {
    this.seriesCache = options.seriesCache ?? new SeriesCache();
    this.now = options.now ?? Date.now;
  }

  encode(projectId: string, batch: MetricBatch, retentionDays: number): EncodedBatch {
    checkProjectId(projectId);
    const retention = checkRetentionDays(retentionDays);
    const seriesCount = batch.series.length;
    const count = batch.sampleCount;
    if (count > batch.sampleSeries.length || count > batch.sampleTimestamps.length || count > batch.sampleValues.length) {
      throw new RangeError(`sampleCount ${count} exceeds the sample arrays`);
    }

    // Per series: the line prefix (project, name, fingerprint) and the time span in this batch.
    const prefixes = new Array<string>(seriesCount);
    const firstMs = new Float64Array(seriesCount).fill(Infinity);
    const lastMs = new Float64Array(seriesCount).fill(-Infinity);
    const { sampleSeries, sampleTimestamps, sampleValues } = batch;
    const suffix = `\t${retention}\n`;
    let samples = '';
    for (let index = 0; index < count; index++) {
      const series = sampleSeries[index] as number;
      let prefix = prefixes[series];
      if (prefix === undefined) {
        const descriptor = batch.series[series];
        if (descriptor === undefined) throw new RangeError(`sample ${index} refers to series ${series}, but the batch has ${seriesCount}`);
        prefix = `${projectId}\t${tsvString(descriptor.name)}\t${descriptorFingerprint(descriptor)}\t`;
        prefixes[series] = prefix;
      }
      const timestamp = sampleTimestamps[index] as number;
      if (timestamp < (firstMs[series] as number)) firstMs[series] = timestamp;
      if (timestamp > (lastMs[series] as number)) lastMs[series] = timestamp;
      samples += prefix + timestampText(timestamp) + '\t' + float64Text(sampleValues[index] as number) + suffix;
    }

    let seriesPayload = '';
    const dueSeries: { fingerprint: string; firstMs: number; lastMs: number }[] = [];
    for (let series = 0; series < seriesCount; series++) {
      if (prefixes[series] === undefined) continue; // no samples left (e.g. refused by the series limiter)
      const descriptor = batch.series[series] as MetricBatch['series'][number];
      const fingerprint = descriptorFingerprint(descriptor);
      const span = { fingerprint, firstMs: firstMs[series] as number, lastMs: lastMs[series] as number };
      if (!this.seriesCache.isDue(projectId, fingerprint, span)) continue;
      dueSeries.push(span);
      seriesPayload += `${prefixes[series]}${tsvStringMap(descriptor.labels)}\t${secondsText(span.firstMs)}\t${secondsText(span.lastMs)}\n`;
    }

    const now = this.now();
    const hour = Math.floor(now / METADATA_REFRESH_MS);
    let metadataPayload = '';
    const dueMetadata: { key: string; signature: string }[] = [];
    for (const metadata of batch.metadata) {
      const key = `${projectId}:${metadata.name}`;
      const signature = metadataSignature(metadata);
      const written = this.metadataWritten.get(key);
      if (written !== undefined && written.signature === signature && written.hour === hour) continue;
      dueMetadata.push({ key, signature });
      metadataPayload += `${projectId}\t${tsvString(metadata.name)}\t${tsvString(metadata.type)}\t${tsvString(metadata.unit)}\t${tsvString(metadata.help)}\t${tsvString(metadata.temporality)}\t${secondsText(now)}\n`;
    }

    return encodedBatch(
      [
        { table: 'metric_series', columns: METRIC_SERIES_COLUMNS, payload: seriesPayload, rows: dueSeries.length },
        { table: 'metric_metadata', columns: METRIC_METADATA_COLUMNS, payload: metadataPayload, rows: dueMetadata.length },
        // Samples last: when an insert fails, what was stored before it folds on retry.
        { table: 'metric_samples', columns: METRIC_SAMPLE_COLUMNS, payload: samples, rows: count },
      ],
      count,
      () => {
        this.seriesCache.recordWritten(projectId, dueSeries);
        if (this.metadataWritten.size + dueMetadata.length > METADATA_CACHE_LIMIT) this.metadataWritten.clear();
        for (const { key, signature } of dueMetadata) this.metadataWritten.set(key, { signature, hour });
      },
    );
  }
}

function metadataSignature(metadata: MetricMetadata): string {
  return JSON.stringify([metadata.type, metadata.unit, metadata.help, metadata.temporality]);
}
