import { createQueue, deliveryJobId, notificationsQueue } from '@vigil/queue';
import { startWebhookReceiver, type WebhookReceiver } from '@vigil/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type AlertingHarness, eventually, openAlertingHarness, payloadOf, verifySignature } from './testing/alerting-harness';

// What becomes of a delivery: dead after the retry policy's attempts, with every attempt in its
// log; a 410 Gone turns the channel off and says why; a job run again after its delivery moved
// on (BullMQ re-runs a stalled job after a Redis restart) sends nothing.

const MAX_ATTEMPTS = 4;
let harness: AlertingHarness;
const receivers: WebhookReceiver[] = [];

beforeAll(async () => {
  harness = await openAlertingHarness({ postgresAdminUrl: inject('postgresAdminUrl'), postgresTemplateDatabase: inject('postgresTemplateDatabase'), redisUrl: inject('redisUrl'), name: 'delivery-outcomes' });
  await harness.startWorker({ retryPolicy: { baseMs: 50, capMs: 200, maxAttempts: MAX_ATTEMPTS, maxRetryAfterMs: 1_000 }, deliveryTimeoutMs: 1_000, sweepEveryMs: 1_000 });
});

afterAll(async () => {
  await harness?.close();
  for (const receiver of receivers) await receiver.close();
});

async function receiver(behaviour: Parameters<typeof startWebhookReceiver>[0]): Promise<WebhookReceiver> {
  const started = await startWebhookReceiver(behaviour);
  receivers.push(started);
  return started;
}

/** A rule that fires at its first evaluation, routed (by its name) to this channel only. */
async function breachingRuleTo(channelId: string, name: string): Promise<void> {
  await harness.policy({ name, channelIds: [channelId], matchers: [{ label: 'alertname', op: '=', value: name }], continue: true });
  await harness.rule({ name, kind: 'metric_threshold', intervalSeconds: 10, spec: { query: { name: 'outcome_depth', matchers: [{ label: 'rule', op: '=', value: name }] }, windowSeconds: 600, comparator: '>', critical: 1 } });
  await harness.writeSamples([{ name: 'outcome_depth', labels: { rule: name }, value: 5, timestampMs: Date.now() - 1_000 }]);
}

describe('delivery outcomes', () => {
  it('dead-letters a delivery after the policy’s attempts with the whole attempt log, and turns a channel that answers 410 off', async () => {
    const failing = await receiver(() => 'fail');
    const gone = await receiver(() => 'gone');
    const failingChannel = await harness.channel(failing.url, 'failing');
    const goneChannel = await harness.channel(gone.url, 'gone');
    await breachingRuleTo(failingChannel.id, 'AlwaysFailing');
    await breachingRuleTo(goneChannel.id, 'Gone');

    const deliveries = await eventually('both deliveries dead', async () => {
      const all = await harness.deliveries();
      return all.length === 2 && all.every((delivery) => delivery.status === 'dead') ? all : undefined;
    });
    const dead = deliveries.find((delivery) => delivery.channelId === failingChannel.id);
    expect(dead?.attempts).toHaveLength(MAX_ATTEMPTS);
    for (const attempt of dead?.attempts ?? []) {
      expect(attempt).toEqual({ at: expect.any(String), status: 500, error: 'the receiver answered 500 Internal Server Error: failing on purpose', durationMs: expect.any(Number) });
    }
    const times = (dead?.attempts ?? []).map((attempt) => Date.parse(attempt.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(dead?.nextAttemptAt).toBeNull();
    // The receiver saw exactly those attempts, all one notification (one webhook-id), all signed.
    expect(failing.received).toHaveLength(MAX_ATTEMPTS);
    expect(new Set(failing.received.map((request) => request.headers['webhook-id']))).toEqual(new Set([dead?.webhookId]));
    for (const request of failing.received) expect(() => verifySignature(failingChannel.secret, request)).not.toThrow();

    // 410: one attempt, the delivery dead, the channel off with the reason, nothing more sent to it.
    const goneDelivery = deliveries.find((delivery) => delivery.channelId === goneChannel.id);
    expect(goneDelivery?.attempts).toEqual([expect.objectContaining({ status: 410 })]);
    const channel = await harness.store.channels.find(harness.projectId, goneChannel.id);
    expect(channel).toMatchObject({ enabled: false, disabledReason: expect.stringContaining('410 Gone') });
    expect(gone.received).toHaveLength(1);
    expect(payloadOf(gone.received[0] ?? { body: '{}' }).status).toBe('firing');
  }, 60_000);

  it('sends nothing for a job its delivery has moved past (a stalled job run again), and sends a current one', async () => {
    const ok = await receiver(() => 'ok');
    const { id: channelId } = await harness.channel(ok.url, 'ok');
    const delivery = await harness.store.deliveries.createIfAbsent({ projectId: harness.projectId, channelId, webhookId: 'msg_staleJob000000000000000001', kind: 'firing', title: 't', body: '{"id":"msg_staleJob000000000000000001"}', nextAttemptAt: new Date(Date.now() + 3_600_000) });
    // Two attempts failed already; the retry is queued as run 2 (due later: the sweeper leaves it alone).
    const later = new Date(Date.now() + 3_600_000);
    for (const at of [1, 2]) await harness.store.deliveries.recordAttempt(delivery.id, { at: new Date(Date.now() - at * 1_000).toISOString(), status: 500, error: 'failing', durationMs: 3 }, { status: 'failed', nextAttemptAt: later });
    const queue = createQueue(notificationsQueue, inject('redisUrl'), { prefix: harness.queuePrefix });
    try {
      const stale = await queue.add('deliver', { deliveryId: delivery.id, attempt: 0 }, { jobId: `${deliveryJobId(delivery.id, 0)}.rerun` });
      await eventually('the stale job done', async () => ((await stale.isCompleted()) ? true : undefined));
      expect((await queue.queue.getJob(stale.id ?? ''))?.returnvalue).toEqual({ outcome: 'skipped' });
      expect(ok.received).toHaveLength(0);
      await queue.add('deliver', { deliveryId: delivery.id, attempt: 2 }, { jobId: deliveryJobId(delivery.id, 2) });
      await ok.waitFor('the current attempt', (received) => received.length === 1);
      expect((await harness.store.deliveries.findById(delivery.id))?.status).toBe('delivered');
    } finally {
      await queue.close();
    }
  });
});
