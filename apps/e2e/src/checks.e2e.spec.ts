import { generateApiKey } from '@vigil/auth';
import { openConfigStore } from '@vigil/config-store';
import { type ProbeTarget, startHttpTarget, startStack, startWebhookReceiver, type Stack, type WebhookReceiver } from '@vigil/testing';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Uptime checks end to end on the built standalone: a check made through the API against a
// loopback server, up; the server killed, an incident and a signed webhook from the alerting
// engine (the project's first check brought the "Checks down" rule); the server back, resolved.
// Then the API's refusals, tenant isolation and the public push URLs; failover groups and the
// long-poll of their active target (its limit lowered to 2 waits for the refusal test).

let stack: Stack;
let receiver: WebhookReceiver;
let web: ProbeTarget;
let cookie: string;
let secret: string;
let channelId: string;
/** A key of another project (read, configure), a read-only key of this one, and that other project's id. */
let otherKey: string;
let readKey: string;
let otherProjectId: string;
/** FAILOVER_MAX_WAITS of this stack: small, so a test can fill it. */
const MAX_WAITS = 2;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- API answers read field by field in assertions
type Answer = { status: number; headers: Headers; json: any };

async function call(method: string, path: string, options: { body?: unknown; key?: string; project?: string | null } = {}): Promise<Answer> {
  const project = options.project === undefined ? stack.projectId : options.project;
  const url = `${stack.apiUrl}${path}${project === null ? '' : `${path.includes('?') ? '&' : '?'}project=${project ?? ''}`}`;
  const headers: Record<string, string> = options.key ? { authorization: `Bearer ${options.key}` } : { cookie };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text === '' ? null : text.startsWith('{') ? JSON.parse(text) : text };
}

async function poll<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

beforeAll(async () => {
  stack = await startStack({ env: { FAILOVER_MAX_WAITS: String(MAX_WAITS) } });
  receiver = await startWebhookReceiver();
  web = await startHttpTarget((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}'));
  const login = await fetch(`${stack.apiUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(stack.admin) });
  cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const channel = await call('POST', '/api/v1/notification-channels', { body: { name: 'on-call', kind: 'webhook', url: receiver.url } });
  secret = channel.json.secret;
  channelId = channel.json.channel.id;
  // What the API cannot make: a second project (and its key) and a read-only key, straight into Postgres.
  const store = await openConfigStore(await stack.databaseUrl(), { migrate: false });
  try {
    const organization = await store.organizations.create({ name: 'Other' });
    const other = await store.projects.create({ organizationId: organization.id, name: 'Other', slug: 'other' });
    otherProjectId = other.id;
    const key = generateApiKey();
    await store.apiKeys.create({ projectId: other.id, name: 'other', prefix: key.prefix, hash: key.hash, scopes: ['read', 'configure'] });
    otherKey = key.key;
    const read = generateApiKey();
    await store.apiKeys.create({ projectId: stack.projectId ?? '', name: 'reader', prefix: read.prefix, hash: read.hash, scopes: ['read'] });
    readKey = read.key;
  } finally {
    await store.close();
  }
  await call('POST', '/api/v1/notification-policies', { body: { name: 'checks', channelIds: [channel.json.channel.id], groupBy: ['alertname', 'check_id'], groupWaitSeconds: 0, groupIntervalSeconds: 1 } });
}, 240_000);

afterAll(async () => {
  await web?.stop().catch(() => undefined);
  await receiver?.close();
  await stack?.stop();
});

describe('uptime checks', () => {
  it('a check made through the API is up, goes down with its target (an incident and a signed webhook), and comes back', async () => {
    const created = await call('POST', '/api/v1/checks', {
      body: { name: 'Storefront', kind: 'http', spec: { url: web.url, jsonPath: { path: '$.status', op: 'equals', value: 'ok' } }, intervalSeconds: 10, timeoutMs: 2_000, retries: 0, labels: { team: 'web' } },
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const id: string = created.json.check.id;
    expect(created.json).toMatchObject({ pushUrl: null, check: { kind: 'http', regions: [], quorum: 1, state: { status: 'pending' } } });
    const rules = await call('GET', '/api/v1/alert-rules');
    expect(rules.json.rules).toContainEqual(expect.objectContaining({ name: 'Checks down', kind: 'check_down', enabled: true }));

    await poll('the check to be up', async () => ((await call('GET', `/api/v1/checks/${id}`)).json.state.status === 'up' ? true : undefined), 30_000);
    const list = await call('GET', '/api/v1/checks?status=up&q=store');
    expect(list.json).toMatchObject({ total: 1, checks: [{ id, state: { status: 'up', regions: [{ region: 'local', status: 'up', statusCode: 200 }] } }] });

    const killedAt = Date.now();
    await web.stop();
    const incident = await poll(
      'the incident',
      async () => (await call('GET', `/api/v1/checks/${id}/incidents?from=${killedAt - 60_000}&to=${Date.now() + 60_000}`)).json.incidents[0],
      30_000,
    );
    expect(incident).toMatchObject({ checkId: id, checkName: 'Storefront', severity: 'down', endedAt: null, regions: ['local'], cause: expect.stringContaining('refused') });
    await receiver.waitFor('the firing webhook', (received) => received.some((one) => JSON.parse(one.body).status === 'firing'), 30_000);
    const firing = receiver.received.find((one) => JSON.parse(one.body).status === 'firing');
    expect(() => new Webhook(secret).verify(firing?.body ?? '', firing?.headers as Record<string, string>)).not.toThrow();
    expect(JSON.parse(firing?.body ?? '{}').alerts[0]).toMatchObject({ severity: 'critical', labels: { alertname: 'Checks down', check_id: id, check_name: 'Storefront', team: 'web' } });
    expect((await call('GET', `/api/v1/checks/${id}`)).json.state).toMatchObject({ status: 'down', cause: expect.stringContaining('refused') });

    await web.start();
    await receiver.waitFor('the resolved webhook', (received) => received.some((one) => JSON.parse(one.body).status === 'resolved'), 40_000);
    const closed = (await call('GET', `/api/v1/incidents?from=${killedAt - 60_000}&to=${Date.now() + 1_000}`)).json.incidents[0];
    expect(closed).toMatchObject({ id: incident.id, endedAt: expect.any(String), durationMs: expect.any(Number) });
    expect(closed.durationMs).toBeGreaterThan(0);

    const results = await call('GET', `/api/v1/checks/${id}/results?from=${killedAt - 60_000}&to=${Date.now() + 1_000}`);
    expect(results.json.results.map((result: { status: string }) => result.status)).toEqual(expect.arrayContaining(['up', 'down']));
    const days = await call('GET', `/api/v1/checks/${id}/days?from=${killedAt - 60_000}&to=${Date.now() + 1_000}`);
    expect(days.json.days[0]).toMatchObject({ region: 'local', total: results.json.results.length, down: expect.any(Number) });

    const run = await call('POST', `/api/v1/checks/${id}/run`);
    expect(run).toMatchObject({ status: 202, json: { queued: ['local'] } });
  });

  it.each([
    ['no name', { kind: 'http', spec: { url: 'https://example.com' } }, 'name'],
    ['an unknown kind', { name: 'x', kind: 'ping', spec: {} }, 'kind'],
    ['a URL that is not http', { name: 'x', kind: 'http', spec: { url: 'ftp://example.com' } }, 'spec.url'],
    ['an interval under 10 s', { name: 'x', kind: 'http', spec: { url: 'https://example.com' }, intervalSeconds: 5 }, 'intervalSeconds'],
    ['an interval over 24 h', { name: 'x', kind: 'tcp', spec: { host: 'db', port: 5432 }, intervalSeconds: 86_401 }, 'intervalSeconds'],
    ['a timeout past the interval', { name: 'x', kind: 'tcp', spec: { host: 'db', port: 5432 }, intervalSeconds: 10, timeoutMs: 20_000 }, 'timeoutMs'],
    ['a port out of range', { name: 'x', kind: 'tcp', spec: { host: 'db', port: 70_000 } }, 'spec.port'],
    ['a bad status set', { name: 'x', kind: 'http', spec: { url: 'https://example.com', expectedStatus: ['2xy'] } }, 'spec.expectedStatus[0]'],
    ['an inverted status range', { name: 'x', kind: 'http', spec: { url: 'https://example.com', expectedStatus: ['399-200'] } }, 'spec.expectedStatus[0]'],
    ['a body on a GET', { name: 'x', kind: 'http', spec: { url: 'https://example.com', body: 'x' } }, 'spec.body'],
    ['a quorum above the regions', { name: 'x', kind: 'dns', spec: { name: 'example.com' }, regions: ['eu'], quorum: 2 }, 'quorum'],
    ['a bad region', { name: 'x', kind: 'dns', spec: { name: 'example.com' }, regions: ['EU West'] }, 'regions[0]'],
    ['an unknown DNS record type', { name: 'x', kind: 'dns', spec: { name: 'example.com', recordType: 'ANY' } }, 'spec.recordType'],
    ['a parent of no check', { name: 'x', kind: 'push', spec: {}, parentId: '00000000-0000-4000-8000-000000000000' }, 'parentId'],
    ['an unknown field', { name: 'x', kind: 'push', spec: {}, colour: 'red' }, 'colour'],
    ['a push period under 10 s', { name: 'x', kind: 'push', spec: { periodSeconds: 5 } }, 'spec.periodSeconds'],
  ])('refuses %s with a 400 naming the field', async (_what, body, path) => {
    const answer = await call('POST', '/api/v1/checks', { body });
    expect(answer.status, JSON.stringify(answer.json)).toBe(400);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(answer.json.errors.map((error: { path: string }) => error.path)).toContain(path);
  });

  it('answers 404 for a check the project does not have and 409 for a change of kind', async () => {
    expect((await call('GET', '/api/v1/checks/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await call('GET', '/api/v1/checks/not-a-uuid')).status).toBe(404);
    const check = (await call('POST', '/api/v1/checks', { body: { name: 'db', kind: 'tcp', spec: { host: 'db.example.com', port: 5432 }, enabled: false } })).json.check;
    expect(check.state.status).toBe('paused');
    const changed = await call('PUT', `/api/v1/checks/${check.id}`, { body: { name: 'db', kind: 'push', spec: {} } });
    expect(changed.status).toBe(409);
    expect((await call('DELETE', `/api/v1/checks/${check.id}`)).status).toBe(204);
    expect((await call('DELETE', `/api/v1/checks/${check.id}`)).status).toBe(404);
  });

  it('keeps projects apart: another project’s key neither reads nor writes this project’s checks; a read key cannot write', async () => {
    const mine = (await call('POST', '/api/v1/checks', { body: { name: 'private', kind: 'push', spec: {} } })).json.check;
    const asOther = { key: otherKey, project: null };
    expect((await call('GET', `/api/v1/checks/${mine.id}`, asOther)).status).toBe(404);
    expect((await call('GET', '/api/v1/checks', asOther)).json).toEqual({ checks: [], total: 0 });
    // Naming its id does not help either: the list by ids and the bars' batch are scoped to the caller's project.
    expect((await call('GET', `/api/v1/checks?ids=${mine.id}`, asOther)).json).toEqual({ checks: [], total: 0 });
    expect((await call('GET', `/api/v1/checks?ids=${mine.id}`)).json.checks.map((check: { id: string }) => check.id)).toEqual([mine.id]);
    expect((await call('GET', `/api/v1/checks/days?ids=${mine.id}&from=${Date.now() - 86_400_000}&to=${Date.now()}`, asOther)).json).toEqual({ days: [] });
    expect((await call('GET', `/api/v1/checks/latest?ids=${mine.id}`, asOther)).json).toEqual({ latest: [] });
    expect((await call('PUT', `/api/v1/checks/${mine.id}`, { ...asOther, body: { name: 'stolen', kind: 'push', spec: {} } })).status).toBe(404);
    expect((await call('DELETE', `/api/v1/checks/${mine.id}`, asOther)).status).toBe(404);
    expect((await call('GET', `/api/v1/checks/${mine.id}/results?from=0&to=${Date.now()}`, asOther)).status).toBe(404);
    expect((await call('GET', '/api/v1/checks', { key: otherKey, project: stack.projectId })).status).toBe(403);
    // A check of this project cannot depend on another project's check either.
    const foreignParent = await call('POST', '/api/v1/checks', { ...asOther, body: { name: 'child', kind: 'push', spec: {}, parentId: mine.id } });
    expect(foreignParent.status).toBe(400);

    expect((await call('GET', `/api/v1/checks/${mine.id}`, { key: readKey, project: null })).status).toBe(200);
    expect((await call('POST', '/api/v1/checks', { key: readKey, project: null, body: { name: 'x', kind: 'push', spec: {} } })).status).toBe(403);
    // The admin is a member of two projects (the default one and Vigil's self-monitoring): a session must name one; one they are not in is refused.
    expect((await call('GET', '/api/v1/checks', { project: null })).status).toBe(400);
    expect((await call('GET', '/api/v1/checks', { project: otherProjectId })).status).toBe(403);
  });

  it('push URLs: no session needed, the token is the credential, /start /fail /<status> with the body kept, rate-limited', async () => {
    const created = await call('POST', '/api/v1/checks', { body: { name: 'backup', kind: 'push', spec: { periodSeconds: 3_600, graceSeconds: 600 } } });
    const pushPath = new URL(created.json.pushUrl).pathname;
    expect(pushPath).toMatch(/^\/api\/v1\/push\/vpt_[A-Za-z0-9_-]{43}$/);
    expect(created.json.check.pushTokenPrefix).toBe(pushPath.slice('/api/v1/push/'.length, '/api/v1/push/'.length + 12));
    const ping = (suffix: string, init: RequestInit = {}) => fetch(`${stack.apiUrl}${pushPath}${suffix}`, init);

    expect((await ping('/start')).status).toBe(200);
    const ok = await ping('');
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('OK');
    const id = created.json.check.id;
    expect((await call('GET', `/api/v1/checks/${id}`)).json.state).toMatchObject({ status: 'up', push: { lastDurationMs: expect.any(Number), flags: [] } });

    expect((await ping('/fail', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'rsync: connection unexpectedly closed' })).status).toBe(200);
    expect((await call('GET', `/api/v1/checks/${id}`)).json.state).toMatchObject({ status: 'down', push: { lastFailure: 'rsync: connection unexpectedly closed' } });
    expect((await ping('/0', { method: 'POST', body: '' })).status).toBe(200);
    expect((await call('GET', `/api/v1/checks/${id}`)).json.state.status).toBe('up');
    expect((await ping('/3')).status).toBe(200);
    expect((await call('GET', `/api/v1/checks/${id}`)).json.state.status).toBe('down');
    expect((await ping('', { method: 'HEAD' })).status).toBe(200);
    expect((await call('GET', `/api/v1/checks/${id}`)).json.state.status).toBe('up');
    expect((await ping('/3')).status).toBe(200);
    expect((await call('GET', `/api/v1/checks/${id}`)).json.state.push.lastFailure).toBe('exit status 3');

    expect((await ping('/reboot')).status).toBe(400);
    const unknown = await fetch(`${stack.apiUrl}/api/v1/push/vpt_${'A'.repeat(43)}`);
    expect(unknown.status).toBe(404);

    const rotated = await call('POST', `/api/v1/checks/${id}/rotate-push-token`);
    expect((await ping('')).status).toBe(404);
    const fresh = new URL(rotated.json.pushUrl).pathname;
    let last = 0;
    let retryAfter: string | null = null;
    for (let attempt = 0; attempt < 70 && last !== 429; attempt++) {
      const response = await fetch(`${stack.apiUrl}${fresh}`);
      last = response.status;
      retryAfter = response.headers.get('retry-after');
    }
    expect(last).toBe(429);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });
});

/**
 * A failover group over two paused checks (a first probe landing mid-test would change the
 * group's state and its ETag under held waits; only a pin may change it), with its ETag.
 */
async function pausedGroup(name: string, standbyServer: ProbeTarget) {
  const check = async (checkName: string, url: string) => (await call('POST', '/api/v1/checks', { body: { name: checkName, kind: 'http', spec: { url }, intervalSeconds: 60, timeoutMs: 2_000, enabled: false } })).json.check.id as string;
  const targets = [
    { name: 'primary', address: `127.0.0.1:${web.port}`, checkId: await check(`${name} primary`, web.url) },
    { name: 'standby', address: `127.0.0.1:${standbyServer.port}`, checkId: await check(`${name} standby`, standbyServer.url) },
  ];
  const created = await call('POST', '/api/v1/failover-groups', { body: { name, targets } });
  expect(created.status, JSON.stringify(created.json)).toBe(201);
  const id: string = created.json.id;
  const etag = (await call('GET', `/api/v1/failover-groups/${id}/active`)).headers.get('etag') ?? '';
  return { id, created, etag };
}

function waitForChange(id: string, etag: string, seconds: number): Promise<Response> {
  return fetch(`${stack.apiUrl}/api/v1/failover-groups/${id}/active?project=${stack.projectId}&wait=${seconds}s`, { headers: { cookie, 'if-none-match': etag } });
}

/**
 * Fills the process's waits (FAILOVER_MAX_WAITS) with long ones, as load balancers' helpers do,
 * until the next wait is refused: then every held one is known to be waiting. A probe that finds
 * room itself waits 1 s and ends in 304; a probe can reach the last room before a long wait does
 * and get that one refused, which is then sent again.
 */
async function fillWaits(id: string, etag: string, seconds: number): Promise<{ held: Promise<Response>[]; refused: Response }> {
  const hold = () => {
    const entry = { answer: waitForChange(id, etag, seconds), refused: false };
    void entry.answer.then((answer) => (entry.refused = answer.status === 429));
    return entry;
  };
  let held = Array.from({ length: MAX_WAITS }, hold);
  const refused = await poll('a refused long-poll', async () => {
    held = held.map((entry) => (entry.refused ? hold() : entry));
    const answer = await waitForChange(id, etag, 1);
    return answer.status === 429 ? answer : (expect(answer.status).toBe(304), undefined);
  }, 20_000);
  return { held: held.map((entry) => entry.answer), refused };
}

describe('failover groups', () => {
  it('a group through the API: the primary at once, a pin answers a waiting long-poll and sends the signed webhook, ETag and 304, refusals, isolation', async () => {
    const standbyServer = await startHttpTarget();
    const check = async (name: string, url: string) => (await call('POST', '/api/v1/checks', { body: { name, kind: 'http', spec: { url }, intervalSeconds: 60, timeoutMs: 2_000 } })).json.check.id as string;
    const primaryCheck = await check('lb primary', web.url);
    const standbyCheck = await check('lb standby', standbyServer.url);
    const pushCheck = (await call('POST', '/api/v1/checks', { body: { name: 'lb job', kind: 'push', spec: {} } })).json.check.id as string;
    const targets = [
      { name: 'primary', address: `127.0.0.1:${web.port}`, checkId: primaryCheck },
      { name: 'standby', address: `127.0.0.1:${standbyServer.port}`, checkId: standbyCheck },
    ];

    const refused = async (body: unknown, path: string) => {
      const answer = await call('POST', '/api/v1/failover-groups', { body });
      expect(answer.status, JSON.stringify(answer.json)).toBe(400);
      expect(answer.json.errors.map((error: { path: string }) => error.path)).toContain(path);
    };
    await refused({ name: 'x', targets: targets.slice(0, 1) }, 'targets');
    await refused({ name: 'x', targets: [targets[0], { ...targets[1], checkId: pushCheck }] }, 'targets[1].checkId');
    await refused({ name: 'x', targets: [targets[0], { ...targets[1], checkId: primaryCheck }] }, 'targets[1].checkId');
    await refused({ name: 'x', targets, channelIds: ['00000000-0000-4000-8000-000000000000'] }, 'channelIds[0]');
    await refused({ name: 'x', targets, fall: 0 }, 'fall');

    const before = receiver.received.length;
    const created = await call('POST', '/api/v1/failover-groups', { body: { name: 'storefront', targets, fall: 2, rise: 2, channelIds: [channelId] } });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const id: string = created.json.id;
    const [primary, standby] = created.json.targets as { id: string }[];
    expect(created.json).toMatchObject({ fall: 2, rise: 2, quorum: 1, pinnedTargetId: null, active: { target: { id: primary?.id, name: 'primary' }, reason: 'healthy', failOpen: false } });

    const first = await call('GET', `/api/v1/failover-groups/${id}/active`);
    expect(first).toMatchObject({ status: 200, json: { groupId: id, target: { name: 'primary', address: `127.0.0.1:${web.port}` }, reason: 'healthy' } });
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^".+"$/);
    expect((await fetch(`${stack.apiUrl}/api/v1/failover-groups/${id}/active?project=${stack.projectId}`, { headers: { cookie, 'if-none-match': etag } })).status).toBe(304);
    const idle = Date.now();
    expect((await waitForChange(id, etag, 1)).status).toBe(304);
    expect(Date.now() - idle).toBeGreaterThanOrEqual(900);
    expect((await call('GET', `/api/v1/failover-groups/${id}/active?wait=2m`)).json.errors[0].path).toBe('wait');

    // A load balancer's helper waits; a person pins the standby; the wait ends with it.
    const waiting = waitForChange(id, etag, 30);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const pinnedAt = Date.now();
    const pinned = await call('POST', `/api/v1/failover-groups/${id}/pin`, { body: { targetId: standby?.id } });
    expect(pinned.json).toMatchObject({ pinnedTargetId: standby?.id, active: { target: { name: 'standby' }, reason: 'pinned' } });
    const answered = await waiting;
    expect(answered.status).toBe(200);
    expect(Date.now() - pinnedAt).toBeLessThan(5_000);
    expect(await answered.json()).toMatchObject({ target: { id: standby?.id }, reason: 'pinned' });
    expect(answered.headers.get('etag')).not.toBe(etag);

    await receiver.waitFor('the failover webhook to the standby', (received) => received.slice(before).some((one) => JSON.parse(one.body).data?.to?.name === 'standby'), 30_000);
    const webhook = receiver.received.slice(before).find((one) => JSON.parse(one.body).data?.to?.name === 'standby');
    expect(() => new Webhook(secret).verify(webhook?.body ?? '', webhook?.headers as Record<string, string>)).not.toThrow();
    expect(JSON.parse(webhook?.body ?? '{}')).toMatchObject({ type: 'failover.switched', data: { groupId: id, from: { name: 'primary' }, to: { name: 'standby' }, reason: 'pinned', failOpen: false } });

    expect((await call('POST', `/api/v1/failover-groups/${id}/pin`, { body: { targetId: '00000000-0000-4000-8000-000000000000' } })).status).toBe(400);
    expect((await call('POST', `/api/v1/failover-groups/${id}/pin`, { body: { targetId: null } })).json.active).toMatchObject({ target: { name: 'primary' }, reason: 'healthy' });
    const events = (await call('GET', `/api/v1/failover-groups/${id}/events`)).json.events.map((event: { reason: string }) => event.reason);
    expect(events).toEqual(['healthy', 'pinned', 'healthy']);

    expect((await call('DELETE', `/api/v1/checks/${primaryCheck}`)).status).toBe(409);
    const asOther = { key: otherKey, project: null };
    expect((await call('GET', `/api/v1/failover-groups/${id}`, asOther)).status).toBe(404);
    expect((await call('GET', `/api/v1/failover-groups/${id}/active`, asOther)).status).toBe(404);
    expect((await call('POST', `/api/v1/failover-groups/${id}/pin`, { ...asOther, body: { targetId: null } })).status).toBe(404);
    expect((await call('DELETE', `/api/v1/failover-groups/${id}`, asOther)).status).toBe(404);
    expect((await call('GET', `/api/v1/failover-groups/${id}/active`, { key: readKey, project: null })).status).toBe(200);
    expect((await call('POST', `/api/v1/failover-groups/${id}/pin`, { key: readKey, project: null, body: { targetId: null } })).status).toBe(403);

    expect((await call('DELETE', `/api/v1/failover-groups/${id}`)).status).toBe(204);
    expect((await call('GET', `/api/v1/failover-groups/${id}`)).status).toBe(404);
    expect((await call('DELETE', `/api/v1/checks/${primaryCheck}`)).status).toBe(204);
    await standbyServer.stop();
  });

  it('refuses long-polls of the active target beyond FAILOVER_MAX_WAITS with 429 and Retry-After, answers the waiting ones, and takes waits again', async () => {
    const standbyServer = await startHttpTarget();
    const { id, created, etag } = await pausedGroup('polled', standbyServer);
    const { held, refused } = await fillWaits(id, etag, 30);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(await refused.json()).toMatchObject({ status: 429, detail: expect.stringContaining('waiting for failover changes') });
    // Without If-None-Match (or without wait) nothing waits: answered at once even now.
    expect((await call('GET', `/api/v1/failover-groups/${id}/active`)).status).toBe(200);

    // A switch answers every held wait, which frees the room.
    const standby = (created.json.targets as { id: string; name: string }[]).find((target) => target.name === 'standby');
    await call('POST', `/api/v1/failover-groups/${id}/pin`, { body: { targetId: standby?.id } });
    for (const answer of await Promise.all(held)) {
      expect(answer.status).toBe(200);
      expect(await answer.json()).toMatchObject({ target: { name: 'standby' }, reason: 'pinned' });
    }
    const nextEtag = (await call('GET', `/api/v1/failover-groups/${id}/active`)).headers.get('etag') ?? '';
    const again = await waitForChange(id, nextEtag, 1);
    expect(again.status).toBe(304);

    expect((await call('DELETE', `/api/v1/failover-groups/${id}`)).status).toBe(204);
    await standbyServer.stop();
  });
});

// Last in this file: it stops the API.
describe('stopping', () => {
  it('answers held long-polls (304, unchanged) when Vigil stops, so a stop does not wait out the clients’ waits', async () => {
    const standbyServer = await startHttpTarget();
    const { id, etag } = await pausedGroup('stopping', standbyServer);
    // 60 s waits outlast the stack's 30 s allowance for a graceful stop: only answering them lets it finish.
    const { held } = await fillWaits(id, etag, 60);
    await stack.stopApi('SIGTERM');
    for (const answer of await Promise.all(held)) expect(answer.status).toBe(304);
    await standbyServer.stop();
  });
});
