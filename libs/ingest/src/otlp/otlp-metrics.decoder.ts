import type { MetricBatch } from '../batch';
import type { IngestLimits } from '../ingest-limits';
import { IngestDecodeError } from '../ingest.errors';
import type { ExportMetricsServiceRequest } from './otlp-messages';
import { mapOtlpMetrics } from './otlp-metrics.mapper';
import { readExportMetricsServiceRequest } from './otlp-metrics.reader';
import { otlpType } from './otlp-proto';
import { decodeOtlpBody, type OtlpBodyReader, type OtlpFormat } from './otlp-body';
import type { OtlpSeriesCache } from './otlp-series-cache';

export interface OtlpMetricsDecodeOptions {
  /** Reuses labels and series across requests (see OtlpSeriesCache); without it every point's are built. */
  seriesCache?: OtlpSeriesCache;
}

/** How the body is read; with a series cache, the protobuf reader looks attributes up by their bytes. */
const metricsBody = (cache: OtlpSeriesCache | undefined): OtlpBodyReader<ExportMetricsServiceRequest> => ({
  what: 'otlp metrics',
  readProtobuf: (body) => readExportMetricsServiceRequest(body, cache),
  jsonType: () => otlpType('metrics.v1.ExportMetricsServiceRequest'),
});

/**
 * Decodes an OTLP/HTTP ExportMetricsServiceRequest (protobuf or OTLP/JSON) into a MetricBatch.
 * Points over a limit are left out and counted (as data points); a body that cannot be decoded
 * throws IngestDecodeError.
 */
export function decodeOtlpMetrics(body: Buffer, format: OtlpFormat, limits: IngestLimits, now: number, options: OtlpMetricsDecodeOptions = {}): MetricBatch {
  const request = decodeOtlpBody(body, format, metricsBody(options.seriesCache));
  try {
    return mapOtlpMetrics(request, limits, now, options.seriesCache);
  } catch (error) {
    // protobufjs' fromObject (OTLP/JSON) accepts some shapes the mapper then trips on (a wrong type deep
    // inside); that is the sender's fault, not a server error.
    if (error instanceof TypeError || error instanceof RangeError) {
      throw new IngestDecodeError('MALFORMED', `otlp metrics: ${error.message}`);
    }
    throw error;
  }
}
