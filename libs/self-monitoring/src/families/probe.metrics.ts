import { Histogram, type Registry } from 'prom-client';

/**
 * The prober's families, registered the first time the prober asks for them (`selfMetrics.probes`),
 * so processes that run no checks expose none: `vigil_probe_lag_seconds`, how late a scheduled
 * check run started against its run slot (libs/check-engine's probe runner), by check kind.
 */
export class ProbeMetrics {
  private readonly lag: Histogram<'kind'>;

  constructor(registry: Registry) {
    this.lag = new Histogram({
      name: 'vigil_probe_lag_seconds',
      help: 'Time from when a check run was due to when it started, by check kind.',
      labelNames: ['kind'] as const,
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [registry],
    });
  }

  /** `kind` is the check's kind (a fixed set: http, tcp, dns), never its id or URL. */
  observeLag(kind: string, seconds: number): void {
    this.lag.observe({ kind }, Math.max(0, seconds));
  }
}
