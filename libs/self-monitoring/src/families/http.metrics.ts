import { Gauge, Histogram, type Registry } from 'prom-client';

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

/**
 * The API's requests. Named by Prometheus' HTTP convention (`http_request_duration_seconds` with
 * a `code` label), the one the Overview reads golden signals from (docs/query.md), so Vigil's own
 * latency, throughput and error rate show there like any other service's. Label values come from
 * fixed sets (method, route template, the status code Vigil answered), never from request data, so
 * a scanner cannot blow up the series count.
 */
export class HttpMetrics {
  private readonly duration: Histogram<'method' | 'route' | 'code'>;
  /** Each open tail polls ClickHouse once a second; tests also wait on it for slots to free. */
  readonly logTailsOpen: Gauge;

  constructor(registry: Registry) {
    this.duration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP requests Vigil answered, by method, route template and status code.',
      labelNames: ['method', 'route', 'code'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    this.logTailsOpen = new Gauge({ name: 'vigil_log_tails_open', help: 'Open GET /api/v1/logs/tail streams in this process.', registers: [registry] });
  }

  /** `route` is the matched route's template (`/api/v1/services/:service/signals`), undefined when none matched. */
  observeRequest(method: string, route: string | undefined, statusCode: number, seconds: number): void {
    this.duration.observe({ method: METHODS.has(method) ? method : 'OTHER', route: route ?? 'unmatched', code: String(statusCode) }, seconds);
  }
}
