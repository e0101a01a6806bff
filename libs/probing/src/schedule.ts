/**
 * Where in its interval a check runs. Every check gets a fixed offset from a hash of its id, so
 * 10,000 checks of one interval are spread evenly across it (no herd at :00) and a re-created
 * schedule keeps the same phase. FNV-1a: a stable, well-mixed hash without crypto. Never 0: a
 * job scheduler's offset lies strictly inside its interval (@vigil/queue's scheduleRepeatable).
 */
export function scheduleOffsetMs(key: string, everyMs: number): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < key.length; index++) {
    hash ^= key.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return 1 + (hash % (everyMs - 1));
}

/** The run slot `now` falls in: one run per slot per region (the prober's claim key). */
export function runSlot(now: number, everyMs: number, offsetMs: number): number {
  return Math.floor((now - offsetMs) / everyMs);
}

/** A batch of checks of one interval whose offsets fall in one slot of it: one job scheduler per batch and region. */
export interface ScheduleBatch {
  everyMs: number;
  /** The slot's index within the interval: offsets in [index × width, (index + 1) × width). */
  index: number;
}

/**
 * How wide a batch's slot is: an interval cut in about 30 slots, each 1 s to 60 s wide — so a
 * 30 s interval has 30 batches of 1 s (10,000 checks: 30 jobs per interval instead of 10,000),
 * and a batch's job never holds its checks for more than a minute.
 */
export function batchWidthMs(everyMs: number): number {
  return Math.min(60_000, Math.max(1_000, Math.floor(everyMs / 30)));
}

/** The batch a check with this offset (scheduleOffsetMs) belongs to. */
export function batchOf(offsetMs: number, everyMs: number): ScheduleBatch {
  return { everyMs, index: Math.floor(offsetMs / batchWidthMs(everyMs)) };
}

/** Where in the interval a batch's job fires: its slot's start, never 0 (a job scheduler's offset lies strictly inside its interval). */
export function batchStartMs(batch: ScheduleBatch): number {
  return Math.max(1, batch.index * batchWidthMs(batch.everyMs));
}

/**
 * The interval (run slot, as runSlot) a batch's job fired for: the job fires at or after its
 * start, less than an interval late.
 */
export function batchCycle(batch: ScheduleBatch, firedAt: number): number {
  return runSlot(firedAt, batch.everyMs, batchStartMs(batch));
}

/** When a check of the batch is due in a cycle: its own offset in it (so checks of a batch do not start together). */
export function dueAt(cycle: number, everyMs: number, offsetMs: number): number {
  return cycle * everyMs + offsetMs;
}
