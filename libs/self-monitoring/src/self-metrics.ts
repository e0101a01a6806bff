import { collectDefaultMetrics, Registry } from 'prom-client';
import { AlertingMetrics } from './families/alerting.metrics';
import { EngineMetrics } from './families/engine.metrics';
import { HttpMetrics } from './families/http.metrics';
import { IngestMetrics } from './families/ingest.metrics';
import { NotificationMetrics } from './families/notification.metrics';
import { ProbeMetrics } from './families/probe.metrics';
import { QueueMetrics } from './families/queue.metrics';
import { SloMetrics } from './families/slo.metrics';

/**
 * Vigil's own metrics, one registry per process (docs/operations.md has every family). The runtime
 * makes it at start and hands each part to the code it measures: the API's request hook and
 * ingest service, the group commit, the engine's lanes, the alert engine, the queues. `/metrics`
 * exposes it; self-monitoring writes the same families into the store.
 */
export class SelfMetrics {
  readonly registry = new Registry();
  readonly http = new HttpMetrics(this.registry);
  readonly ingest = new IngestMetrics(this.registry);
  readonly engine = new EngineMetrics(this.registry);
  readonly alerting = new AlertingMetrics(this.registry);
  readonly notifications = new NotificationMetrics(this.registry);
  readonly queues = new QueueMetrics(this.registry);
  readonly slos = new SloMetrics(this.registry);
  private probeMetrics: ProbeMetrics | undefined;

  constructor() {
    // The Node.js process: CPU, memory, event-loop lag, GC, handles (prom-client's defaults).
    collectDefaultMetrics({ register: this.registry, prefix: 'vigil_' });
  }

  /** The prober's families, registered on first use (probe.metrics.ts). */
  get probes(): ProbeMetrics {
    this.probeMetrics ??= new ProbeMetrics(this.registry);
    return this.probeMetrics;
  }

  /** The Prometheus text exposition (format 0.0.4) of every family. */
  exposition(): Promise<string> {
    return this.registry.metrics();
  }
}
