import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { BreachEvaluationBatcher } from '@vigil/alerting';
import { alertingQueue, createQueue, deliveryJobId, notificationsQueue, type QueueHandle } from '@vigil/queue';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';

/**
 * The API's side of the alerting queue: asks the worker for an immediate evaluation (a changed
 * rule, a raw-threshold breach seen at ingest). Job ids are derived from the rules and the
 * evaluation time, so a burst of breaching samples queues one evaluation, not one per sample.
 */
@Injectable()
export class AlertingQueueService implements OnModuleDestroy {
  private handle: QueueHandle<typeof alertingQueue> | undefined;
  private notifications: QueueHandle<typeof notificationsQueue> | undefined;
  private readonly breaches = new BreachEvaluationBatcher();

  constructor(@Inject(RUNTIME) private readonly runtime: VigilRuntime) {}

  private queue(): QueueHandle<typeof alertingQueue> {
    this.handle ??= createQueue(alertingQueue, this.runtime.redis.url, { onError: (error) => this.runtime.logger.warn({ err: error }, 'alerting queue error') });
    return this.handle;
  }

  /**
   * Evaluate these rules now. Breached rules with the same interval share one job (libs/alerting
   * schedule.ts, BreachEvaluationBatcher); a change queues one job per rule and millisecond. The
   * ids differ by reason, so a change just before a breach cannot swallow the breach's evaluation.
   */
  async evaluateNow(rules: readonly { id: string; intervalSeconds: number }[], reason: 'breach' | 'changed', now: number = Date.now()): Promise<void> {
    if (reason === 'changed') {
      for (const rule of rules) await this.queue().add('evaluate-rules', { ruleIds: [rule.id], reason }, { jobId: `alert-rule-changed.${rule.id}.${now}` });
      return;
    }
    for (const job of this.breaches.take(rules, now)) {
      try {
        await this.queue().add('evaluate-rules', { ruleIds: job.ruleIds, reason }, { jobId: job.jobId });
      } catch (error) {
        this.breaches.release(job.ruleIds);
        throw error;
      }
    }
  }

  /** A delivery the person asked to send again: queued now, with an id of its own attempt. */
  async deliverNow(deliveryId: string, attempt: number): Promise<void> {
    this.notifications ??= createQueue(notificationsQueue, this.runtime.redis.url, { onError: (error) => this.runtime.logger.warn({ err: error }, 'notifications queue error') });
    await this.notifications.add('deliver', { deliveryId, attempt }, { jobId: deliveryJobId(deliveryId, attempt) });
  }

  async onModuleDestroy(): Promise<void> {
    await this.handle?.close();
    await this.notifications?.close();
  }
}
