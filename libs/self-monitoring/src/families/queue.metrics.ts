import type { QueueDepth } from '@vigil/queue';
import { Gauge, type Registry } from 'prom-client';

/** How long a scrape waits for Redis before leaving the queue depths out (a scrape must not hang on Redis). */
const READ_TIMEOUT_MS = 1_000;

/**
 * Jobs in every BullMQ queue Vigil declares (alerting, notifications, maintenance, probes, push-checks,
 * projects, slo) by state. They live
 * in Redis, so every process reports the same numbers: aggregate replicas with max, not sum.
 */
export class QueueMetrics {
  private depths: (() => Promise<QueueDepth[]>) | undefined;

  constructor(registry: Registry) {
    const read = () => this.read();
    new Gauge({
      name: 'vigil_queue_jobs',
      help: 'Jobs in each queue by state (waiting, active, delayed, failed kept for inspection).',
      labelNames: ['queue', 'state'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        for (const { queue, state, jobs } of await read()) this.set({ queue, state }, jobs);
      },
    });
  }

  /** Reads the queues (QueueDepths) at each scrape. */
  watch(depths: () => Promise<QueueDepth[]>): void {
    this.depths = depths;
  }

  /** Nothing when Redis does not answer in time: /readyz says Redis is down, /metrics still answers. */
  private async read(): Promise<QueueDepth[]> {
    if (!this.depths) return [];
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<QueueDepth[]>((resolve) => (timer = setTimeout(() => resolve([]), READ_TIMEOUT_MS)));
    try {
      return await Promise.race([this.depths().catch(() => []), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
