import type { ConfigStore, DeliveryRecord } from '@vigil/config-store';
import { DEFAULT_RETRY_POLICY, type EndpointBreakers, nextAttemptDelay, openChannel, type RetryPolicy, sendNotification, shouldGiveUp, signingSecretsAt } from '@vigil/notify';
import type { OutboundPolicy } from '@vigil/outbound-guard';
import type { NotificationMetrics } from '@vigil/self-monitoring';
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
  /** Counts each attempt's outcome by channel kind (Vigil's own metrics). */
  metrics?: NotificationMetrics;
}

type AttemptStatus = DeliveryRecord['status'] | 'skipped';

/** What an attempt came to, and what the metrics say of it. */
interface AttemptResult {
  status: AttemptStatus;
  channelKind: string;
  /** How long the receiver took; undefined when nothing was sent. */
  seconds: number | undefined;
}

/**
 * One attempt of one delivery (docs/alerting.md, Delivery): the outbox row decides what is sent
 * (the same webhook id and bytes every time); the outcome is recorded before the next attempt
 * is queued, so a lost queue loses nothing (the sweeper re-queues due rows). `delivered` and
 * `dead` are final; a receiver answering 410 Gone turns its channel off and says so.
 */
export class DeliverySender {
  constructor(private readonly options: DeliverySenderOptions) {}

  async attempt(deliveryId: string, now: Date = new Date()): Promise<AttemptStatus> {
    const { status, channelKind, seconds } = await this.send(deliveryId, now);
    if (status === 'delivered' || status === 'failed' || status === 'dead') this.options.metrics?.observeAttempt(channelKind, status, seconds);
    return status;
  }

  private async send(deliveryId: string, now: Date): Promise<AttemptResult> {
    const { store } = this.options;
    const delivery = await store.deliveries.findById(deliveryId);
    if (!delivery || (delivery.status !== 'pending' && delivery.status !== 'failed')) return { status: 'skipped', channelKind: 'unknown', seconds: undefined };
    const channel = await store.channels.findById(delivery.channelId);
    if (!channel || !channel.enabled) {
      const why = channel ? `the channel is turned off${channel.disabledReason ? `: ${channel.disabledReason}` : ''}` : 'the channel was deleted';
      await store.deliveries.recordAttempt(delivery.id, { at: now.toISOString(), status: null, error: `not sent: ${why}`, durationMs: 0 }, { status: 'dead', nextAttemptAt: null });
      return { status: 'dead', channelKind: channel?.kind ?? 'unknown', seconds: undefined };
    }
    const opened = openChannel(channel, this.options.secretKey);
    const result = await sendNotification(
      { url: channel.url, headers: opened.headers, secrets: signingSecretsAt(opened.secrets, now), body: delivery.body, webhookId: delivery.webhookId, timestamp: now },
      { policy: this.options.outboundPolicy, breakers: this.options.breakers },
    );
    const attempt = { at: now.toISOString(), status: result.status, error: result.error, durationMs: result.durationMs };
    const outcome = (status: DeliveryRecord['status']): AttemptResult => ({ status, channelKind: channel.kind, seconds: result.durationMs / 1000 });
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

  private async retryLater(delivery: DeliveryRecord, attempt: { at: string; status: number | null; error: string | null; durationMs: number }, retryAfterMs: number | null, now: Date): Promise<'failed' | 'dead'> {
    const policy = this.options.retry ?? DEFAULT_RETRY_POLICY;
    const attempts = delivery.attemptCount + 1;
    if (shouldGiveUp(attempts, policy.maxAttempts)) {
      await this.options.store.deliveries.recordAttempt(delivery.id, attempt, { status: 'dead', nextAttemptAt: null });
      return 'dead';
    }
    const delayMs = nextAttemptDelay(attempts - 1, { baseMs: policy.baseMs, capMs: policy.capMs, random: this.options.random ?? Math.random, maxRetryAfterMs: policy.maxRetryAfterMs }, retryAfterMs ?? undefined);
    const next = new Date(now.getTime() + delayMs);
    if (await this.options.store.deliveries.recordAttempt(delivery.id, attempt, { status: 'failed', nextAttemptAt: next })) {
      await this.options.queue.enqueue(delivery.id, attempts, delayMs);
    }
    return 'failed';
  }
}
