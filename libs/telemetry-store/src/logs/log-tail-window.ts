import type { LogRecord } from '@vigil/ingest';
import { type KeyedLogRecord, newestFirst } from './log-order';

/** Records up to this late (by their timestamp, against the clock) are still delivered. */
export const TAIL_LATENESS_MS = 10_000;

/**
 * What a tail has sent, so each poll of the last few seconds delivers only what is new. Pure:
 * the caller passes the clock. A poll reads records with timestamp ≥ lowerBound(now) (the
 * tail's start, or now − 10 s once that is later); everything below the bound is forgotten, as
 * it cannot be read again. Identical records are counted, so two of them are sent twice.
 */
export class LogTailWindow {
  private readonly sent = new Map<string, { timestampMs: number; count: number }>();

  constructor(
    private readonly startMs: number,
    private readonly latenessMs = TAIL_LATENESS_MS,
  ) {}

  lowerBound(nowMs: number): number {
    return Math.max(this.startMs, nowMs - this.latenessMs);
  }

  /** The records of a poll not sent before, oldest first; remembers them as sent. */
  accept(rows: readonly KeyedLogRecord[], lowerBoundMs: number): LogRecord[] {
    for (const [id, entry] of this.sent) if (entry.timestampMs < lowerBoundMs) this.sent.delete(id);
    const seenInPoll = new Map<string, number>();
    const fresh: KeyedLogRecord[] = [];
    for (const row of rows) {
      if (row.record.timestampMs < lowerBoundMs) continue;
      const id = `${row.record.timestampMs}:${row.key}`;
      const occurrence = (seenInPoll.get(id) ?? 0) + 1;
      seenInPoll.set(id, occurrence);
      const entry = this.sent.get(id);
      if (entry && occurrence <= entry.count) continue;
      this.sent.set(id, { timestampMs: row.record.timestampMs, count: occurrence });
      fresh.push(row);
    }
    return fresh.sort(newestFirst).reverse().map((row) => row.record);
  }

  /** How many records are remembered (for tests and self-metrics). */
  get size(): number {
    return this.sent.size;
  }
}
