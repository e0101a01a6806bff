/**
 * Per-project ingest limits. Items over a limit are left out of the batch and counted in
 * `rejected` with a reason naming the limit (the snake_case name in `LIMIT_NAMES`), so a
 * client sees which knob refused its data.
 */
export interface IngestLimits {
  /** Labels of one series, `__name__` included (Prometheus' `label_limit` counts it too). */
  labelsPerSeries: number;
  /** In characters (UTF-16 code units), as Prometheus' `label_name_length_limit`. */
  labelNameLength: number;
  /** In characters (UTF-16 code units), as Prometheus' `label_value_length_limit`. */
  labelValueLength: number;
  /** Of the stored sample name, suffixes (`_bucket`, `_total`) included. */
  metricNameLength: number;
  /** Samples and log records older than `now - maxAgeMs` are refused. */
  maxAgeMs: number;
  /** Samples and log records later than `now + maxFutureMs` are refused. */
  maxFutureMs: number;
  /** UTF-8 bytes of a log record's body. */
  logBodyBytes: number;
  /** Attributes of one log record. */
  logAttributes: number;
  /**
   * Size of a decompressed remote_write body. Snappy states the size up front, so a small body
   * claiming gigabytes is refused before any memory is allocated for it.
   */
  maxDecompressedBytes: number;
}

export const DEFAULT_INGEST_LIMITS: Readonly<IngestLimits> = Object.freeze({
  labelsPerSeries: 30,
  labelNameLength: 128,
  labelValueLength: 2048,
  metricNameLength: 256,
  maxAgeMs: 7 * 24 * 60 * 60 * 1000,
  maxFutureMs: 10 * 60 * 1000,
  logBodyBytes: 64 * 1024,
  logAttributes: 128,
  maxDecompressedBytes: 64 * 1024 * 1024,
});

/** The names reasons use, stable for documentation and for clients grepping their logs. */
export const LIMIT_NAMES: Readonly<Record<keyof IngestLimits, string>> = Object.freeze({
  labelsPerSeries: 'labels_per_series',
  labelNameLength: 'label_name_length',
  labelValueLength: 'label_value_length',
  metricNameLength: 'metric_name_length',
  maxAgeMs: 'max_age',
  maxFutureMs: 'max_future',
  logBodyBytes: 'log_body_bytes',
  logAttributes: 'log_attributes',
  maxDecompressedBytes: 'max_decompressed_bytes',
});

/** A limit or rule an item breaks: the field it speaks of (relative to the item) and why. */
export interface FieldViolation {
  field: string;
  message: string;
}

/** Why a timestamp is outside the accepted window, or null when it is inside. */
export function timestampOutsideWindow(timestampMs: number, limits: IngestLimits, now: number): string | null {
  if (timestampMs < now - limits.maxAgeMs) {
    return `timestamp older than ${formatDuration(limits.maxAgeMs)} (limit ${LIMIT_NAMES.maxAgeMs})`;
  }
  if (timestampMs > now + limits.maxFutureMs) {
    return `timestamp more than ${formatDuration(limits.maxFutureMs)} ahead (limit ${LIMIT_NAMES.maxFutureMs})`;
  }
  // NaN compares false above; a timestamp that is not a number is never inside a window.
  if (Number.isNaN(timestampMs)) return 'timestamp is not a number';
  return null;
}

function formatDuration(ms: number): string {
  const units: [number, string][] = [
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
    [1000, 'second'],
  ];
  for (const [size, name] of units) {
    if (ms >= size && ms % size === 0) return `${ms / size} ${name}${ms === size ? '' : 's'}`;
  }
  return `${ms} ms`;
}
