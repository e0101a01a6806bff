import { SelfMetrics } from '@vigil/self-monitoring';
import { type ReceiverBehaviour, sampleValue, seededRandom, startWebhookReceiver, type WebhookReceiver } from '@vigil/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type AlertingHarness, eventually, openAlertingHarness, payloadOf, verifySignature } from './testing/alerting-harness';

// Deliveries to a receiver that fails about half the requests (500), resets connections and
// stalls past the delivery timeout: every notification of 30 breaching series (firing, then
// resolved) arrives with a 2xx, a notification arrives under one webhook-id only (a duplicate
// 2xx is the same id and the same bytes), and every request verifies with `standardwebhooks`.
// With 60 deliveries failing half the time the endpoint's circuit opens now and then; attempts
// it holds back are not sent, so they must not use up a delivery's attempts (20 here: the chance
// that one of 60 deliveries fails 20 real attempts in a row is about 60 / 2^20).

const GROUPS = 30;
let harness: AlertingHarness;
let receiver: WebhookReceiver;

// Seeded, so a run's mix of answers is the same from run to run (the order requests arrive in is not).
const random = seededRandom(20_240_501);
const chaos: ReceiverBehaviour = () => {
  const roll = random();
  if (roll < 0.35) return 'fail';
  if (roll < 0.43) return 'reset';
  if (roll < 0.5) return 'stall';
  return 'ok';
};

beforeAll(async () => {
  harness = await openAlertingHarness({ postgresAdminUrl: inject('postgresAdminUrl'), postgresTemplateDatabase: inject('postgresTemplateDatabase'), redisUrl: inject('redisUrl'), name: 'delivery-chaos' });
  receiver = await startWebhookReceiver(chaos);
});

afterAll(async () => {
  await harness?.close();
  await receiver?.close();
});

describe('deliveries to a chaotic receiver', () => {
  it('delivers every notification, each under one webhook-id, every request signed', async () => {
    const { id: channelId, secret } = await harness.channel(receiver.url);
    await harness.policy({ channelIds: [channelId], groupBy: ['alertname', 'queue'] });
    await harness.rule({
      name: 'Queue too deep',
      kind: 'metric_threshold',
      intervalSeconds: 10,
      spec: { query: { name: 'chaos_queue_depth' }, windowSeconds: 60, reducer: 'last', comparator: '>', critical: 100 },
    });
    const queues = Array.from({ length: GROUPS }, (_, i) => `q${String(i).padStart(2, '0')}`);
    await harness.writeSamples(queues.map((queue) => ({ name: 'chaos_queue_depth', labels: { queue }, value: 150, timestampMs: Date.now() - 1_000 })));
    const metrics = new SelfMetrics();
    await harness.startWorker({
      metrics,
      retryPolicy: { baseMs: 50, capMs: 400, maxAttempts: 20, maxRetryAfterMs: 1_000 },
      deliveryTimeoutMs: 300,
      breakers: { consecutiveFailures: 3, halfOpenAfterMs: 200 },
    });

    const settled = (expected: number) => async () => {
      const deliveries = await harness.deliveries();
      if (deliveries.some((delivery) => delivery.status === 'dead')) throw new Error(`a delivery went dead: ${JSON.stringify(deliveries.find((delivery) => delivery.status === 'dead')?.attempts)}`);
      return deliveries.length === expected && deliveries.every((delivery) => delivery.status === 'delivered') ? deliveries : undefined;
    };
    await eventually('every firing notification delivered', settled(GROUPS), 60_000);

    // Every series recovers: the resolved notifications go through the same chaos.
    await harness.writeSamples(queues.map((queue) => ({ name: 'chaos_queue_depth', labels: { queue }, value: 5, timestampMs: Date.now() })));
    const deliveries = await eventually('every resolved notification delivered', settled(2 * GROUPS), 60_000);

    const delivered = receiver.deliveredIds();
    const ids = new Set(deliveries.map((delivery) => delivery.webhookId));
    expect(ids.size).toBe(2 * GROUPS);
    // Every notification arrived (2xx), and nothing else did.
    expect(new Set(delivered.keys())).toEqual(ids);
    // One webhook-id per notification: per group and status exactly one id, each with the same bytes on every request.
    const idsByNotification = new Map<string, Set<string>>();
    const bodies = new Map<string, Set<string>>();
    for (const request of receiver.received) {
      const id = String(request.headers['webhook-id']);
      const payload = payloadOf(request);
      expect(payload.id).toBe(id);
      const key = `${payload.groupKey}/${payload.status}`;
      idsByNotification.set(key, (idsByNotification.get(key) ?? new Set()).add(id));
      bodies.set(id, (bodies.get(id) ?? new Set()).add(request.body));
      // Signed per Standard Webhooks, whatever the receiver did with it.
      expect(() => verifySignature(secret, request)).not.toThrow();
    }
    expect(idsByNotification.size).toBe(2 * GROUPS);
    expect([...idsByNotification.values()].every((set) => set.size === 1)).toBe(true);
    expect([...bodies.values()].every((set) => set.size === 1)).toBe(true);
    expect(deliveries.filter((delivery) => delivery.kind === 'firing')).toHaveLength(GROUPS);
    expect(deliveries.filter((delivery) => delivery.kind === 'resolved')).toHaveLength(GROUPS);
    // The chaos happened: failures, resets and stalls were all answered by retries.
    const answered = new Set(receiver.received.map((request) => request.answered));
    expect([...answered].sort()).toEqual(['failed', 'ok', 'reset', 'stalled']);
    // The circuit did open: some tries were put off without a request (runs beyond the attempts sent).
    expect(deliveries.some((delivery) => delivery.attemptCount > delivery.attempts.length)).toBe(true);
    // The attempt log tells the same story: one entry per request the receiver saw, the last one the success.
    const requestsById = new Map<string, number>();
    for (const request of receiver.received) requestsById.set(String(request.headers['webhook-id']), (requestsById.get(String(request.headers['webhook-id'])) ?? 0) + 1);
    for (const delivery of deliveries) {
      expect(delivery.attempts.at(-1)).toMatchObject({ error: null });
      expect(delivery.attempts.map((attempt) => attempt.error).filter((error) => error?.startsWith('not sent'))).toEqual([]);
      expect(delivery.attempts).toHaveLength(requestsById.get(delivery.webhookId) ?? 0);
    }
    // Vigil's own metrics count the same: each request one attempt, delivered or failed; the
    // tries the open circuit held back as deferred, none dead.
    const text = await metrics.exposition();
    const outcome = (name: string) => sampleValue(text, 'vigil_notification_deliveries_total', { channel_kind: 'webhook', outcome: name }) ?? 0;
    expect(outcome('delivered')).toBe(2 * GROUPS);
    expect(outcome('delivered') + outcome('failed')).toBe(receiver.received.length);
    expect(outcome('deferred')).toBeGreaterThan(0);
    expect(outcome('dead')).toBe(0);
    expect(sampleValue(text, 'vigil_notification_delivery_duration_seconds_count', { channel_kind: 'webhook' })).toBe(receiver.received.length);
  }, 150_000);
});
