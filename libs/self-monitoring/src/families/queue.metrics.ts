import type { QueueDepth } from '@vigil/queue';
import { Gauge, type Registry } from 'prom-client';
import { readWithin } from './scrape-read';

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
  private read(): Promise<QueueDepth[]> {
    return this.depths ? readWithin(this.depths, []) : Promise.resolve([]);
  }
}
