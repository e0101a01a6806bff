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
