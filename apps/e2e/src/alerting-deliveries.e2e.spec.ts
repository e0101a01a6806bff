import { postIngestJson, startStack, startWebhookReceiver, type Stack, type WebhookReceiver } from '@vigil/testing';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Dead deliveries and what a person does about them, through the API of the built standalone: a
// receiver that refuses a notification leaves it dead with its attempt log, and
// `POST /deliveries/{id}/redeliver` sends it again under the same webhook-id; a receiver that
// answers 410 Gone turns its channel off, which the channel list says with the reason, and a
// re-delivery to a channel that is off is not sent until the channel is turned on again.
// (Dead after every retry of the policy, with short retries, is in libs/alert-engine's int tests.)

let stack: Stack;
let cookie: string;
let refusing: WebhookReceiver;
let gone: WebhookReceiver;

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

interface DeliveryView {
  id: string;
  webhookId: string;
  channelId: string;
  status: string;
  attempts: { at: string; status: number | null; error: string | null; durationMs: number }[];
}

async function deliveryOf(channelId: string, until: (delivery: DeliveryView) => boolean): Promise<DeliveryView> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const found = ((await api('GET', '/api/v1/deliveries')).json.deliveries as DeliveryView[]).find((delivery) => delivery.channelId === channelId);
    if (found && until(found)) return found;
    if (Date.now() > deadline) throw new Error(`the delivery to ${channelId} did not get there: ${JSON.stringify(found)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

beforeAll(async () => {
  [stack, refusing, gone] = await Promise.all([startStack(), startWebhookReceiver(() => ({ status: 422 })), startWebhookReceiver(() => 'gone')]);
  const login = await fetch(`${stack.apiUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(stack.admin) });
  cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}, 240_000);

afterAll(async () => {
  await refusing?.close();
  await gone?.close();
  await stack?.stop();
});

describe('dead deliveries', () => {
  it('keeps a refused notification dead with its attempts and sends it again, same webhook-id, on request; a 410 turns the channel off and says why', async () => {
    const refusingChannel = await api('POST', '/api/v1/notification-channels', { name: 'refusing', kind: 'webhook', url: refusing.url });
    const goneChannel = await api('POST', '/api/v1/notification-channels', { name: 'gone', kind: 'webhook', url: gone.url });
    expect([refusingChannel.status, goneChannel.status]).toEqual([201, 201]);
    const refusingId: string = refusingChannel.json.channel.id;
    const goneId: string = goneChannel.json.channel.id;
    const policy = await api('POST', '/api/v1/notification-policies', { name: 'everything', channelIds: [refusingId, goneId], groupWaitSeconds: 0, groupIntervalSeconds: 1 });
    expect(policy.status, JSON.stringify(policy.json)).toBe(201);
    const rule = await api('POST', '/api/v1/alert-rules', {
      name: 'Disk full',
      kind: 'metric_threshold',
      intervalSeconds: 10,
      spec: { query: { name: 'e2e_disk_used_ratio' }, windowSeconds: 600, reducer: 'last', comparator: '>', critical: 0.9 },
    });
    expect(rule.status, JSON.stringify(rule.json)).toBe(201);
    expect((await postIngestJson(stack, '/api/v1/ingest/metrics', { samples: [{ name: 'e2e_disk_used_ratio', labels: { host: 'db1' }, value: 0.97 }] })).status).toBe(200);

    // A 422 is not retried: dead at once, the answer in its attempt log.
    const dead = await deliveryOf(refusingId, (delivery) => delivery.status === 'dead');
    expect(dead.attempts).toEqual([{ at: expect.any(String), status: 422, error: expect.stringContaining('the receiver answered 422 Unprocessable Entity'), durationMs: expect.any(Number) }]);
    expect(refusing.received).toHaveLength(1);
    const firstId = refusing.received[0]?.headers['webhook-id'];
    expect(firstId).toBe(dead.webhookId);

    // 410: the delivery dead, the channel off, and the list says why.
    const goneDelivery = await deliveryOf(goneId, (delivery) => delivery.status === 'dead');
    expect(goneDelivery.attempts.map((attempt) => attempt.status)).toEqual([410]);
    const channels = (await api('GET', '/api/v1/notification-channels')).json.channels as { id: string; enabled: boolean; disabledReason: string | null }[];
    expect(channels.find((channel) => channel.id === goneId)).toMatchObject({ enabled: false, disabledReason: expect.stringContaining('410 Gone') });
    expect(channels.find((channel) => channel.id === refusingId)).toMatchObject({ enabled: true, disabledReason: null });

    // The receiver is fixed; the person re-delivers: the same webhook-id and bytes, signed anew.
    refusing.setBehaviour(() => 'ok');
    const redelivered = await api('POST', `/api/v1/deliveries/${dead.id}/redeliver`);
    expect(redelivered.status, JSON.stringify(redelivered.json)).toBe(200);
    expect(redelivered.json).toMatchObject({ id: dead.id, webhookId: dead.webhookId, status: 'pending' });
    await refusing.waitFor('the re-delivery', (received) => received.some((request) => request.answered === 'ok'));
    const [before, after] = refusing.received;
    expect(after?.headers['webhook-id']).toBe(firstId);
    expect(after?.body).toBe(before?.body);
    const secret = refusingChannel.json.secret as string;
    expect(() => new Webhook(secret).verify(after?.body ?? '', after?.headers as Record<string, string>)).not.toThrow();
    const delivered = await deliveryOf(refusingId, (delivery) => delivery.status === 'delivered');
    expect(delivered.attempts.map((attempt) => attempt.status)).toEqual([422, 200]);
    expect(refusing.deliveredIds()).toEqual(new Map([[firstId, 1]]));

    // A re-delivery to the channel that is off is not sent, and says so.
    gone.setBehaviour(() => 'ok');
    expect((await api('POST', `/api/v1/deliveries/${goneDelivery.id}/redeliver`)).status).toBe(200);
    const notSent = await deliveryOf(goneId, (delivery) => delivery.attempts.length === 2);
    expect(notSent).toMatchObject({ status: 'dead' });
    expect(notSent.attempts[1]?.error).toMatch(/^not sent: the channel is turned off: The receiver answered 410 Gone/);
    expect(gone.received).toHaveLength(1);
    // Turned on again (the reason goes), it is delivered, same webhook-id.
    expect((await api('PATCH', `/api/v1/notification-channels/${goneId}`, { enabled: true })).json).toMatchObject({ enabled: true, disabledReason: null });
    expect((await api('POST', `/api/v1/deliveries/${goneDelivery.id}/redeliver`)).status).toBe(200);
    await gone.waitFor('the re-delivery', (received) => received.some((request) => request.answered === 'ok'));
    expect(gone.received.map((request) => request.headers['webhook-id'])).toEqual([goneDelivery.webhookId, goneDelivery.webhookId]);
    expect((await deliveryOf(goneId, (delivery) => delivery.status === 'delivered')).attempts.map((attempt) => attempt.status)).toEqual([410, null, 200]);
  });
});
