import type { ConfigStore, DeliveryRecord } from '@vigil/config-store';
import { DEFAULT_RETRY_POLICY, type EndpointBreakers, nextAttemptDelay, openChannel, type RetryPolicy, sendNotification, shouldGiveUp, signingSecretsAt } from '@vigil/notify';
import type { OutboundPolicy } from '@vigil/outbound-guard';
import type { DeliveryOutcome, NotificationMetrics } from '@vigil/self-monitoring';
import type { Logger } from '@vigil/server-kit';
import type { DeliveryQueue } from './group-flusher';

export interface DeliverySenderOptions {
  store: ConfigStore;
  queue: DeliveryQueue;
  secretKey: Buffer;
  outboundPolicy: OutboundPolicy;
  /** One per process: a dead receiver's breaker holds up no other endpoint. */
  breakers: EndpointBreakers;
  logger: Logger;
  retry?: RetryPolicy;
  random?: () => number;
  /** One attempt's deadline; default `DEFAULT_DELIVERY_TIMEOUT_MS` (10 s). */
  timeoutMs?: number;
  /** Counts each attempt's outcome by channel kind (Vigil's own metrics). */
  metrics?: NotificationMetrics;
}

type AttemptStatus = DeliveryRecord['status'] | 'skipped';

/** What an attempt came to, and what the metrics say of it. */
interface AttemptResult {
  status: AttemptStatus;
  /** Undefined for a job skipped (nothing to do): not counted. */
  outcome?: DeliveryOutcome;
  channelKind: string;
  /** How long the receiver took; undefined when nothing was sent. */
  seconds: number | undefined;
}

const SKIPPED: AttemptResult = { status: 'skipped', channelKind: 'unknown', seconds: undefined };

/**
 * One attempt of one delivery (docs/alerting.md, Delivery): the outbox row decides what is sent
 * (the same webhook id and bytes every time); the outcome is recorded before the next attempt
 * is queued, so a lost queue loses nothing (the sweeper re-queues due rows). `delivered` and
 * `dead` are final; a receiver answering 410 Gone turns its channel off and says so.
 */
export class DeliverySender {
  constructor(private readonly options: DeliverySenderOptions) {}

  /**
   * `queuedFor`: the delivery's run count the job was queued for. A job the delivery has moved
   * past is skipped: BullMQ runs a job again when Redis restarted under it (stalled) even though
   * its outcome is recorded and its successor queued, and two chains of retries would follow.
   */
  async attempt(deliveryId: string, now: Date = new Date(), queuedFor?: number): Promise<AttemptStatus> {
    const { status, outcome, channelKind, seconds } = await this.send(deliveryId, now, queuedFor);
    if (outcome) this.options.metrics?.observeAttempt(channelKind, outcome, seconds);
    return status;
  }

  private async send(deliveryId: string, now: Date, queuedFor: number | undefined): Promise<AttemptResult> {
    const { store } = this.options;
    const delivery = await store.deliveries.findById(deliveryId);
    if (!delivery || (delivery.status !== 'pending' && delivery.status !== 'failed')) return SKIPPED;
    if (queuedFor !== undefined && queuedFor < delivery.attemptCount) return SKIPPED;
    const channel = await store.channels.findById(delivery.channelId);
    if (!channel || !channel.enabled) {
      const why = channel ? `the channel is turned off${channel.disabledReason ? `: ${channel.disabledReason}` : ''}` : 'the channel was deleted';
      await store.deliveries.recordAttempt(delivery.id, { at: now.toISOString(), status: null, error: `not sent: ${why}`, durationMs: 0 }, { status: 'dead', nextAttemptAt: null });
      return { status: 'dead', outcome: 'dead', channelKind: channel?.kind ?? 'unknown', seconds: undefined };
    }
    const opened = openChannel(channel, this.options.secretKey);
    const result = await sendNotification(
      { url: channel.url, headers: opened.headers, secrets: signingSecretsAt(opened.secrets, now), body: delivery.body, webhookId: delivery.webhookId, timestamp: now, ...(this.options.timeoutMs === undefined ? {} : { timeoutMs: this.options.timeoutMs }) },
      { policy: this.options.outboundPolicy, breakers: this.options.breakers },
    );
    if (result.circuitOpen) return { status: await this.deferWhileOpen(delivery, result.retryAfterMs, now), outcome: 'deferred', channelKind: channel.kind, seconds: undefined };
    const attempt = { at: now.toISOString(), status: result.status, error: result.error, durationMs: result.durationMs };
    const outcome = (status: DeliveryOutcome & DeliveryRecord['status']): AttemptResult => ({ status, outcome: status, channelKind: channel.kind, seconds: result.durationMs / 1000 });
    switch (result.outcome) {
      case 'delivered':
        await store.deliveries.recordAttempt(delivery.id, attempt, { status: 'delivered', nextAttemptAt: null });
        return outcome('delivered');
      case 'gone':
        await store.channels.disable(channel.id, `The receiver answered 410 Gone at ${now.toISOString()}: it asks not to be sent anything more. Turn the channel on again once the URL is fixed.`);
        await store.deliveries.recordAttempt(delivery.id, attempt, { status: 'dead', nextAttemptAt: null });
        this.options.logger.warn({ channelId: channel.id }, 'notification channel turned off: its receiver answered 410 Gone');
        return outcome('dead');
      case 'rejected':
        await store.deliveries.recordAttempt(delivery.id, attempt, { status: 'dead', nextAttemptAt: null });
        return outcome('dead');
      case 'retry':
        return outcome(await this.retryLater(delivery, attempt, result.retryAfterMs, now));
    }
  }

  /** Attempts count towards giving up only when sent: `attempts` is the log of those. */
  private async retryLater(delivery: DeliveryRecord, attempt: { at: string; status: number | null; error: string | null; durationMs: number }, retryAfterMs: number | null, now: Date): Promise<'failed' | 'dead'> {
    const policy = this.options.retry ?? DEFAULT_RETRY_POLICY;
    const sent = delivery.attempts.length + 1;
    if (shouldGiveUp(sent, policy.maxAttempts)) {
      await this.options.store.deliveries.recordAttempt(delivery.id, attempt, { status: 'dead', nextAttemptAt: null });
      return 'dead';
    }
    const delayMs = this.retryDelay(sent - 1, retryAfterMs);
    const next = new Date(now.getTime() + delayMs);
    if (await this.options.store.deliveries.recordAttempt(delivery.id, attempt, { status: 'failed', nextAttemptAt: next })) {
      await this.options.queue.enqueue(delivery.id, delivery.attemptCount + 1, delayMs);
    }
    return 'failed';
  }

  /**
   * The endpoint's circuit is open, so nothing was sent: nothing is logged and none of the
   * delivery's attempts is used up — otherwise a receiver that merely fails now and then (its
   * circuit opening on a run of failures) would see notifications dead-lettered after a few real
   * tries. The delivery waits out the circuit, or while a probe is in flight its usual backoff.
   */
  private async deferWhileOpen(delivery: DeliveryRecord, retryAfterMs: number | null, now: Date): Promise<'failed'> {
    const delayMs = this.retryDelay(delivery.attempts.length, retryAfterMs);
    if (await this.options.store.deliveries.defer(delivery.id, new Date(now.getTime() + delayMs))) {
      await this.options.queue.enqueue(delivery.id, delivery.attemptCount + 1, delayMs);
    }
    return 'failed';
  }

  private retryDelay(retry: number, retryAfterMs: number | null): number {
    const policy = this.options.retry ?? DEFAULT_RETRY_POLICY;
    return nextAttemptDelay(retry, { baseMs: policy.baseMs, capMs: policy.capMs, random: this.options.random ?? Math.random, maxRetryAfterMs: policy.maxRetryAfterMs }, retryAfterMs ?? undefined);
  }
}
