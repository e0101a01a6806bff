import { postIngestJson, startStack, startWebhookReceiver, type Stack, type WebhookReceiver } from '@vigil/testing';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Alerting end to end on the built standalone: a rule, a signed webhook channel and a policy
// made through the API; breaching samples sent through ingest; the receiver gets the signed
// notification with its evidence, once, then the resolved one.

let stack: Stack;
let receiver: WebhookReceiver;
let cookie: string;
let secret: string;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- API answers read field by field in assertions
async function api(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const separator = path.includes('?') ? '&' : '?';
  const response = await fetch(`${stack.apiUrl}${path}${separator}project=${stack.projectId ?? ''}`, {
    method,
    headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text === '' ? null : JSON.parse(text) };
}

beforeAll(async () => {
  stack = await startStack();
  receiver = await startWebhookReceiver();
  const login = await fetch(`${stack.apiUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(stack.admin) });
  cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}, 240_000);

afterAll(async () => {
  await receiver?.close();
  await stack?.stop();
});

describe('alerting', () => {
  it('evaluates a raw-threshold breach at ingest, without waiting for the rule\'s next tick', async () => {
    const channels = await api('GET', '/api/v1/notification-channels');
    const channelId = channels.json.channels[0]?.id ?? (await api('POST', '/api/v1/notification-channels', { name: 'hourly', kind: 'webhook', url: receiver.url })).json.channel.id;
    await api('POST', '/api/v1/notification-policies', { name: 'hourly rules', matchers: [{ label: 'alertname', op: '=', value: 'Disk nearly full' }], channelIds: [channelId], groupWaitSeconds: 0 });
    // Evaluated once an hour: only the ingest path can notice this breach within the test.
    const rule = await api('POST', '/api/v1/alert-rules', {
      name: 'Disk nearly full',
      kind: 'metric_threshold',
      intervalSeconds: 3600,
      spec: { query: { name: 'e2e_disk_used_ratio' }, windowSeconds: 300, reducer: 'last', comparator: '>=', critical: 0.9 },
    });
    expect(rule.status, JSON.stringify(rule.json)).toBe(201);
    // Let the creation's own evaluation (no data yet) and the hourly schedule's first tick pass.
    await expect.poll(async () => (await api('GET', `/api/v1/alert-rules/${rule.json.id}`)).json.status.lastEvaluatedAt, { timeout: 30_000 }).not.toBeNull();
    await postIngestJson(stack, '/api/v1/ingest/metrics', { samples: [{ name: 'e2e_disk_used_ratio', labels: { disk: 'sda' }, value: 0.95 }] });
    await receiver.waitFor('the hourly rule\'s notification', (received) => received.some((one) => one.body.includes('Disk nearly full') && one.body.includes('"firing"')), 30_000);
  });

  it('notifies a raw-threshold breach through a signed webhook with its evidence, once, then its recovery', async () => {
    const channel = await api('POST', '/api/v1/notification-channels', { name: 'on-call', kind: 'webhook', url: receiver.url });
    expect(channel.status, JSON.stringify(channel.json)).toBe(201);
    secret = channel.json.secret;
    expect(secret).toMatch(/^whsec_/);
    const policy = await api('POST', '/api/v1/notification-policies', { name: 'everything', channelIds: [channel.json.channel.id], groupWaitSeconds: 0, groupIntervalSeconds: 1 });
    expect(policy.status, JSON.stringify(policy.json)).toBe(201);
    const rule = await api('POST', '/api/v1/alert-rules', {
      name: 'Queue too deep',
      kind: 'metric_threshold',
      intervalSeconds: 10,
      spec: { query: { name: 'e2e_queue_depth', matchers: [{ label: 'queue', op: '=', value: 'emails' }] }, windowSeconds: 30, reducer: 'last', comparator: '>', critical: 100 },
      annotations: { summary: 'The email queue is backing up' },
    });
    expect(rule.status, JSON.stringify(rule.json)).toBe(201);

    const breachAt = Date.now();
    const ingest = await postIngestJson(stack, '/api/v1/ingest/metrics', { samples: [{ name: 'e2e_queue_depth', labels: { queue: 'emails' }, value: 150 }] });
    expect(ingest.status).toBe(200);
    await receiver.waitFor('the firing notification', (received) => received.some((one) => one.body.includes('Queue too deep') && one.body.includes('"firing"')), 30_000);
    const firing = receiver.received.find((one) => one.body.includes('Queue too deep') && one.body.includes('"firing"'));
    // Signed per Standard Webhooks, verified with the official library.
    expect(() => new Webhook(secret).verify(firing?.body ?? '', firing?.headers as Record<string, string>)).not.toThrow();
    const payload = JSON.parse(firing?.body ?? '{}');
    expect(payload.status).toBe('firing');
    expect(payload.alerts[0]).toMatchObject({ status: 'firing', severity: 'critical', labels: { alertname: 'Queue too deep', queue: 'emails', severity: 'critical' } });
    expect(payload.alerts[0].evidence).toMatchObject({ value: 150, threshold: 100, comparator: '>' });
    expect(payload.alerts[0].dashboardUrl ?? payload.alerts[0].url ?? JSON.stringify(payload)).toContain('/alerts/rules/');

    const alerts = await api('GET', '/api/v1/alerts');
    expect(alerts.json.alerts).toContainEqual(expect.objectContaining({ state: 'firing', severity: 'critical', lastValue: 150, ruleName: 'Queue too deep' }));

    // Recovery: the last value in the window drops below the threshold.
    await postIngestJson(stack, '/api/v1/ingest/metrics', { samples: [{ name: 'e2e_queue_depth', labels: { queue: 'emails' }, value: 5 }] });
    await receiver.waitFor('the resolved notification', (received) => received.some((one) => one.body.includes('Queue too deep') && JSON.parse(one.body).status === 'resolved'), 40_000);
    // Each notification arrived once (one webhook-id each).
    expect([...receiver.deliveredIds().values()].every((times) => times === 1)).toBe(true);

    const deliveries = await api('GET', '/api/v1/deliveries');
    expect(deliveries.json.deliveries.filter((delivery: { title: string }) => delivery.title.includes('Queue too deep')).map((delivery: { status: string }) => delivery.status)).toEqual(['delivered', 'delivered']);
    const events = await api('GET', `/api/v1/alert-events?from=${breachAt - 60_000}&to=${Date.now() + 1_000}&ruleId=${rule.json.id}`);
    expect(events.json.events.map((event: { to: string }) => event.to)).toEqual(['resolved', 'firing']);
  });
});
