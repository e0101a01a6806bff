import type { FixedWindowRateLimiter } from '@vigil/auth';
import { DomainError } from '@vigil/server-kit';

/**
 * Counts one request against a fixed-window limiter, or refuses it with 429 and Retry-After
 * (`too many <what>; try again in N s`). Every request counts, not only failures as for
 * sign-ins: it is the limiter's window that is reused.
 */
export async function countRequestOrThrow(limiter: FixedWindowRateLimiter, key: string, what: string): Promise<void> {
  const decision = await limiter.check(key);
  if (!decision.allowed) throw new DomainError('RATE_LIMITED', `Too many ${what}; try again in ${decision.retryAfterSeconds} s.`, { retryAfterSeconds: decision.retryAfterSeconds });
  await limiter.recordFailure(key);
}
