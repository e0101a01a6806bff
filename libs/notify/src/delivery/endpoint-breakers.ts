import { BrokenCircuitError, CircuitState, ConsecutiveBreaker, circuitBreaker, handleWhenResult, type CircuitBreakerPolicy } from 'cockatiel';
import type { AttemptResult } from './attempt-result';

/**
 * One circuit breaker per receiving endpoint (URL origin), shared by every delivery in the
 * process: after `consecutiveFailures` attempts in a row that came to `retry` (5xx, 429,
 * timeouts, refused connections), the endpoint's circuit opens and attempts to it return
 * `retry` at once, without a request, for `halfOpenAfterMs`; then one attempt goes through as a
 * probe, closing the circuit if it succeeds. A dead receiver thus costs one fast no-op per
 * delivery instead of a timeout each, and delays nobody else's deliveries.
 *
 * cockatiel's `CircuitBreakerPolicy` holds the state (it reads the clock with `Date.now()`;
 * `now` here only estimates when the probe will be allowed, for `retryAfterMs`). A 410 or 4xx
 * counts as success for the breaker: the endpoint answered.
 */
export interface EndpointBreakerOptions {
  /** Default 5. */
  readonly consecutiveFailures?: number;
  /** Default 30 s. */
  readonly halfOpenAfterMs?: number;
  /** Endpoints remembered; the least recently used closed ones are forgotten past it. Default 10,000. */
  readonly maxEndpoints?: number;
  readonly now?: () => number;
}

export type EndpointCircuitState = 'closed' | 'open' | 'half-open';

interface Entry {
  readonly policy: CircuitBreakerPolicy;
  openedAt: number;
}

const countsAsFailure = handleWhenResult((result) => (result as AttemptResult).outcome === 'retry');

export class EndpointBreakers {
  private readonly entries = new Map<string, Entry>();
  private readonly consecutiveFailures: number;
  private readonly halfOpenAfterMs: number;
  private readonly maxEndpoints: number;
  private readonly now: () => number;

  constructor(options: EndpointBreakerOptions = {}) {
    this.consecutiveFailures = options.consecutiveFailures ?? 5;
    this.halfOpenAfterMs = options.halfOpenAfterMs ?? 30_000;
    this.maxEndpoints = options.maxEndpoints ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** The breaker key: the URL's origin (scheme, host, port); paths on one host share a fate. */
  static keyOf(url: string): string {
    try {
      return new URL(url).origin;
    } catch {
      return url;
    }
  }

  state(url: string): EndpointCircuitState {
    const entry = this.entries.get(EndpointBreakers.keyOf(url));
    if (entry === undefined) return 'closed';
    switch (entry.policy.state) {
      case CircuitState.Closed:
        return 'closed';
      case CircuitState.HalfOpen:
        return 'half-open';
      case CircuitState.Open:
      case CircuitState.Isolated:
        return 'open';
    }
  }

  /**
   * Runs `attempt` through the endpoint's breaker. While the circuit is open, or a half-open
   * probe is in flight, returns a `retry` result at once without calling `attempt`.
   */
  async run(url: string, attempt: () => Promise<AttemptResult>): Promise<AttemptResult> {
    const key = EndpointBreakers.keyOf(url);
    const entry = this.entryFor(key);
    // cockatiel makes callers wait for a half-open probe to finish; a delivery should not wait on another's request.
    if (entry.policy.state === CircuitState.HalfOpen) return this.openResult(key, entry);
    try {
      return await entry.policy.execute(attempt);
    } catch (error) {
      if (error instanceof BrokenCircuitError) return this.openResult(key, entry);
      throw error;
    }
  }

  private openResult(key: string, entry: Entry): AttemptResult {
    const waitMs = Math.max(0, entry.openedAt + this.halfOpenAfterMs - this.now());
    return {
      outcome: 'retry',
      status: null,
      durationMs: 0,
      error: `not sent: ${key} failed ${this.consecutiveFailures} times in a row, so its circuit is open; the next attempt probes it`,
      retryAfterMs: waitMs,
      circuitOpen: true,
    };
  }

  private entryFor(key: string): Entry {
    const existing = this.entries.get(key);
    if (existing !== undefined) {
      // Re-insert: Map order is then least recently used first, for eviction.
      this.entries.delete(key);
      this.entries.set(key, existing);
      return existing;
    }
    const policy = circuitBreaker(countsAsFailure, { halfOpenAfter: this.halfOpenAfterMs, breaker: new ConsecutiveBreaker(this.consecutiveFailures) });
    const entry: Entry = { policy, openedAt: 0 };
    policy.onBreak(() => {
      entry.openedAt = this.now();
    });
    this.entries.set(key, entry);
    this.evict();
    return entry;
  }

  private evict(): void {
    if (this.entries.size <= this.maxEndpoints) return;
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.maxEndpoints) return;
      // An open circuit is kept: forgetting it would send requests to a receiver known to be down.
      if (entry.policy.state === CircuitState.Closed) this.entries.delete(key);
    }
  }
}
