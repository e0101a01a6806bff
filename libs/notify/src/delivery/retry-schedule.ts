/**
 * When to try a failed delivery again. Pure: randomness is an input.
 *
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And
 * Jitter"): the delay is uniform in [0, min(cap, base · 2^retry)], so receivers that come back
 * after an outage are not hit by every Vigil worker at the same instant. A `Retry-After` from
 * the receiver is a floor (up to `maxRetryAfterMs`, so a receiver cannot park a delivery for a
 * week).
 *
 * Defaults: base 1 s, cap 5 min, 12 attempts, Retry-After honoured up to 1 h. The ceilings of
 * the 11 waits are 1, 2, 4 … 256 s, then 300 s twice: about 9 min expected in all, at most
 * about 18.5 min, before the delivery is dead (and can be sent again by hand).
 */
export interface RetryScheduleOptions {
  readonly baseMs: number;
  readonly capMs: number;
  /** Uniform in [0, 1), like Math.random; tests pass a seeded one. */
  readonly random: () => number;
  /** The longest `Retry-After` honoured. Default 1 h. */
  readonly maxRetryAfterMs?: number;
}

export interface RetryPolicy {
  readonly baseMs: number;
  readonly capMs: number;
  readonly maxAttempts: number;
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseMs: 1_000, capMs: 5 * 60_000, maxAttempts: 12, maxRetryAfterMs: 60 * 60_000 };

/**
 * The wait before the next attempt. `retry` counts the retries before this one: 0 after the
 * first attempt failed (ceiling `base`), 1 after the second (ceiling `2·base`), … With BullMQ
 * that is `attemptsMade - 1`.
 */
export function nextAttemptDelay(retry: number, options: RetryScheduleOptions, retryAfterMs?: number | null): number {
  const exponent = Math.max(0, Math.floor(retry));
  // 2^exponent overflows to Infinity long after it passed any cap; min() keeps that harmless.
  const ceiling = Math.max(0, Math.min(options.capMs, options.baseMs * 2 ** exponent));
  const jittered = Math.min(ceiling, Math.floor(options.random() * (ceiling + 1)));
  if (retryAfterMs === null || retryAfterMs === undefined || !(retryAfterMs > 0)) return jittered;
  const floor = Math.min(retryAfterMs, options.maxRetryAfterMs ?? DEFAULT_RETRY_POLICY.maxRetryAfterMs);
  return Math.max(jittered, Math.ceil(floor));
}

/** True once `attempts` (made so far) reached `maxAttempts`: the delivery goes dead. */
export function shouldGiveUp(attempts: number, maxAttempts: number): boolean {
  return attempts >= maxAttempts;
}
