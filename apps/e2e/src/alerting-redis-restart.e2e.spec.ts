import { postIngestJson, startStack, startTestRedis, startWebhookReceiver, type Stack, type TestRedis, type WebhookReceiver } from '@vigil/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The built standalone on a Redis of its own (REDIS_URL) that comes back empty while a
// notification is failing and being retried: the notification still arrives, once, and the next
// breach is evaluated and notified — the API's queue reconnects, the worker makes its job
// schedulers again and the outbox sweeper re-queues a retry Redis lost. (The worker alone, with
// its data kept and lost and its retries surely in Redis, in detail:
// libs/alert-engine/src/redis-restart.int.spec.ts.)

let redis: TestRedis;
let stack: Stack;
let receiver: WebhookReceiver;
let cookie: string;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- API answers read field by field in assertions
async function api(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const response = await fetch(`${stack.apiUrl}${path}?project=${stack.projectId ?? ''}`, {
    method,
    headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text === '' ? null : JSON.parse(text) };
}

beforeAll(async () => {
  redis = await startTestRedis();
  [stack, receiver] = await Promise.all([startStack({ env: { REDIS_URL: redis.url } }), startWebhookReceiver(() => 'fail')]);
  const login = await fetch(`${stack.apiUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(stack.admin) });
  cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}, 240_000);

afterAll(async () => {
  await receiver?.close();
  await stack?.stop();
  await redis?.stop();
});

const queuesNotified = () => new Set(receiver.received.filter((request) => request.answered === 'ok').flatMap((request) => (JSON.parse(request.body) as { alerts: { labels: Record<string, string> }[] }).alerts.map((alert) => alert.labels['queue'])));

describe('alerting across a Redis that lost its data', () => {
  it('delivers the notification whose retry Redis lost, once, and notifies the next breach', async () => {
    const channel = await api('POST', '/api/v1/notification-channels', { name: 'on-call', kind: 'webhook', url: receiver.url });
    expect(channel.status, JSON.stringify(channel.json)).toBe(201);
    expect((await api('POST', '/api/v1/notification-policies', { name: 'per queue', channelIds: [channel.json.channel.id], groupBy: ['alertname', 'queue'], groupWaitSeconds: 0, groupIntervalSeconds: 1 })).status).toBe(201);
    const rule = await api('POST', '/api/v1/alert-rules', {
      name: 'Queue too deep',
      kind: 'metric_threshold',
      intervalSeconds: 10,
      spec: { query: { name: 'e2e_restart_depth' }, windowSeconds: 600, reducer: 'last', comparator: '>', critical: 100 },
    });
    expect(rule.status, JSON.stringify(rule.json)).toBe(201);

    expect((await postIngestJson(stack, '/api/v1/ingest/metrics', { samples: [{ name: 'e2e_restart_depth', labels: { queue: 'before' }, value: 150 }] })).status).toBe(200);
    await receiver.waitFor('a failed attempt', (received) => received.length >= 1, 30_000);
    const failing = (await api('GET', '/api/v1/deliveries')).json.deliveries;
    expect(failing).toEqual([expect.objectContaining({ status: expect.stringMatching(/^(pending|failed)$/) })]);

    await redis.restart({ keepData: false });
    receiver.setBehaviour(() => 'ok');
    await receiver.waitFor('the notification whose retry was lost', () => queuesNotified().has('before'), 90_000);

    // The API queues immediate evaluations again, and the worker evaluates and notifies.
    const breached = await postIngestJson(stack, '/api/v1/ingest/metrics', { samples: [{ name: 'e2e_restart_depth', labels: { queue: 'after' }, value: 150 }] });
    expect(breached.status).toBe(200);
    await receiver.waitFor('the notification of the breach after the restart', () => queuesNotified().has('after'), 40_000);

    const deliveries = (await api('GET', '/api/v1/deliveries')).json.deliveries as { webhookId: string; status: string }[];
    expect(deliveries.map((delivery) => delivery.status)).toEqual(['delivered', 'delivered']);
    expect(receiver.deliveredIds()).toEqual(new Map(deliveries.map((delivery) => [delivery.webhookId, 1])));
    expect((await api('GET', `/api/v1/alert-rules/${rule.json.id}`)).json.status).toMatchObject({ firing: 2, lastError: null });
  }, 180_000);
});
