/** The fields of a log record the list needs to tell records apart. */
export interface KeyedRecordFields {
  timestampMs: number;
  observedTimestampMs: number;
  spanId: string;
  service: string;
  body: string;
}

/**
 * Stable React keys for records (they carry no id): their content, plus a counter for exact
 * duplicates, so an expanded record stays expanded when live records are prepended.
 */
export function recordKeys(records: readonly KeyedRecordFields[]): string[] {
  const seen = new Map<string, number>();
  return records.map((record) => {
    const base = `${record.timestampMs}:${record.observedTimestampMs}:${record.spanId}:${record.service}:${record.body.slice(0, 64)}`;
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    return count === 0 ? base : `${base}#${count}`;
  });
}

/** The newest first: a tail event comes oldest first and goes on top of what is shown, within `cap`. */
export function prependNewest<T>(shown: readonly T[], arrivedOldestFirst: readonly T[], cap: number): T[] {
  return [...arrivedOldestFirst].reverse().concat(shown).slice(0, cap);
}
