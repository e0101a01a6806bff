export * from './batch';
export { DEFAULT_INGEST_LIMITS, LIMIT_NAMES, type IngestLimits } from './ingest-limits';
export { IngestDecodeError, type IngestDecodeErrorCode } from './ingest.errors';
export { describeJsonPosition, findInvalidUtf8, type InvalidUtf8, jsonPositionAt, type JsonPosition } from './json-utf8';
export { MAX_REJECTION_REASONS } from './rejection-collector';
export { REFUSAL_REASONS, type RefusalReason, refusalReasonOf } from './refusal-reason';
export { normalizeSeverity, type Severity } from './log-severity';
export { decodeRemoteWrite, type RemoteWriteOptions } from './remote-write/remote-write.decoder';
export { DecodedSeriesCache, type CachedSeries } from './remote-write/decoded-series-cache';
export { decodeOtlpMetrics, type OtlpMetricsDecodeOptions } from './otlp/otlp-metrics.decoder';
export { OtlpSeriesCache } from './otlp/otlp-series-cache';
export { decodeOtlpLogs } from './otlp/otlp-logs.decoder';
export type { OtlpFormat } from './otlp/otlp-body';
export { decodeVigilLogs, type VigilLogsKind } from './vigil/vigil-logs.decoder';
export { vigilLogRecordSchema, type VigilLogRecord } from './vigil/vigil-log.schema';
export { decodeVigilMetrics } from './vigil/vigil-metrics.decoder';
// Encoders for building requests in tests and benchmarks (clients, not the ingest path).
export { encodeRemoteWrite, encodeWriteRequest, type TestSeries as RemoteWriteSeries } from './testing/remote-write-encoder.testing';
export { encodeOtlpLogs, encodeOtlpMetrics } from './testing/otlp-encoder.testing';
