import { Counter, Histogram, type Registry } from 'prom-client';

/**
 * One delivery attempt's outcome, as the delivery's status after it: `delivered`; `failed`, to be
 * tried again; `dead`, given up (attempts exhausted, refused by the receiver, channel turned off);
 * `deferred`, not sent because the endpoint's circuit breaker is open (no attempt used up).
 */
export type DeliveryOutcome = 'delivered' | 'failed' | 'dead' | 'deferred';

/** Notification deliveries (docs/alerting.md, Delivery) by channel kind: webhook, alertmanager, slack. */
export class NotificationMetrics {
  private readonly deliveries: Counter<'channel_kind' | 'outcome'>;
  private readonly duration: Histogram<'channel_kind'>;

  constructor(registry: Registry) {
    this.deliveries = new Counter({
      name: 'vigil_notification_deliveries_total',
      help: 'Notification delivery attempts by channel kind and outcome (delivered; failed, to be retried; dead, given up; deferred, circuit breaker open).',
      labelNames: ['channel_kind', 'outcome'] as const,
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'vigil_notification_delivery_duration_seconds',
      help: 'Time a delivery attempt took to get the receiver’s answer (or fail), by channel kind.',
      labelNames: ['channel_kind'] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    });
  }

  /** `seconds` is undefined when nothing was sent (the channel is off or gone). */
  observeAttempt(channelKind: string, outcome: DeliveryOutcome, seconds: number | undefined): void {
    this.deliveries.inc({ channel_kind: channelKind, outcome });
    if (seconds !== undefined) this.duration.observe({ channel_kind: channelKind }, seconds);
  }
}
