import type { Delivery, DeliveryStatus } from '@vigil/contracts';

type Attempt = Delivery['attempts'][number];

/** A failed or dead delivery can be sent again (with the same webhook id); a pending one is still being tried, a delivered one arrived. */
export function canRedeliver(status: DeliveryStatus): boolean {
  return status === 'dead' || status === 'failed';
}

/** `HTTP 200`, `HTTP 503: Service Unavailable`, `connection refused`, or `no answer`. */
export function describeAttempt(attempt: Pick<Attempt, 'status' | 'error'>): string {
  if (attempt.status !== null) return attempt.error ? `HTTP ${attempt.status}: ${attempt.error}` : `HTTP ${attempt.status}`;
  return attempt.error ?? 'no answer';
}

/** The last attempt, the one the list shows; undefined before the first. */
export function lastAttempt(delivery: Pick<Delivery, 'attempts'>): Attempt | undefined {
  return delivery.attempts.at(-1);
}

/** Attempts newest first, as the expanded row lists them. */
export function attemptsNewestFirst(delivery: Pick<Delivery, 'attempts'>): Attempt[] {
  return [...delivery.attempts].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
}
