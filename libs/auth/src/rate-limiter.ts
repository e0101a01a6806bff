/** Where attempt counters live; Redis in production so every API replica shares them. */
export interface AttemptCounterStore {
  /** Adds one to `key`, starting a window of `windowMs` on the first hit. */
  increment(key: string, windowMs: number): Promise<void>;
  /** The count in the current window and the time left in it (0 and 0 when there is none). */
  read(key: string): Promise<{ count: number; resetInMs: number }>;
}

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * A fixed-window limiter of failures: at most `limit` recorded failures per key per window.
 * Only failures are recorded, so people who type their password right are never locked out
 * by someone else's guessing from the same address. A fixed window costs one Redis INCR per
 * failure, and stopping guessing bursts is all it is for.
 */
export class FixedWindowRateLimiter {
  constructor(
    private readonly store: AttemptCounterStore,
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  async check(key: string): Promise<RateLimitDecision> {
    const { count, resetInMs } = await this.store.read(key);
    if (count < this.limit) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(resetInMs / 1000)) };
  }

  recordFailure(key: string): Promise<void> {
    return this.store.increment(key, this.windowMs);
  }
}

/** An in-process store for tests and single-process tools. */
export class InMemoryAttemptCounterStore implements AttemptCounterStore {
  private readonly windows = new Map<string, { count: number; endsAt: number }>();

  constructor(private readonly now: () => number) {}

  async increment(key: string, windowMs: number): Promise<void> {
    const now = this.now();
    const current = this.windows.get(key);
    const window = current && current.endsAt > now ? current : { count: 0, endsAt: now + windowMs };
    window.count += 1;
    this.windows.set(key, window);
  }

  async read(key: string): Promise<{ count: number; resetInMs: number }> {
    const now = this.now();
    const window = this.windows.get(key);
    return window && window.endsAt > now ? { count: window.count, resetInMs: window.endsAt - now } : { count: 0, resetInMs: 0 };
  }
}
