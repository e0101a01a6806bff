import { parseOutboundAllowlist } from '@vigil/outbound-guard';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { createNotificationMessage } from '../message/create-notification-message';
import { buildNotificationBody } from '../payloads/build-payload';
import { generateWebhookSecret } from '../signing/webhook-signing';
import { firingGroup } from '../testing/fixtures';
import { seededRandom, startHttpReceiver, type HttpReceiver, type ReceivedRequest } from '@vigil/testing';
import { EndpointBreakers } from './endpoint-breakers';
import { nextAttemptDelay } from './retry-schedule';
import { sendNotification, type NotificationRequest } from './send-notification';

// Tests allowlist loopback: every receiver listens on 127.0.0.1.
const policy = parseOutboundAllowlist('127.0.0.0/8');
const secret = generateWebhookSecret();
const receivers: HttpReceiver[] = [];

async function receiver(...args: Parameters<typeof startHttpReceiver>): Promise<HttpReceiver> {
  const started = await startHttpReceiver(...args);
  receivers.push(started);
  return started;
}

afterEach(async () => {
  await Promise.all(receivers.splice(0).map((started) => started.close()));
});

function notification(url: string, overrides: Partial<NotificationRequest> = {}): NotificationRequest {
  return {
    url,
    headers: { authorization: 'Bearer receiver-token' },
    secrets: [secret],
    body: buildNotificationBody(createNotificationMessage(firingGroup())),
    webhookId: 'msg_intTest000000000000001',
    timestamp: new Date(),
    timeoutMs: 2_000,
    ...overrides,
  };
}

function verify(request: ReceivedRequest | undefined, withSecret: string): unknown {
  if (request === undefined) throw new Error('nothing was received');
  const headers = Object.fromEntries(Object.entries(request.headers).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  return new Webhook(withSecret).verify(request.body.toString('utf8'), headers);
}

describe('sendNotification against loopback receivers', () => {
  it('delivers on 2xx: signed, with the channel headers, the body as built', async () => {
    const target = await receiver({ handler: (_request, response) => response.writeHead(202).end() });
    const request = notification(`${target.url}/hooks/vigil`, { headers: { authorization: 'Bearer receiver-token', 'Webhook-Signature': 'forged', 'x-team': 'payments' } });
    const result = await sendNotification(request, { policy });
    expect(result).toMatchObject({ outcome: 'delivered', status: 202, error: null, retryAfterMs: null, circuitOpen: false });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
    const [received] = target.requests;
    expect(received).toMatchObject({ method: 'POST', path: '/hooks/vigil' });
    expect(received?.headers).toMatchObject({ 'content-type': 'application/json', authorization: 'Bearer receiver-token', 'x-team': 'payments', 'webhook-id': 'msg_intTest000000000000001', 'user-agent': 'Vigil-Webhooks/1' });
    expect(received?.body.toString('utf8')).toBe(request.body);
    expect(verify(received, secret)).toEqual(JSON.parse(request.body));
  });

  it('signs with both secrets during a rotation; a receiver holding either verifies', async () => {
    const previous = generateWebhookSecret();
    const target = await receiver();
    await sendNotification(notification(target.url, { secrets: [secret, previous] }), { policy });
    expect(verify(target.requests[0], secret)).toBeTruthy();
    expect(verify(target.requests[0], previous)).toBeTruthy();
  });

  it('keeps the webhook-id on a retry and signs the new timestamp', async () => {
    const target = await receiver();
    const first = notification(target.url, { timestamp: new Date(Date.now() - 60_000) });
    await sendNotification(first, { policy });
    await sendNotification({ ...first, timestamp: new Date() }, { policy });
    const [one, two] = target.requests;
    expect(one?.headers['webhook-id']).toBe(two?.headers['webhook-id']);
    expect(one?.headers['webhook-timestamp']).not.toBe(two?.headers['webhook-timestamp']);
    expect(verify(two, secret)).toBeTruthy();
  });

  it('retries a 500 with Retry-After: 2 no sooner than 2 s', async () => {
    const target = await receiver({ handler: (_request, response) => response.writeHead(500, { 'retry-after': '2' }).end('overloaded') });
    const result = await sendNotification(notification(target.url), { policy });
    expect(result).toMatchObject({ outcome: 'retry', status: 500, retryAfterMs: 2_000, error: 'the receiver answered 500 Internal Server Error: overloaded' });
    const random = seededRandom(1);
    for (let retry = 0; retry < 3; retry += 1) {
      expect(nextAttemptDelay(retry, { baseMs: 100, capMs: 60_000, random }, result.retryAfterMs)).toBeGreaterThanOrEqual(2_000);
    }
  });

  it('reports 410 as gone', async () => {
    const target = await receiver({ handler: (_request, response) => response.writeHead(410).end() });
    expect(await sendNotification(notification(target.url), { policy })).toMatchObject({ outcome: 'gone', status: 410 });
  });

  it('retries a reset connection and a stalled receiver, within the timeout', async () => {
    const resetting = await receiver({ handler: (_request, _response, raw) => raw.socket.destroy() });
    expect(await sendNotification(notification(resetting.url), { policy })).toMatchObject({ outcome: 'retry', status: null });

    const stalled = await receiver({ handler: () => undefined });
    const started = Date.now();
    const result = await sendNotification(notification(stalled.url, { timeoutMs: 300 }), { policy });
    expect(result).toMatchObject({ outcome: 'retry', status: null });
    expect(result.error).toMatch(/^no complete answer from 127\.0\.0\.1:\d+ within 300 ms$/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('rejects a destination the outbound guard refuses, without connecting', async () => {
    const target = await receiver();
    const result = await sendNotification(notification(target.url), { policy: { allow: [] } });
    expect(result).toMatchObject({ outcome: 'rejected', status: null });
    expect(result.error).toContain('127.0.0.1 is a loopback address; an admin can allow it with OUTBOUND_ALLOWLIST');
    expect(target.connections()).toBe(0);
  });

  it('opens the circuit of a failing endpoint only, and closes it after a successful half-open probe', async () => {
    let healthy = false;
    const failing = await receiver({ handler: (_request, response) => (healthy ? response.end('ok') : response.writeHead(503).end()) });
    const other = await receiver();
    const breakers = new EndpointBreakers({ consecutiveFailures: 3, halfOpenAfterMs: 300 });
    const context = { policy, breakers };

    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect(await sendNotification(notification(failing.url), context)).toMatchObject({ outcome: 'retry', status: 503, circuitOpen: false });
    }
    expect(breakers.state(failing.url)).toBe('open');

    // Open: answered at once, nothing sent.
    const started = Date.now();
    const skipped = await sendNotification(notification(`${failing.url}/other-path`), context);
    expect(skipped).toMatchObject({ outcome: 'retry', status: null, circuitOpen: true, durationMs: 0 });
    expect(skipped.retryAfterMs).toBeGreaterThan(0);
    expect(skipped.retryAfterMs).toBeLessThanOrEqual(300);
    expect(Date.now() - started).toBeLessThan(100);
    expect(failing.requests).toHaveLength(3);

    // Another endpoint is not held up.
    expect(await sendNotification(notification(other.url), context)).toMatchObject({ outcome: 'delivered' });
    expect(breakers.state(other.url)).toBe('closed');

    // After the half-open delay one probe goes through; it succeeds and closes the circuit.
    healthy = true;
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(await sendNotification(notification(failing.url), context)).toMatchObject({ outcome: 'delivered', status: 200 });
    expect(breakers.state(failing.url)).toBe('closed');
    expect(await sendNotification(notification(failing.url), context)).toMatchObject({ outcome: 'delivered' });
    expect(failing.requests).toHaveLength(5);
  });

  it('lets one half-open probe through at a time; others are answered at once', async () => {
    let release: () => void = () => undefined;
    const slow = await receiver({ handler: (_request, response) => response.writeHead(500).end() });
    const breakers = new EndpointBreakers({ consecutiveFailures: 1, halfOpenAfterMs: 100 });
    const context = { policy, breakers };
    await sendNotification(notification(slow.url), context);
    expect(breakers.state(slow.url)).toBe('open');
    slow.setHandler((_request, response) => {
      release = () => response.end('ok');
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    const probe = sendNotification(notification(slow.url), context);
    expect(breakers.state(slow.url)).toBe('half-open');
    // Wait (bounded) until the probe reached the receiver, which holds its answer.
    for (let waited = 0; slow.requests.length < 2 && waited < 5_000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(slow.requests).toHaveLength(2);
    expect(await sendNotification(notification(slow.url), context)).toMatchObject({ outcome: 'retry', circuitOpen: true });
    release();
    expect(await probe).toMatchObject({ outcome: 'delivered' });
    expect(breakers.state(slow.url)).toBe('closed');
    expect(slow.requests).toHaveLength(2);
  });
});
