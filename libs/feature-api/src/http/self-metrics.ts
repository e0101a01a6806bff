import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Vigil's own process metrics in Prometheus exposition format. Label values come from
 * fixed sets (method, route template, status class), never from request data, so a
 * scanner cannot blow up the series count.
 */
export class SelfMetrics {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'vigil_http_request_duration_seconds',
    help: 'HTTP request duration by method, route template and status class.',
    labelNames: ['method', 'route', 'status_class'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  /** Each open tail polls ClickHouse once a second; tests also wait on it for slots to free. */
  readonly logTailsOpen = new Gauge({
    name: 'vigil_log_tails_open',
    help: 'Open GET /api/v1/logs/tail streams in this process.',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'vigil_' });
  }

  observeRequest(method: string, route: string | undefined, statusCode: number, seconds: number): void {
    const knownMethod = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'].includes(method) ? method : 'OTHER';
    this.httpDuration.observe({ method: knownMethod, route: route ?? 'unmatched', status_class: `${Math.floor(statusCode / 100)}xx` }, seconds);
  }
}
