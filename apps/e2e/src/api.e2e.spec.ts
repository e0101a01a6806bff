import { startStack, type Stack } from '@vigil/testing';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.stop();
});

function ingest(body: unknown, init: { key?: string; contentType?: string; query?: string } = {}): Promise<Response> {
  return fetch(`${stack.apiUrl}/api/v1/ingest/metrics${init.query ?? ''}`, {
    method: 'POST',
    headers: {
      ...(init.key !== undefined ? { authorization: `Bearer ${init.key}` } : {}),
      'content-type': init.contentType ?? 'application/json',
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/**
 * Announces a body over the limit and waits for the answer before sending it: Fastify
 * answers 413 from Content-Length alone and closes the connection, so a client still
 * uploading would see a reset instead of the status.
 */
function postHuge(bytes: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const url = new URL(`${stack.apiUrl}/api/v1/ingest/metrics`);
    const request = httpRequest(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { authorization: `Bearer ${stack.ingestKey}`, 'content-type': 'application/json', 'content-length': bytes } },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
        request.destroy();
      },
    );
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
    });
    request.flushHeaders();
  });
}

async function signIn(): Promise<string> {
  const response = await fetch(`${stack.apiUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(stack.admin),
  });
  expect(response.status).toBe(200);
  return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

async function query(cookie: string, params: Record<string, string>): Promise<Response> {
  const search = new URLSearchParams({ project: stack.projectId ?? '', ...params });
  return fetch(`${stack.apiUrl}/api/v1/metrics/query?${search}`, { headers: { cookie } });
}

describe('first start', () => {
  it('prints the admin login, the default project and an ingest key once', () => {
    expect(stack.output()).toContain('First start: these credentials are shown once');
    expect(stack.admin.password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(stack.projectId).toMatch(/^[0-9a-f-]{36}$/);
    expect(stack.ingestKey).toMatch(/^vgl_/);
  });
});

describe('health and self-observation', () => {
  it('answers /healthz and /readyz with every engine checked', async () => {
    expect(await (await fetch(`${stack.apiUrl}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${stack.apiUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { clickhouse: 'ok', postgres: 'ok', redis: 'ok' } });
  });

  it('exposes its own process metrics in Prometheus format', async () => {
    await fetch(`${stack.apiUrl}/healthz`);
    const response = await fetch(`${stack.apiUrl}/metrics`);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toMatch(/^vigil_process_resident_memory_bytes \d+/m);
    expect(text).toMatch(/^http_request_duration_seconds_count\{method="GET",route="\/healthz",code="200"\} \d+/m);
  });

  it('serves the OpenAPI document', async () => {
    const document = (await (await fetch(`${stack.apiUrl}/api/docs/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/api/v1/ingest/metrics', '/api/v1/metrics/query', '/api/v1/auth/login', '/readyz']));
  });
});

describe('sign-in', () => {
  it('sets an HttpOnly, SameSite session cookie and describes the user', async () => {
    const response = await fetch(`${stack.apiUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(stack.admin),
    });
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^vigil_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const me = await fetch(`${stack.apiUrl}/api/v1/auth/me`, { headers: { cookie: cookie.split(';')[0] ?? '' } });
    // The default project, then the one Vigil's own metrics go to (self-monitoring is on by default).
    expect(await me.json()).toMatchObject({ email: stack.admin.email, projects: [{ id: stack.projectId, role: 'owner' }, { slug: 'vigil-self-monitoring', role: 'owner' }] });
  });

  it('refuses a wrong password with 401 problem details', async () => {
    const response = await fetch(`${stack.apiUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.0.0.1' },
      body: JSON.stringify({ email: stack.admin.email, password: 'wrong' }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({ status: 401, detail: 'The e-mail address or password is wrong.' });
  });

  it('rate-limits repeated attempts for one account from one address with 429 and Retry-After', async () => {
    const attempt = () =>
      fetch(`${stack.apiUrl}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.9' },
        body: JSON.stringify({ email: 'nobody@vigil.test', password: 'guess' }),
      });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i += 1) statuses.push((await attempt()).status);
    expect(statuses.slice(0, 10).every((status) => status === 401)).toBe(true);
    const limited = await attempt();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it("does not lock a person out with someone else's failures from another address", async () => {
    const signIn = (password: string, address: string) =>
      fetch(`${stack.apiUrl}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
        body: JSON.stringify({ email: stack.admin.email, password }),
      });
    // An attacker guesses the admin's password from one address until refused…
    let status = 0;
    for (let i = 0; i < 12 && status !== 429; i += 1) status = (await signIn('guess', '198.51.100.66')).status;
    expect(status).toBe(429);
    // … and the admin, from their own address, still signs in at once.
    expect((await signIn(stack.admin.password, '192.0.2.10')).status).toBe(200);
    // The attacker's address stays refused, even with the right password.
    expect((await signIn(stack.admin.password, '198.51.100.66')).status).toBe(429);
  });

  it('refuses an address past its own allowance (5 × the per-account limit) for every account, and only that address', async () => {
    const signIn = (email: string, password: string, address: string) =>
      fetch(`${stack.apiUrl}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
        body: JSON.stringify({ email, password }),
      });
    // A spray over many accounts, each below the per-account limit of 10: 5 × 10 failures in all.
    const statuses: number[] = [];
    for (let i = 0; i < 50; i += 1) statuses.push((await signIn(`spray-${i % 6}@vigil.test`, 'guess', '198.51.100.77')).status);
    expect(statuses.every((status) => status === 401)).toBe(true);
    // Now that address is refused for any account, the admin's right password included …
    const refused = await signIn(stack.admin.email, stack.admin.password, '198.51.100.77');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // … and every other address is not.
    expect((await signIn(stack.admin.email, stack.admin.password, '192.0.2.11')).status).toBe(200);
  });
});

describe('metrics: ingest, then query', () => {
  // Recent whole seconds: ingest refuses timestamps older than its limit.
  const base = Math.floor(Date.now() / 1000) * 1000 - 3_600_000;

  it('stores JSON samples and returns them per series', async () => {
    const samples = [0, 1, 2].flatMap((i) => [
      { name: 'e2e_latency_ms', labels: { service: 'checkout', region: 'eu' }, value: 10 + i, timestamp: base + i * 1000 },
      { name: 'e2e_latency_ms', labels: { service: 'search', region: 'eu' }, value: 100 + i, timestamp: new Date(base + i * 1000).toISOString() },
    ]);
    const response = await ingest({ samples }, { key: stack.ingestKey });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ accepted: 6, rejected: 0, reasons: [] });

    const cookie = await signIn();
    const result = await query(cookie, { name: 'e2e_latency_ms', from: String(base - 1000), to: String(base + 10_000), match: 'service="checkout"' });
    expect(result.status).toBe(200);
    expect(await result.json()).toEqual({
      name: 'e2e_latency_ms',
      from: base - 1000,
      to: base + 10_000,
      step: null,
      resolution: 'raw',
      window: null,
      // `_ms` is no unit suffix Vigil reads (Prometheus names say `_milliseconds`), and nothing declared one.
      unit: null,
      series: [{ labels: { service: 'checkout', region: 'eu' }, points: [[base, 10], [base + 1000, 11], [base + 2000, 12]] }],
    });
    const names = await fetch(`${stack.apiUrl}/api/v1/metrics/names?project=${stack.projectId}`, { headers: { cookie } });
    expect((await names.json()) as unknown).toMatchObject({ names: expect.arrayContaining(['e2e_latency_ms']) });
  });

  it('stores label values that look like SQL literally', async () => {
    const hostile = "x'); DROP TABLE metric_samples; --";
    expect((await ingest({ samples: [{ name: 'e2e_injection', labels: { path: hostile }, value: 1, timestamp: base }] }, { key: stack.ingestKey })).status).toBe(200);
    const cookie = await signIn();
    const result = (await (await query(cookie, { name: 'e2e_injection', from: String(base - 1), to: String(base + 1), match: `path="${hostile}"` })).json()) as { series: unknown[] };
    expect(result.series).toEqual([{ labels: { path: hostile }, points: [[base, 1]] }]);
  });
});

describe('bad input', () => {
  const sample = { name: 'e2e_bad_input', labels: {}, value: 1, timestamp: Math.floor(Date.now() / 1000) * 1000 - 7_200_000 };

  it('answers 401 without a key and with an unknown key', async () => {
    expect((await ingest({ samples: [sample] })).status).toBe(401);
    const unknown = await ingest({ samples: [sample] }, { key: `vgl_${'A'.repeat(43)}` });
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toMatchObject({ detail: 'The API key is unknown or has been revoked.' });
  });

  it('answers 403 when a key is used for another project', async () => {
    const response = await ingest({ samples: [sample] }, { key: stack.ingestKey, query: '?project=00000000-0000-4000-8000-000000000000' });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ detail: 'This API key belongs to another project.' });
  });

  it('answers 400 naming the field for a wrong type and for an unknown field', async () => {
    const wrongType = await ingest({ samples: [{ ...sample, value: 'high' }] }, { key: stack.ingestKey });
    expect(wrongType.status).toBe(400);
    expect(await wrongType.json()).toMatchObject({ errors: [{ path: 'samples[0].value' }] });
    const unknownField = await ingest({ samples: [{ ...sample, colour: 'red' }] }, { key: stack.ingestKey });
    expect(unknownField.status).toBe(400);
    expect(((await unknownField.json()) as { detail: string }).detail).toMatch(/samples\[0\].*colour/);
  });

  it('answers 400 for malformed JSON, 415 for another content type, 413 for a huge body', async () => {
    const malformed = await ingest('{"samples": [', { key: stack.ingestKey });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toContain('application/problem+json');
    expect((await ingest('samples', { key: stack.ingestKey, contentType: 'text/plain' })).status).toBe(415);
    expect(await postHuge(11 * 1024 * 1024)).toBe(413);
  });

  it('stores nothing from a request that was refused, even when most samples were fine', async () => {
    const good = Array.from({ length: 50 }, (_, i) => ({ ...sample, value: i, timestamp: sample.timestamp + i }));
    const response = await ingest({ samples: [...good, { ...sample, name: 'bad name!' }] }, { key: stack.ingestKey });
    expect(response.status).toBe(400);
    const cookie = await signIn();
    const result = (await (await query(cookie, { name: 'e2e_bad_input', from: String(sample.timestamp - 1), to: String(sample.timestamp + 1000) })).json()) as { series: unknown[] };
    expect(result.series).toEqual([]);
  });
});

describe('restart', () => {
  it('shuts down on SIGTERM and keeps every stored sample across a restart', async () => {
    const timestamp = Math.floor(Date.now() / 1000) * 1000 - 60_000;
    expect((await ingest({ samples: [{ name: 'e2e_durable', labels: { run: '1' }, value: 7.25, timestamp }] }, { key: stack.ingestKey })).status).toBe(200);
    const { admin, projectId, ingestKey, dataDir } = stack;
    expect(await stack.stopApi('SIGTERM')).toBe(0);
    await stack.stop({ keepData: true });

    stack = await startStack({ dataDir });
    expect(stack.output()).not.toContain('First start');
    stack = { ...stack, admin, projectId, ingestKey };
    const cookie = await signIn();
    const result = (await (await query(cookie, { name: 'e2e_durable', from: String(timestamp - 1), to: String(timestamp + 1) })).json()) as { series: unknown[] };
    expect(result.series).toEqual([{ labels: { run: '1' }, points: [[timestamp, 7.25]] }]);
    expect((await ingest({ samples: [{ name: 'e2e_durable', value: 1, timestamp }] }, { key: ingestKey })).status).toBe(200);
  });
});

describe('sign-out', () => {
  it('ends the session at once, even right after it was used (and cached)', async () => {
    const cookie = await signIn();
    expect((await fetch(`${stack.apiUrl}/api/v1/auth/me`, { headers: { cookie } })).status).toBe(200);
    expect((await fetch(`${stack.apiUrl}/api/v1/auth/logout`, { method: 'POST', headers: { cookie } })).status).toBe(204);
    expect((await fetch(`${stack.apiUrl}/api/v1/auth/me`, { headers: { cookie } })).status).toBe(401);
  });
});

describe('API keys', () => {
  const keysUrl = (suffix = '') => `${stack.apiUrl}/api/v1/api-keys${suffix}?project=${stack.projectId}`;
  const names = (key: string) => fetch(`${stack.apiUrl}/api/v1/metrics/names`, { headers: { authorization: `Bearer ${key}` } });

  it('creates a read key shown once, lists it without its secret, and revokes it at once', async () => {
    const cookie = await signIn();
    const created = await fetch(keysUrl(), { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'grafana', scopes: ['read'] }) });
    expect(created.status).toBe(201);
    const { key, apiKey } = (await created.json()) as { key: string; apiKey: { id: string; prefix: string; scopes: string[]; revokedAt: string | null } };
    expect(key).toMatch(/^vgl_[A-Za-z0-9_-]{43}$/);
    expect(key.startsWith(apiKey.prefix)).toBe(true);
    expect(apiKey).toMatchObject({ scopes: ['read'], revokedAt: null });

    // The key reads, but may not ingest: scopes are enforced.
    expect((await names(key)).status).toBe(200);
    const refused = await ingest({ samples: [{ name: 'e2e_scoped', value: 1 }] }, { key });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/lacks the "ingest" scope/);

    const listing = await fetch(keysUrl(), { headers: { cookie } });
    const listed = await listing.text();
    expect(listing.status).toBe(200);
    expect(listed).toContain(apiKey.id);
    expect(listed).not.toContain(key);

    expect((await fetch(keysUrl(`/${apiKey.id}`), { method: 'DELETE', headers: { cookie } })).status).toBe(204);
    expect((await names(key)).status).toBe(401);
    expect((await fetch(keysUrl(`/${apiKey.id}`), { method: 'DELETE', headers: { cookie } })).status).toBe(404);
  });

  it('refuses keys without the admin scope and bodies that name no valid scope', async () => {
    expect((await fetch(keysUrl(), { headers: { authorization: `Bearer ${stack.ingestKey}` } })).status).toBe(403);
    const cookie = await signIn();
    const bad = await fetch(keysUrl(), { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'x', scopes: ['root'] }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { detail: string }).detail).toMatch(/scopes/);
    const unknown = await fetch(keysUrl('/not-a-uuid'), { method: 'DELETE', headers: { cookie } });
    expect(unknown.status).toBe(404);
  });
});

describe('project settings', () => {
  const settingsUrl = () => `${stack.apiUrl}/api/v1/project-settings?project=${stack.projectId}`;
  const patch = (cookie: string, body: unknown) => fetch(settingsUrl(), { method: 'PATCH', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const DAY = 86_400_000;

  it('shows the limits in force and lets an admin widen retention and the age limit for a backfill', async () => {
    const cookie = await signIn();
    const before = (await (await fetch(settingsUrl(), { headers: { cookie } })).json()) as { retentionDays: number; ingestLimits: Record<string, number>; overrides: Record<string, number> };
    expect(before).toMatchObject({ retentionDays: 30, overrides: {} });
    expect(before.ingestLimits.maxAgeMs).toBe(7 * DAY);
    const old = { samples: [{ name: 'e2e_backfill', value: 1, timestamp: Date.now() - 20 * DAY }] };
    const refused = await ingest(old, { key: stack.ingestKey });
    expect(refused.status, 'a sample older than the age limit').toBe(400);
    expect(JSON.stringify(await refused.json())).toContain('max_age');

    const changed = await patch(cookie, { retentionDays: 400, ingestLimits: { maxAgeMs: 37 * DAY } });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ retentionDays: 400, overrides: { maxAgeMs: 37 * DAY }, ingestLimits: { maxAgeMs: 37 * DAY } });
    expect(await (await ingest(old, { key: stack.ingestKey })).json()).toMatchObject({ accepted: 1, rejected: 0 });

    const restored = await patch(cookie, { retentionDays: 30, ingestLimits: { maxAgeMs: null } });
    expect(await restored.json()).toMatchObject({ retentionDays: 30, overrides: {}, ingestLimits: { maxAgeMs: 7 * DAY } });
  });

  it('refuses bad values naming them, and keys without the admin scope', async () => {
    const cookie = await signIn();
    for (const [body, field] of [
      [{ retentionDays: 0 }, 'retentionDays'],
      [{ ingestLimits: { labelsPerSeries: 2.5 } }, 'labelsPerSeries'],
      [{ ingestLimits: { noSuchLimit: 1 } }, 'noSuchLimit'],
      [{}, 'retentionDays or ingestLimits'],
    ] as const) {
      const response = await patch(cookie, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(await response.json())).toContain(field);
    }
    const byIngestKey = await fetch(settingsUrl(), { method: 'PATCH', headers: { authorization: `Bearer ${stack.ingestKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ retentionDays: 5 }) });
    expect(byIngestKey.status).toBe(403);
  });
});
