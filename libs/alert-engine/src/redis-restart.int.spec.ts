import { alertingQueue, createQueue, notificationsQueue } from '@vigil/queue';
import { startTestRedis, startWebhookReceiver, type TestRedis, type WebhookReceiver } from '@vigil/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type AlertingHarness, eventually, openAlertingHarness, payloadOf } from './testing/alerting-harness';

// Redis restarted under the alerting worker while notifications are in flight (deliveries failed,
// their retries delayed in Redis): once with its data (what it saved on the way down), once with
// none (a Redis that lost its disk). Either way every notification arrives exactly once per
// webhook-id, and evaluations go on: the job schedulers a Redis forgot are made again, the
// Postgres outbox re-queues the deliveries whose jobs were lost.

let redis: TestRedis;
let harness: AlertingHarness;
let receiver: WebhookReceiver;

const METRIC = 'restart_queue_depth';

beforeAll(async () => {
  redis = await startTestRedis();
  harness = await openAlertingHarness({ postgresAdminUrl: inject('postgresAdminUrl'), postgresTemplateDatabase: inject('postgresTemplateDatabase'), redisUrl: redis.url, name: 'redis-restart' });
  receiver = await startWebhookReceiver(() => 'fail');
});

afterAll(async () => {
  await harness?.close();
  await receiver?.close();
  await redis?.stop();
});

/** Breaching samples for these queues now (each queue is its own notification group). */
async function breach(queues: readonly string[]): Promise<void> {
  await harness.writeSamples(queues.map((queue) => ({ name: METRIC, labels: { queue }, value: 150, timestampMs: Date.now() - 1_000 })));
}

/** Waits until the notifications of these queues are in flight: stored, failed at least once, a retry pending. */
async function inFlight(queues: readonly string[]): Promise<void> {
  await eventually(`the notifications of ${queues.join(', ')} failing with retries pending`, async () => {
    const deliveries = await harness.deliveries();
    const seen = new Set(receiver.received.filter((request) => request.answered === 'failed').flatMap((request) => payloadOf(request).alerts.map((alert) => alert.labels['queue'])));
    const failing = deliveries.filter((delivery) => delivery.status === 'failed' && delivery.attempts.length >= 1);
    return queues.every((queue) => seen.has(queue)) && failing.length === deliveries.filter((delivery) => delivery.status !== 'delivered').length ? true : undefined;
  });
}

/**
 * Waits until every stored delivery is delivered and there are `count`; returns them. Up to 90 s:
 * a job Redis had handed to the worker just before it went down stays `active` until BullMQ's
 * stall check gives it back (a 30 s lock, checked every 30 s), and its id (one per attempt) keeps
 * the sweeper from queuing that attempt again meanwhile. Usually it takes a second or two.
 */
async function allDelivered(count: number) {
  let last: Awaited<ReturnType<AlertingHarness['deliveries']>> = [];
  try {
    return await eventually(`${count} notifications delivered`, async () => {
      last = await harness.deliveries();
      return last.length === count && last.every((delivery) => delivery.status === 'delivered') ? last : undefined;
    }, 90_000);
  } catch (error) {
    const states = last.map((delivery) => `${delivery.status} after ${delivery.attempts.length} attempts (runs ${delivery.attemptCount}), next ${delivery.nextAttemptAt?.toISOString() ?? '-'}`);
    throw new Error(`${(error as Error).message}; at ${new Date().toISOString()}: ${states.join('; ')}`);
  }
}

function expectEachDeliveredOnce(webhookIds: readonly string[]): void {
  const delivered = receiver.deliveredIds();
  expect(new Set(delivered.keys())).toEqual(new Set(webhookIds));
  expect([...delivered.entries()].filter(([, times]) => times !== 1)).toEqual([]);
}

async function lastEvaluatedAt(ruleId: string): Promise<number> {
  return (await harness.store.alertRules.find(harness.projectId, ruleId))?.lastEvaluatedAt?.getTime() ?? 0;
}

describe('the alerting worker across Redis restarts', () => {
  it('loses nothing and sends nothing twice when Redis restarts with its data, and when it comes back empty', async () => {
    const { id: channelId } = await harness.channel(receiver.url);
    await harness.policy({ channelIds: [channelId], groupBy: ['alertname', 'queue'] });
    const rule = await harness.rule({
      name: 'Queue too deep',
      kind: 'metric_threshold',
      intervalSeconds: 10,
      spec: { query: { name: METRIC }, windowSeconds: 600, reducer: 'last', comparator: '>', critical: 100 },
    });
    await breach(['a1', 'a2', 'a3']);
    await harness.startWorker({
      retryPolicy: { baseMs: 300, capMs: 1_000, maxAttempts: 1_000, maxRetryAfterMs: 1_000 },
      deliveryTimeoutMs: 1_000,
      // The circuit of the failing receiver would only slow this test down.
      breakers: { consecutiveFailures: 1_000 },
      sweepEveryMs: 1_000,
      scheduleSyncMs: 1_000,
    });

    // 1. Redis restarts with its data: the delayed retries are still there.
    await inFlight(['a1', 'a2', 'a3']);
    await redis.restart({ keepData: true });
    const firstRestart = Date.now();
    receiver.setBehaviour(() => 'ok');
    const first = await allDelivered(3);
    expectEachDeliveredOnce(first.map((delivery) => delivery.webhookId));
    await eventually('an evaluation after the first restart', async () => ((await lastEvaluatedAt(rule.id)) > firstRestart ? true : undefined), 25_000);

    // 2. Redis comes back empty: no delayed retries, no job schedulers.
    receiver.setBehaviour(() => 'fail');
    await breach(['b1', 'b2', 'b3']);
    await inFlight(['b1', 'b2', 'b3']);
    await redis.restart({ keepData: false });
    const secondRestart = Date.now();
    receiver.setBehaviour(() => 'ok');
    const second = await allDelivered(6);
    expectEachDeliveredOnce(second.map((delivery) => delivery.webhookId));

    // Evaluations resume on their schedule, and the flush and sweep schedulers are back.
    await eventually('an evaluation after the second restart', async () => ((await lastEvaluatedAt(rule.id)) > secondRestart ? true : undefined), 25_000);
    const alerting = createQueue(alertingQueue, redis.url, { prefix: harness.queuePrefix });
    const notifications = createQueue(notificationsQueue, redis.url, { prefix: harness.queuePrefix });
    try {
      expect((await alerting.queue.getJobSchedulers()).map((scheduler) => scheduler.key).sort()).toEqual(['flush-groups', 'tick-10']);
      expect((await notifications.queue.getJobSchedulers()).map((scheduler) => scheduler.key)).toEqual(['sweep-deliveries']);
    } finally {
      await alerting.close();
      await notifications.close();
    }
    // A breach after the restart is notified, once.
    await breach(['c1']);
    const third = await allDelivered(7);
    expectEachDeliveredOnce(third.map((delivery) => delivery.webhookId));
    const queues = receiver.received.flatMap((request) => payloadOf(request).alerts.map((alert) => alert.labels['queue']));
    expect(new Set(queues)).toEqual(new Set(['a1', 'a2', 'a3', 'b1', 'b2', 'b3', 'c1']));
  }, 300_000);
});
