import { Gauge, type Registry } from 'prom-client';
import { readWithin } from './scrape-read';

/**
 * How far SLI recording is behind: now minus the oldest point any SLO has been recorded up to
 * (docs/operations.md, SLOs). Read from Postgres at each scrape rather than set by the worker's
 * passes, so it keeps growing when no worker runs at all, and every process (api, worker,
 * standalone) reports the same figure: aggregate replicas with max.
 */
export class SloMetrics {
  private oldest: (() => Promise<Date | null>) | undefined;
  private lastSeconds = 0;

  constructor(
    registry: Registry,
    private readonly now: () => number = Date.now,
  ) {
    const read = () => this.read();
    new Gauge({
      name: 'vigil_slo_recording_lag_seconds',
      help: 'Seconds between now and the oldest minute any SLO is recorded up to (0 without SLOs).',
      registers: [registry],
      async collect() {
        this.set(await read());
      },
    });
  }

  /** `oldest`: the oldest recording point over every SLO (null when there is none), read at each scrape. */
  watch(oldest: () => Promise<Date | null>): void {
    this.oldest = oldest;
  }

  /** The last value read when Postgres fails or is slow: /readyz says it is down, /metrics still answers. */
  private async read(): Promise<number> {
    if (!this.oldest) return this.lastSeconds;
    const oldest = await readWithin<Date | null | 'unread'>(this.oldest, 'unread');
    if (oldest !== 'unread') this.lastSeconds = oldest === null ? 0 : Math.max(0, (this.now() - oldest.getTime()) / 1000);
    return this.lastSeconds;
  }
}
