import type { MetricBatch, MetricMetadata, SeriesDescriptor } from '@vigil/ingest';
import { descriptorFingerprint } from '../series-fingerprint';
import { type BatchTableSchema, ByteColumnBuilder, encodeMap, type EncodedMap, type EncodedTable } from '../writer/batch-columns';
import { type EncodedBatch, encodedBatch } from '../writer/encoded-batch';
import { checkEpochMs, checkProjectId, checkRetentionDays } from '../writer/batch-checks';
import { HOUR_MS } from '../rollup/rollup-hours';
import { SeriesCache } from './series-cache';

export const METRIC_SERIES_TABLE: BatchTableSchema = {
  table: 'metric_series',
  columns: [
    { name: 'project_id', kind: 'ProjectId' },
    { name: 'metric_name', kind: 'String' },
    { name: 'fingerprint', kind: 'UInt64' },
    { name: 'labels', kind: 'StringMap' },
    { name: 'first_seen', kind: 'DateTimeMs' },
    { name: 'last_seen', kind: 'DateTimeMs' },
  ],
};

export const METRIC_SAMPLES_TABLE: BatchTableSchema = {
  table: 'metric_samples',
  columns: [
    { name: 'project_id', kind: 'ProjectId' },
    { name: 'metric_name', kind: 'String' },
    { name: 'fingerprint', kind: 'UInt64' },
    { name: 'timestamp', kind: 'DateTime64Ms' },
    { name: 'value', kind: 'Float64' },
    { name: 'retention_days', kind: 'RetentionDays' },
  ],
};

export const METRIC_METADATA_TABLE: BatchTableSchema = {
  table: 'metric_metadata',
  columns: [
    { name: 'project_id', kind: 'ProjectId' },
    { name: 'metric_name', kind: 'String' },
    { name: 'type', kind: 'String' },
    { name: 'unit', kind: 'String' },
    { name: 'help', kind: 'String' },
    { name: 'temporality', kind: 'String' },
    { name: 'last_seen', kind: 'DateTimeMs' },
  ],
};

/** Metadata is written again at most once an hour per family and process, or when it changes. */
const METADATA_REFRESH_MS = 3_600_000;
const METADATA_CACHE_LIMIT = 50_000;

export interface MetricBatchEncoderOptions {
  /** The process' series cache, shared with MetricRepository so both skip the same series rows. */
  seriesCache?: SeriesCache;
  /** Wall clock for metadata last_seen (epoch ms). */
  now?: () => number;
}

/** What every sample row of a series repeats, computed once per decoded series object. */
interface SeriesColumns {
  readonly fingerprint: string;
  readonly name: Buffer;
  readonly low: number;
  readonly high: number;
  readonly labels: EncodedMap;
}

const seriesColumns = new WeakMap<SeriesDescriptor, SeriesColumns>();

function columnsOf(descriptor: SeriesDescriptor): SeriesColumns {
  let columns = seriesColumns.get(descriptor);
  if (columns === undefined) {
    const fingerprint = descriptorFingerprint(descriptor);
    const value = BigInt(fingerprint);
    columns = {
      fingerprint,
      name: Buffer.from(descriptor.name, 'utf8'),
      low: Number(value & 0xffffffffn),
      high: Number(value >> 32n),
      labels: encodeMap(descriptor.labels),
    };
    seriesColumns.set(descriptor, columns);
  }
  return columns;
}

/**
 * Turns a decoded MetricBatch into columns for metric_series (only series this process has not
 * written lately), metric_samples (straight from the typed arrays: a name copy and two integers
 * per sample, the values array as it came) and metric_metadata. Pure CPU, no I/O; the caches are
 * filled only when the batch is stored (EncodedBatch.onWritten).
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

    // Per series: its repeated columns and the time span in this batch.
    const perSeries = new Array<SeriesColumns | undefined>(seriesCount);
    const firstMs = new Float64Array(seriesCount).fill(Infinity);
    const lastMs = new Float64Array(seriesCount).fill(-Infinity);
    const { sampleSeries, sampleTimestamps } = batch;
    const names = new ByteColumnBuilder(count, count * 24);
    const fingerprints = new Uint32Array(count * 2);
    const timestamps = new Float64Array(count);
    const sampleHours = new Map<number, number>();
    let hour = -1;
    let inHour = 0;
    for (let index = 0; index < count; index++) {
      const series = sampleSeries[index] as number;
      let columns = perSeries[series];
      if (columns === undefined) {
        const descriptor = batch.series[series];
        if (descriptor === undefined) throw new RangeError(`sample ${index} refers to series ${series}, but the batch has ${seriesCount}`);
        columns = perSeries[series] = columnsOf(descriptor);
      }
      const timestamp = Math.round(checkEpochMs(sampleTimestamps[index] as number));
      if (timestamp < (firstMs[series] as number)) firstMs[series] = timestamp;
      if (timestamp > (lastMs[series] as number)) lastMs[series] = timestamp;
      names.bytes(columns.name).end();
      fingerprints[2 * index] = columns.low;
      fingerprints[2 * index + 1] = columns.high;
      timestamps[index] = timestamp;
      const sampleHour = timestamp - (timestamp % HOUR_MS);
      if (sampleHour !== hour) {
        if (inHour > 0) sampleHours.set(hour, (sampleHours.get(hour) ?? 0) + inHour);
        hour = sampleHour;
        inHour = 0;
      }
      inHour++;
    }
    if (inHour > 0) sampleHours.set(hour, (sampleHours.get(hour) ?? 0) + inHour);

    const seriesNames = new ByteColumnBuilder();
    const seriesFingerprints: number[] = [];
    const labelKeys = new ByteColumnBuilder();
    const labelValues = new ByteColumnBuilder();
    const seriesFirst: number[] = [];
    const seriesLast: number[] = [];
    const dueSeries: { fingerprint: string; firstMs: number; lastMs: number }[] = [];
    for (let series = 0; series < seriesCount; series++) {
      const columns = perSeries[series];
      if (columns === undefined) continue; // no samples left (e.g. refused by the series limiter)
      const first = firstMs[series] as number;
      const last = lastMs[series] as number;
      if (!this.seriesCache.isDue(projectId, columns.fingerprint, first, last)) continue;
      dueSeries.push({ fingerprint: columns.fingerprint, firstMs: first, lastMs: last });
      seriesNames.bytes(columns.name).end();
      seriesFingerprints.push(columns.low, columns.high);
      labelKeys.bytes(columns.labels.keys).end();
      labelValues.bytes(columns.labels.values).end();
      seriesFirst.push(first);
      seriesLast.push(last);
    }

    const now = this.now();
    const metadataHour = Math.floor(now / METADATA_REFRESH_MS);
    const dueMetadata: { key: string; signature: string; metadata: MetricMetadata }[] = [];
    for (const metadata of batch.metadata) {
      const key = `${projectId}:${metadata.name}`;
      const signature = metadataSignature(metadata);
      const written = this.metadataWritten.get(key);
      if (written !== undefined && written.signature === signature && written.hour === metadataHour) continue;
      dueMetadata.push({ key, signature, metadata });
    }

    return encodedBatch(
      projectId,
      retention,
      [
        {
          schema: METRIC_SERIES_TABLE,
          rows: dueSeries.length,
          values: [null, seriesNames.build(), Uint32Array.from(seriesFingerprints), { keys: labelKeys.build(), values: labelValues.build() }, Float64Array.from(seriesFirst), Float64Array.from(seriesLast)],
        },
        metadataTable(dueMetadata.map((due) => due.metadata), now),
        // Samples last: when an insert fails, what was stored before it folds on retry.
        { schema: METRIC_SAMPLES_TABLE, rows: count, values: [null, names.build(), fingerprints, timestamps, batch.sampleValues.subarray(0, count), null] },
      ],
      count,
      {
        sampleHours,
        onWritten: () => {
          this.seriesCache.recordWritten(projectId, dueSeries);
          if (this.metadataWritten.size + dueMetadata.length > METADATA_CACHE_LIMIT) this.metadataWritten.clear();
          for (const { key, signature } of dueMetadata) this.metadataWritten.set(key, { signature, hour: metadataHour });
        },
      },
    );
  }
}

function metadataTable(metadata: readonly MetricMetadata[], now: number): EncodedTable {
  const columns = METRIC_METADATA_TABLE.columns.slice(1, 6).map(() => new ByteColumnBuilder(metadata.length));
  for (const family of metadata) {
    [family.name, family.type, family.unit, family.help, family.temporality].forEach((text, index) => (columns[index] as ByteColumnBuilder).row(text));
  }
  return { schema: METRIC_METADATA_TABLE, rows: metadata.length, values: [null, ...columns.map((column) => column.build()), new Float64Array(metadata.length).fill(checkEpochMs(now))] };
}

function metadataSignature(metadata: MetricMetadata): string {
  return JSON.stringify([metadata.type, metadata.unit, metadata.help, metadata.temporality]);
}

