import { isUtf8 } from 'node:buffer';
import { uncompressSync } from 'snappy';
import type { MetricBatch, MetricMetadata, MetricType } from '../batch';
import { LIMIT_NAMES, timestampOutsideWindow, type IngestLimits } from '../ingest-limits';
import { IngestDecodeError } from '../ingest.errors';
import { MetricBatchBuilder } from '../metric-batch.builder';
import { RejectionCollector } from '../rejection-collector';
import { type CachedSeries, type DecodedSeriesCache } from './decoded-series-cache';
import { fieldNumber, WIRE_FIXED64, WIRE_LEN, WIRE_VARINT, WireError, WireReader } from './wire-reader';

/*
 * Prometheus remote_write 1.0 (prompb.WriteRequest, snappy block format):
 *   WriteRequest  { repeated TimeSeries timeseries = 1; repeated MetricMetadata metadata = 3; }
 *   TimeSeries    { repeated Label labels = 1; repeated Sample samples = 2; exemplars = 3; histograms = 4 }
 *   Label         { string name = 1; string value = 2; }
 *   Sample        { double value = 1; int64 timestamp = 2; }   // timestamp in ms
 *   MetricMetadata{ MetricType type = 1; string metric_family_name = 2; string help = 4; string unit = 5; }
 * Exemplars and native histograms are skipped (Vigil stores classic series only).
 */

const SNAPPY_FRAMED_MAGIC = Buffer.from([0xff, 0x06, 0x00, 0x00, 0x73, 0x4e, 0x61, 0x50, 0x70, 0x59]);

const PROM_TYPES: readonly MetricType[] = [
  'unknown', // UNKNOWN
  'counter', // COUNTER
  'gauge', // GAUGE
  'histogram', // HISTOGRAM
  'histogram', // GAUGEHISTOGRAM: stored like a histogram, its buckets are not monotonic
  'summary', // SUMMARY
  'gauge', // INFO: a gauge of value 1 in Prometheus' data model
  'gauge', // STATESET: one gauge series per state
];

/** Where the decoder is, so a wire fault names `timeseries[3].labels[1]`. */
interface Cursor {
  part: 'timeseries' | 'metadata' | 'request';
  index: number;
  /** Where the current message starts in the body. */
  start: number;
  label: number;
  sample: number;
}

/** Per-series scratch, reused across series so decoding allocates only what it returns. */
interface Scratch {
  names: string[];
  values: string[];
  labelStarts: number[];
  labelEnds: number[];
  sampleStarts: number[];
  sampleEnds: number[];
}

/** What every series of one request is decoded against. */
interface DecodeContext {
  limits: IngestLimits;
  now: number;
  builder: MetricBatchBuilder;
  rejected: RejectionCollector;
  cache: DecodedSeriesCache | undefined;
}

export interface RemoteWriteOptions {
  /** Reuses decoded series across requests (see DecodedSeriesCache); without it every series is decoded. */
  seriesCache?: DecodedSeriesCache;
}

/**
 * Decodes a Prometheus remote_write 1.0 request into a MetricBatch. Series breaking a
 * Prometheus rule or an ingest limit are left out and counted; a body that cannot be decoded
 * at all throws IngestDecodeError.
 */
export function decodeRemoteWrite(snappyBody: Buffer, limits: IngestLimits, now: number, options: RemoteWriteOptions = {}): MetricBatch {
  const body = uncompress(snappyBody, limits);
  const reader = new WireReader(body);
  const end = body.length;
  // About 20 bytes per encoded sample; the builder doubles if the guess is short.
  const builder = new MetricBatchBuilder(Math.ceil(end / 20));
  const rejected = new RejectionCollector();
  const cursor: Cursor = { part: 'request', index: -1, start: 0, label: -1, sample: -1 };
  const scratch: Scratch = { names: [], values: [], labelStarts: [], labelEnds: [], sampleStarts: [], sampleEnds: [] };
  const context: DecodeContext = { limits, now, builder, rejected, cache: options.seriesCache };
  let seriesIndex = 0;
  let metadataIndex = 0;
  try {
    while (reader.pos < end) {
      cursor.part = 'request';
      const tag = reader.uint32(end);
      const field = fieldNumber(tag);
      const wireType = tag & 7;
      if (field === 1 || field === 3) {
        if (wireType !== WIRE_LEN) throw new WireError(`field ${field} has wire type ${wireType}, expected ${WIRE_LEN}`);
        const messageEnd = reader.lengthDelimited(end);
        if (field === 1) {
          cursor.part = 'timeseries';
          cursor.index = seriesIndex++;
          cursor.start = reader.pos;
          decodeTimeSeries(reader, messageEnd, cursor, scratch, context);
        } else {
          cursor.part = 'metadata';
          cursor.index = metadataIndex++;
          const metadata = decodeMetadata(reader, messageEnd);
          if (metadata) builder.addMetadata(metadata);
        }
      } else {
        reader.skip(wireType, end);
      }
    }
  } catch (error) {
    if (!(error instanceof WireError)) throw error;
    // The path names the field as protobuf tools do (gRPC's BadRequest field violations), so
    // the answer's errors[] points a sender at the series, label or sample at fault.
    const path = pathOf(cursor);
    throw new IngestDecodeError('MALFORMED', `remote_write: ${path === undefined ? '' : `${path}: `}${error.message}`, path === undefined ? [] : [{ path, message: error.message }]);
  }
  return builder.build(rejected);
}

function uncompress(snappyBody: Buffer, limits: IngestLimits): Buffer {
  if (snappyBody.length >= SNAPPY_FRAMED_MAGIC.length && snappyBody.subarray(0, SNAPPY_FRAMED_MAGIC.length).equals(SNAPPY_FRAMED_MAGIC)) {
    throw new IngestDecodeError('UNSUPPORTED', 'remote_write: body is framed snappy; remote_write uses the snappy block format');
  }
  // The block format starts with the uncompressed length; check it before allocating for it.
  let declared: number;
  try {
    const reader = new WireReader(snappyBody);
    declared = reader.uint32(snappyBody.length);
  } catch {
    throw new IngestDecodeError('MALFORMED', 'remote_write: body is not snappy-compressed (no valid length preamble)');
  }
  if (declared > limits.maxDecompressedBytes) {
    throw new IngestDecodeError(
      'MALFORMED',
      `remote_write: body decompresses to ${declared} bytes, more than ${limits.maxDecompressedBytes} (limit ${LIMIT_NAMES.maxDecompressedBytes})`,
    );
  }
  try {
    // copyOutputData: a plain Buffer measured ~25% faster here than an external one, whose
    // finaliser the GC must run.
    return uncompressSync(snappyBody, { asBuffer: true, copyOutputData: true }) as Buffer;
  } catch (error) {
    throw new IngestDecodeError('MALFORMED', `remote_write: body is not valid snappy (block format): ${(error as Error).message}`);
  }
}

function pathOf(cursor: Cursor): string | undefined {
  if (cursor.part === 'request') return undefined;
  const path = `${cursor.part}[${cursor.index}]`;
  if (cursor.label >= 0) return `${path}.labels[${cursor.label}]`;
  if (cursor.sample >= 0) return `${path}.samples[${cursor.sample}]`;
  return path;
}

function decodeTimeSeries(
  reader: WireReader,
  end: number,
  cursor: Cursor,
  scratch: Scratch,
  context: DecodeContext,
): void {
  let labelCount = 0;
  let sampleCount = 0;
  let labelsStart = -1;
  let labelsEnd = -1;
  let labelsContiguous = true;
  // Pass 1 only locates labels and samples: fields may come in any order, the labels decide
  // whether samples are kept, and a cached series needs its labels not decoded at all.
  while (reader.pos < end) {
    const tagStart = reader.pos;
    const tag = reader.uint32(end);
    const field = fieldNumber(tag);
    const wireType = tag & 7;
    if (field === 1 || field === 2) {
      if (wireType !== WIRE_LEN) throw new WireError(`field ${field} has wire type ${wireType}, expected ${WIRE_LEN}`);
      const messageEnd = reader.lengthDelimited(end);
      if (field === 1) {
        if (labelsStart < 0) labelsStart = tagStart;
        else if (labelsEnd !== tagStart) labelsContiguous = false;
        labelsEnd = messageEnd;
        scratch.labelStarts[labelCount] = reader.pos;
        scratch.labelEnds[labelCount++] = messageEnd;
      } else {
        scratch.sampleStarts[sampleCount] = reader.pos;
        scratch.sampleEnds[sampleCount++] = messageEnd;
      }
      reader.pos = messageEnd;
    } else {
      reader.skip(wireType, end);
    }
  }
  const afterSeries = reader.pos;
  const { limits, rejected, builder, cache } = context;
  // The label bytes as latin1 text: the cache key, and the text ASCII labels are sliced from
  // (ASCII reads the same in latin1 and UTF-8), one native call per series instead of per label.
  const regionStart = labelsContiguous ? Math.max(labelsStart, 0) : cursor.start;
  const regionEnd = labelsContiguous ? Math.max(labelsEnd, regionStart) : end;
  const region: Region = { base: regionStart, text: reader.buf.toString('latin1', regionStart, regionEnd) };
  let cached = cache && labelsContiguous ? cache.get(region.text) : undefined;
  if (cached && !withinLimits(cached, limits)) cached = undefined;
  if (!cached) {
    for (let i = 0; i < labelCount; i++) {
      cursor.label = i;
      reader.pos = scratch.labelStarts[i] as number;
      decodeLabel(reader, scratch.labelEnds[i] as number, region, scratch, i);
    }
    cursor.label = -1;
    if (sampleCount === 0) {
      reader.pos = afterSeries;
      return;
    }
    cached = seriesLabels(scratch, labelCount, cursor.index, limits, rejected, sampleCount) ?? undefined;
    if (!cached) {
      reader.pos = afterSeries;
      return;
    }
    if (cache && labelsContiguous) cache.set(region.text, cached);
  }
  const descriptor = cached.descriptor;
  let series = -1;
  for (let i = 0; i < sampleCount; i++) {
    cursor.sample = i;
    reader.pos = scratch.sampleStarts[i] as number;
    const sampleEnd = scratch.sampleEnds[i] as number;
    let value = 0;
    let timestamp = 0;
    while (reader.pos < sampleEnd) {
      const tag = reader.uint32(sampleEnd);
      const field = fieldNumber(tag);
      const wireType = tag & 7;
      if (field === 1 && wireType === WIRE_FIXED64) value = reader.double(sampleEnd);
      else if (field === 2 && wireType === WIRE_VARINT) timestamp = reader.int64(sampleEnd);
      else if (field === 1 || field === 2) throw new WireError(`field ${field} has wire type ${wireType}`);
      else reader.skip(wireType, sampleEnd);
    }
    const outside = timestampOutsideWindow(timestamp, limits, context.now);
    if (outside) {
      rejected.add(1, `${outside} in series ${descriptor.name}`);
      continue;
    }
    if (series < 0) series = builder.addSeries(descriptor);
    builder.addSample(series, timestamp, value);
  }
  cursor.sample = -1;
  reader.pos = afterSeries;
}

function withinLimits(series: CachedSeries, limits: IngestLimits): boolean {
  return (
    series.labelCount <= limits.labelsPerSeries &&
    series.longestLabelName <= limits.labelNameLength &&
    series.longestLabelValue <= limits.labelValueLength &&
    series.descriptor.name.length <= limits.metricNameLength
  );
}

/** A series' bytes as latin1 text, and where they start in the body. */
interface Region {
  base: number;
  text: string;
}

function decodeLabel(reader: WireReader, end: number, region: Region, scratch: Scratch, index: number): void {
  const buf = reader.buf;
  let name = '';
  let value = '';
  while (reader.pos < end) {
    const tag = reader.uint32(end);
    const field = fieldNumber(tag);
    const wireType = tag & 7;
    if (field === 1 || field === 2) {
      if (wireType !== WIRE_LEN) throw new WireError(`field ${field} has wire type ${wireType}, expected ${WIRE_LEN}`);
      const stringEnd = reader.lengthDelimited(end);
      const text = utf8(buf, reader.pos, stringEnd, region);
      if (text === null) throw new WireError(`label ${field === 1 ? 'name' : 'value'} is not valid UTF-8`);
      if (field === 1) name = text;
      else value = text;
      reader.pos = stringEnd;
    } else {
      reader.skip(wireType, end);
    }
  }
  scratch.names[index] = name;
  scratch.values[index] = value;
}

/** Decodes UTF-8, or returns null when the bytes are not valid UTF-8. */
function utf8(buf: Buffer, start: number, end: number, region?: Region): string | null {
  // Label text is nearly always ASCII; a byte loop is cheaper than a native call per string.
  for (let i = start; i < end; i++) {
    if ((buf[i] as number) >= 0x80) {
      if (!isUtf8(buf.subarray(start, end))) return null;
      return buf.toString('utf8', start, end);
    }
  }
  if (region) return region.text.substring(start - region.base, end - region.base);
  return buf.toString('latin1', start, end);
}

/** Applies Prometheus' label rules and the limits; null when the series is refused (and counted). */
function seriesLabels(
  scratch: Scratch,
  labelCount: number,
  index: number,
  limits: IngestLimits,
  rejected: RejectionCollector,
  samples: number,
): CachedSeries | null {
  const { names, values } = scratch;
  let name = '';
  let kept = 0;
  for (let i = 0; i < labelCount; i++) {
    if (names[i] === '__name__') name = values[i] as string;
    // Prometheus treats a label with an empty value as absent.
    if (values[i] !== '') kept++;
  }
  if (name === '') {
    rejected.add(samples, `series without a metric name (__name__ label) at timeseries[${index}]`);
    return null;
  }
  if (kept > limits.labelsPerSeries) {
    rejected.add(samples, `series with more than ${limits.labelsPerSeries} labels (limit ${LIMIT_NAMES.labelsPerSeries}) in series ${name}`);
    return null;
  }
  if (name.length > limits.metricNameLength) {
    rejected.add(samples, `metric name longer than ${limits.metricNameLength} characters (limit ${LIMIT_NAMES.metricNameLength}) at timeseries[${index}]`);
    return null;
  }
  // A plain object: series with the same label names share a hidden class, which makes
  // creating and reading them fast; `__proto__` (a valid label name) is defined, not assigned.
  const labels: Record<string, string> = {};
  let previous = '';
  let nameSeen = false;
  let longestLabelName = 0;
  let longestLabelValue = 0;
  for (let i = 0; i < labelCount; i++) {
    const labelName = names[i] as string;
    const labelValue = values[i] as string;
    if (labelValue === '') continue;
    if (labelName === '') {
      rejected.add(samples, `empty label name in series ${name}`);
      return null;
    }
    if (labelName.length > limits.labelNameLength) {
      rejected.add(samples, `label name longer than ${limits.labelNameLength} characters (limit ${LIMIT_NAMES.labelNameLength}) in series ${name}`);
      return null;
    }
    if (labelValue.length > limits.labelValueLength) {
      rejected.add(samples, `label value longer than ${limits.labelValueLength} characters (limit ${LIMIT_NAMES.labelValueLength}) in series ${name}`);
      return null;
    }
    // Prometheus sends labels sorted, so an ascending name cannot repeat an earlier one.
    const duplicate = labelName === '__name__' ? nameSeen : labelName <= previous && Object.hasOwn(labels, labelName);
    if (duplicate) {
      rejected.add(samples, `duplicate label name "${labelName}" in series ${name}`);
      return null;
    }
    if (labelName > previous) previous = labelName;
    if (labelName.length > longestLabelName) longestLabelName = labelName.length;
    if (labelValue.length > longestLabelValue) longestLabelValue = labelValue.length;
    if (labelName === '__name__') nameSeen = true;
    else if (labelName === '__proto__') Object.defineProperty(labels, labelName, { value: labelValue, enumerable: true, writable: true, configurable: true });
    else labels[labelName] = labelValue;
  }
  return { descriptor: { name, labels }, labelCount: kept, longestLabelName, longestLabelValue };
}

function decodeMetadata(reader: WireReader, end: number): MetricMetadata | null {
  const buf = reader.buf;
  let type = 0;
  let name = '';
  let help = '';
  let unit = '';
  while (reader.pos < end) {
    const tag = reader.uint32(end);
    const field = fieldNumber(tag);
    const wireType = tag & 7;
    if (field === 1 && wireType === WIRE_VARINT) {
      type = reader.int64(end);
    } else if ((field === 2 || field === 4 || field === 5) && wireType === WIRE_LEN) {
      const stringEnd = reader.lengthDelimited(end);
      const text = utf8(buf, reader.pos, stringEnd);
      if (text === null) throw new WireError(`${field === 2 ? 'metric_family_name' : field === 4 ? 'help' : 'unit'} is not valid UTF-8`);
      if (field === 2) name = text;
      else if (field === 4) help = text;
      else unit = text;
      reader.pos = stringEnd;
    } else {
      reader.skip(wireType, end);
    }
  }
  if (name === '') return null;
  const metricType = PROM_TYPES[type] ?? 'unknown';
  const cumulative = metricType === 'counter' || metricType === 'histogram' || metricType === 'summary';
  return { name, type: metricType, unit, help, temporality: cumulative ? 'cumulative' : 'none' };
}
