import { CHECKS_SOURCE, createRuleKindRegistry } from '@vigil/alerting';
import type { ConfigStore } from '@vigil/config-store';
import { type EndpointBreakerOptions, EndpointBreakers, type RetryPolicy } from '@vigil/notify';
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
import type { EvaluationTrigger, SelfMetrics } from '@vigil/self-monitoring';
import type { Logger } from '@vigil/server-kit';
import type { TelemetryStore } from '@vigil/telemetry-store';
import { performance } from 'node:perf_hooks';
import { AlertEvaluator, type EvaluationSummary } from './alert-evaluator';
import { checksSource } from './check-snapshots';
import { DeliverySender } from './delivery-sender';
import { type DeliveryQueue, GroupFlusher } from './group-flusher';
import { NotificationRouter } from './notification-router';
import { StoreAlertEventSink, StoreAlertTelemetry } from './store-adapters';
import type { ExtensionSource } from './telemetry-source';

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
  /** How often the job schedulers are brought in line with the rules, and made again if Redis lost them (default 10 s). */
  scheduleSyncMs?: number;
  /** Deliveries sent at once by this process (default 16). */
  deliveryConcurrency?: number;
  /** Data of later rule kinds by source name (`slo`: the SLI records, docs/slo.md). */
  extensions?: ReadonlyMap<string, ExtensionSource>;
  /** Delivery retries (default `DEFAULT_RETRY_POLICY`: 12 attempts, about 9 minutes); tests pass shorter ones. */
  retryPolicy?: RetryPolicy;
  /** One attempt's deadline (default 10 s, `DEFAULT_DELIVERY_TIMEOUT_MS`). */
  deliveryTimeoutMs?: number;
  /** This process's per-endpoint circuit breakers (default: open after 5 failures in a row, for 30 s). */
  breakers?: EndpointBreakerOptions;
  /** How often due deliveries are re-queued from the outbox (default 30 s). */
  sweepEveryMs?: number;
  /** Evaluation lag and duration, delivery outcomes (Vigil's own metrics). */
  metrics?: Pick<SelfMetrics, 'alerting' | 'notifications'>;
}

const FLUSH_EVERY_MS = 1_000;
/**
 * A tick runs this long after its grid time (docs/alerting.md, Window and step), not up to a
 * whole interval later as an unaligned scheduler would: late enough that a clock slightly behind
 * Redis's still sees the grid time it is due for, and that writes stamped just before it landed.
 */
const TICK_OFFSET_MS = 500;
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

  constructor(private readonly options: AlertingWorkerOptions) {
    const deliveries: DeliveryQueue = { enqueue: (deliveryId, attempt, delayMs) => this.enqueueDelivery(deliveryId, attempt, delayMs) };
    this.flusher = new GroupFlusher(options.store, deliveries, options.publicUrl, options.logger);
    this.evaluator = new AlertEvaluator({
      store: options.store,
      telemetry: new StoreAlertTelemetry(options.telemetry, 'evaluation'),
      events: new StoreAlertEventSink(options.telemetry),
      intents: new NotificationRouter(options.store, async (now) => void (await this.flusher.flushDue(now))),
      registry: createRuleKindRegistry(),
      // check_down reads the project's checks; the process adds its own sources (slo) beside it.
      extensions: new Map([[CHECKS_SOURCE, checksSource(options.store)], ...(options.extensions ?? [])]),
      logger: options.logger,
    });
    this.sender = new DeliverySender({
      store: options.store,
      queue: deliveries,
      secretKey: options.secretKey,
      outboundPolicy: options.outboundPolicy,
      breakers: new EndpointBreakers(options.breakers),
      logger: options.logger,
      ...(options.retryPolicy ? { retry: options.retryPolicy } : {}),
      ...(options.deliveryTimeoutMs ? { timeoutMs: options.deliveryTimeoutMs } : {}),
      ...(options.metrics ? { metrics: options.metrics.notifications } : {}),
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

  /**
   * One scheduler per interval that enabled rules use (schedulers of intervals no rule uses any
   * more are removed), the group flusher's and the delivery sweeper's. Each one missing from
   * Redis is made again, not only new intervals: a Redis that restarted without its data has
   * forgotten them all, and without them nothing would be evaluated, flushed or swept again.
   * Existing schedulers are left as they are (upserting them would move their next run).
   */
  async syncSchedules(): Promise<void> {
    const alerting = this.alerting;
    const notifications = this.notifications;
    if (!alerting || !notifications) return;
    const intervals = new Set(await this.options.store.alertRules.enabledIntervals());
    const existing = new Set((await alerting.queue.getJobSchedulers()).map((scheduler) => scheduler.key));
    if (!existing.has('flush-groups')) await scheduleRepeatable(alerting, 'flush-groups', FLUSH_EVERY_MS, {});
    for (const interval of intervals) {
      if (!existing.has(tickSchedulerId(interval))) await scheduleRepeatable(alerting, 'evaluate-tick', interval * 1000, { intervalSeconds: interval }, { schedulerId: tickSchedulerId(interval), offsetMs: TICK_OFFSET_MS });
    }
    for (const key of existing) {
      const match = /^tick-(\d+)$/.exec(key);
      if (match && !intervals.has(Number(match[1]))) await alerting.queue.removeJobScheduler(key);
    }
    const sweeping = (await notifications.queue.getJobSchedulers()).some((scheduler) => scheduler.key === 'sweep-deliveries');
    if (!sweeping) await scheduleRepeatable(notifications, 'sweep-deliveries', this.options.sweepEveryMs ?? SWEEP_EVERY_MS, {});
  }

  private async handleAlerting(job: QueueJob<typeof alertingQueue>): Promise<unknown> {
    const now = Date.now();
    // A job is due at its creation plus its delay: a tick's scheduler creates it ahead with the
    // delay to its slot, an immediate evaluation is due when it is queued.
    const dueAt = job.timestamp + (job.opts.delay ?? 0);
    switch (job.name) {
      case 'evaluate-tick':
        return this.measured('tick', dueAt, () => this.evaluator.evaluateTick(job.data.intervalSeconds, tickTime(dueAt, job.data.intervalSeconds, now)));
      case 'evaluate-rules':
        return this.measured('immediate', dueAt, () => this.evaluator.evaluateRules(job.data.ruleIds, now));
      case 'flush-groups':
        return { sent: await this.flusher.flushDue(now) };
    }
  }

  /** Runs an evaluation and reports how late it started against `dueAt` and how long it took. */
  private async measured(trigger: EvaluationTrigger, dueAt: number, evaluate: () => Promise<EvaluationSummary>): Promise<EvaluationSummary> {
    const lagSeconds = (Date.now() - dueAt) / 1000;
    const started = performance.now();
    const summary = await evaluate();
    this.options.metrics?.alerting.observeEvaluation(trigger, lagSeconds, (performance.now() - started) / 1000, summary);
    return summary;
  }

  private async handleNotifications(job: QueueJob<typeof notificationsQueue>): Promise<unknown> {
    switch (job.name) {
      case 'deliver':
        return { outcome: await this.sender.attempt(job.data.deliveryId, new Date(), job.data.attempt) };
      case 'sweep-deliveries': {
        const due = await this.options.store.deliveries.listDue(new Date(), SWEEP_BATCH);
        for (const delivery of due) await this.enqueueDelivery(delivery.id, delivery.attemptCount, 0);
        return { requeued: due.length };
      }
    }
  }

  private async enqueueDelivery(deliveryId: string, attempt: number, delayMs: number): Promise<void> {
    await this.notifications?.add('deliver', { deliveryId, attempt }, { jobId: deliveryJobId(deliveryId, attempt), delay: delayMs });
  }
}

/**
 * The time a tick evaluates for: when it was scheduled, not when it ran. A scheduler runs at a
 * fixed offset within each interval; one due just before a grid boundary is picked up just after
 * it, and the grid time of its run would skip one interval and make the next tick find its rules
 * claimed already. A tick running an interval or more late (no worker was up) evaluates now: the
 * latest grid time, not a stale one.
 */
export function tickTime(scheduledAt: number, intervalSeconds: number, now: number): number {
  return now - scheduledAt < intervalSeconds * 1000 ? Math.min(scheduledAt, now) : now;
}

export function tickSchedulerId(intervalSeconds: number): string {
  return `tick-${intervalSeconds}`;
}
