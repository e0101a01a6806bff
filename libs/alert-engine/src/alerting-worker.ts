import { createRuleKindRegistry } from '@vigil/alerting';
import type { ConfigStore } from '@vigil/config-store';
import { EndpointBreakers } from '@vigil/notify';
import type { OutboundPolicy } from '@vigil/outbound-guard';
import {
  alertingQueue,
  createQueue,
  createWorker,
  deliveryJobId,
  notificationsQueue,
  type QueueConnectionOptions,
  type QueueHandle,
  type QueueJob,
  scheduleRepeatable,
  type WorkerHandle,
} from '@vigil/queue';
import type { Logger } from '@vigil/server-kit';
import type { TelemetryStore } from '@vigil/telemetry-store';
import { AlertEvaluator } from './alert-evaluator';
import { checkSources } from './check-snapshots';
import { DeliverySender } from './delivery-sender';
import { type DeliveryQueue, GroupFlusher } from './group-flusher';
import { NotificationRouter } from './notification-router';
import { StoreAlertEventSink, StoreAlertTelemetry } from './store-adapters';

export interface AlertingWorkerOptions {
  store: ConfigStore;
  telemetry: TelemetryStore;
  redisUrl: string;
  secretKey: Buffer;
  outboundPolicy: OutboundPolicy;
  publicUrl: string;
  logger: Logger;
  /** BullMQ key prefix (tests keep files apart); default `vigil`. */
  queuePrefix?: string;
  /** How often the per-interval schedules are brought in line with the rules (default 10 s). */
  scheduleSyncMs?: number;
  /** Deliveries sent at once by this process (default 16). */
  deliveryConcurrency?: number;
}

const FLUSH_EVERY_MS = 1_000;
const SWEEP_EVERY_MS = 30_000;
const SWEEP_BATCH = 500;

/**
 * The worker side of alerting (docs/alerting.md): one BullMQ job scheduler per evaluation
 * interval in use (so each interval's tick runs once across all replicas), immediate evaluations
 * queued by the API, notification group flushes every second, deliveries (one job per attempt)
 * and a sweeper that re-queues due deliveries whose job is missing (a Redis that lost its data).
 * A plain class rather than a Nest provider, so tests run two of them in one process.
 */
export class AlertingWorker {
  private readonly evaluator: AlertEvaluator;
  private readonly flusher: GroupFlusher;
  private readonly sender: DeliverySender;
  private alerting: QueueHandle<typeof alertingQueue> | undefined;
  private notifications: QueueHandle<typeof notificationsQueue> | undefined;
  private workers: WorkerHandle[] = [];
  private syncTimer: NodeJS.Timeout | undefined;
  private scheduledIntervals = new Set<number>();

  constructor(private readonly options: AlertingWorkerOptions) {
    const deliveries: DeliveryQueue = { enqueue: (deliveryId, attempt, delayMs) => this.enqueueDelivery(deliveryId, attempt, delayMs) };
    this.flusher = new GroupFlusher(options.store, deliveries, options.publicUrl, options.logger);
    this.evaluator = new AlertEvaluator({
      store: options.store,
      telemetry: new StoreAlertTelemetry(options.telemetry, 'evaluation'),
      events: new StoreAlertEventSink(options.telemetry),
      intents: new NotificationRouter(options.store, async (now) => void (await this.flusher.flushDue(now))),
      registry: createRuleKindRegistry(),
      extensions: checkSources(options.store),
      logger: options.logger,
    });
    this.sender = new DeliverySender({
      store: options.store,
      queue: deliveries,
      secretKey: options.secretKey,
      outboundPolicy: options.outboundPolicy,
      breakers: new EndpointBreakers(),
      logger: options.logger,
    });
  }

  async start(): Promise<void> {
    const connection: QueueConnectionOptions = { onError: (error) => this.options.logger.warn({ err: error }, 'alerting queue error'), ...(this.options.queuePrefix ? { prefix: this.options.queuePrefix } : {}) };
    this.alerting = createQueue(alertingQueue, this.options.redisUrl, connection);
    this.notifications = createQueue(notificationsQueue, this.options.redisUrl, connection);
    this.workers = [
      createWorker(alertingQueue, this.options.redisUrl, (job) => this.handleAlerting(job), { ...connection, concurrency: 1 }),
      createWorker(notificationsQueue, this.options.redisUrl, (job) => this.handleNotifications(job), { ...connection, concurrency: this.options.deliveryConcurrency ?? 16 }),
    ];
    await scheduleRepeatable(this.alerting, 'flush-groups', FLUSH_EVERY_MS, {});
    await scheduleRepeatable(this.notifications, 'sweep-deliveries', SWEEP_EVERY_MS, {});
    await this.syncSchedules();
    this.syncTimer = setInterval(() => {
      this.syncSchedules().catch((error: unknown) => this.options.logger.warn({ err: error }, 'could not bring the evaluation schedules in line with the rules'));
    }, this.options.scheduleSyncMs ?? 10_000);
  }

  async close(): Promise<void> {
    if (this.syncTimer) clearInterval(this.syncTimer);
    for (const worker of this.workers) await worker.close();
    await this.alerting?.close();
    await this.notifications?.close();
  }

  /** One scheduler per interval that enabled rules use; schedulers of intervals no rule uses any more are removed. */
  async syncSchedules(): Promise<void> {
    const queue = this.alerting;
    if (!queue) return;
    const intervals = new Set(await this.options.store.alertRules.enabledIntervals());
    for (const interval of intervals) {
      if (!this.scheduledIntervals.has(interval)) await scheduleRepeatable(queue, 'evaluate-tick', interval * 1000, { intervalSeconds: interval }, { schedulerId: tickSchedulerId(interval) });
    }
    for (const scheduler of await queue.queue.getJobSchedulers()) {
      const match = /^tick-(\d+)$/.exec(scheduler.key);
      if (match && !intervals.has(Number(match[1]))) await queue.queue.removeJobScheduler(scheduler.key);
    }
    this.scheduledIntervals = intervals;
  }

  private async handleAlerting(job: QueueJob<typeof alertingQueue>): Promise<unknown> {
    const now = Date.now();
    switch (job.name) {
      case 'evaluate-tick':
        return this.evaluator.evaluateTick(job.data.intervalSeconds, now);
      case 'evaluate-rules':
        return this.evaluator.evaluateRules(job.data.ruleIds, now);
      case 'flush-groups':
        return { sent: await this.flusher.flushDue(now) };
    }
  }

  private async handleNotifications(job: QueueJob<typeof notificationsQueue>): Promise<unknown> {
    switch (job.name) {
      case 'deliver':
        return { outcome: await this.sender.attempt(job.data.deliveryId) };
      case 'sweep-deliveries': {
        const due = await this.options.store.deliveries.listDue(new Date(), SWEEP_BATCH);
        for (const delivery of due) await this.enqueueDelivery(delivery.id, delivery.attemptCount, 0);
        return { requeued: due.length };
      }
    }
  }

  private async enqueueDelivery(deliveryId: string, attempt: number, delayMs: number): Promise<void> {
    await this.notifications?.add('deliver', { deliveryId }, { jobId: deliveryJobId(deliveryId, attempt), delay: delayMs });
  }
}

export function tickSchedulerId(intervalSeconds: number): string {
  return `tick-${intervalSeconds}`;
}
