import { generateApiKey } from '@vigil/auth';
import { openConfigStore } from '@vigil/config-store';
import { type ApiAnswer, callApi, type Caller, signIn, startStack, type Stack } from '@vigil/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Public status pages end to end on the built standalone and dashboard: the configuration API
// (CRUD, refusals naming the field, tenant isolation), then the public answer — read without a
// session, it carries the page's own names and nothing internal (no check ids, targets, hosts,
// error texts unless chosen), and no answer of the dashboard's /api proxy names the API's
// internal address in a header.

let stack: Stack;
let owner: Caller;
let other: Caller;
let reader: Caller;
let otherCheckId: string;
/** Checks with internal names and an internal target, and their ids. */
const seeded = { api: '', db: '', admin: '' };
/** What the public must never read. */
const FAILURE = 'connect ECONNREFUSED 10.20.30.40:5432 (db-primary.internal)';
const ADMIN_URL = 'http://127.0.0.1:9/internal-admin?token=s3cret';

const call = (method: string, path: string, caller: Caller = owner, body?: unknown): Promise<ApiAnswer> => {
  const project = caller === owner ? `${path.includes('?') ? '&' : '?'}project=${stack.projectId ?? ''}` : '';
  return callApi(stack.apiUrl, method, `${path}${project}`, caller, body);
};

async function pushCheck(name: string): Promise<{ id: string; ping(suffix: string, init?: RequestInit): Promise<Response> }> {
  const created = await call('POST', '/api/v1/checks', owner, { name, kind: 'push', spec: { periodSeconds: 3_600, graceSeconds: 600 } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const path = new URL(created.body.pushUrl as string).pathname;
  return { id: created.body.check.id, ping: (suffix, init) => fetch(`${stack.apiUrl}${path}${suffix}`, init) };
}

const page = (overrides: Record<string, unknown> = {}) => ({
  slug: 'acme',
  title: 'Acme status',
  description: 'Our services',
  components: [
    { checkId: seeded.api, name: 'API', group: 'Core' },
    { checkId: seeded.db, name: 'Database', group: 'Core' },
    { checkId: seeded.admin, name: 'Admin' },
  ],
  ...overrides,
});

beforeAll(async () => {
  stack = await startStack({ dashboard: true });
  owner = await signIn(stack.apiUrl, stack.admin.email, stack.admin.password);
  // A second project with its own key and check, and a read-only key of this one, straight into Postgres.
  const store = await openConfigStore(await stack.databaseUrl(), { migrate: false });
  try {
    const organization = await store.organizations.create({ name: 'Other' });
    const project = await store.projects.create({ organizationId: organization.id, name: 'Other', slug: 'other' });
    const key = generateApiKey();
    await store.apiKeys.create({ projectId: project.id, name: 'other', prefix: key.prefix, hash: key.hash, scopes: ['read', 'configure'] });
    other = { key: key.key };
    const read = generateApiKey();
    await store.apiKeys.create({ projectId: stack.projectId ?? '', name: 'reader', prefix: read.prefix, hash: read.hash, scopes: ['read'] });
    reader = { key: read.key };
  } finally {
    await store.close();
  }
  otherCheckId = (await call('POST', '/api/v1/checks', other, { name: 'theirs', kind: 'push', spec: {} })).body.check.id;

  // "api" is up; "db" was up, then failed with a message naming an internal host (a down result
  // and an open incident); "admin" is a paused HTTP check whose URL is internal.
  const api = await pushCheck('api-heartbeat-job');
  expect((await api.ping('')).status).toBe(200);
  const db = await pushCheck('db-backup-job');
  expect((await db.ping('')).status).toBe(200);
  expect((await db.ping('/fail', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: FAILURE })).status).toBe(200);
  const admin = await call('POST', '/api/v1/checks', owner, { name: 'admin-console-internal', kind: 'http', enabled: false, spec: { url: ADMIN_URL } });
  expect(admin.status, JSON.stringify(admin.body)).toBe(201);
  Object.assign(seeded, { api: api.id, db: db.id, admin: admin.body.check.id });
  expect((await call('GET', `/api/v1/checks/${seeded.db}`)).body.state.status).toBe('down');
}, 240_000);

afterAll(async () => {
  await stack?.stop();
});

describe('status page configuration', () => {
  it('creates, reads, replaces and deletes a page and its notes; every write is in the audit trail', async () => {
    // A 404 is not cached: the page shows as soon as it is made.
    expect((await callApi(stack.apiUrl, 'GET', '/api/v1/public/status-pages/scratch', undefined)).status).toBe(404);
    const created = await call('POST', '/api/v1/status-pages', owner, page({ slug: 'scratch' }));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      slug: 'scratch',
      title: 'Acme status',
      description: 'Our services',
      showCauses: false,
      notes: [],
      components: [
        { checkId: seeded.api, name: 'API', group: 'Core' },
        { checkId: seeded.db, name: 'Database', group: 'Core' },
        { checkId: seeded.admin, name: 'Admin', group: '' },
      ],
    });
    const id = created.body.id as string;
    expect((await callApi(stack.apiUrl, 'GET', '/api/v1/public/status-pages/scratch', undefined)).body.title).toBe('Acme status');
    expect((await call('GET', '/api/v1/status-pages')).body.statusPages.map((one: { id: string }) => one.id)).toEqual([id]);

    const replaced = await call('PUT', `/api/v1/status-pages/${id}`, owner, page({ slug: 'scratch-2', title: 'Renamed', components: [{ checkId: seeded.db, name: 'DB' }], showCauses: true }));
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
    expect(replaced.body).toMatchObject({ slug: 'scratch-2', title: 'Renamed', showCauses: true, components: [{ checkId: seeded.db, name: 'DB', group: '' }] });
    // The cached answer of the old address is dropped with the change.
    expect((await callApi(stack.apiUrl, 'GET', '/api/v1/public/status-pages/scratch', undefined)).status).toBe(404);

    const note = await call('POST', `/api/v1/status-pages/${id}/notes`, owner, { title: 'Maintenance', body: 'Database upgrade', severity: 'maintenance', startsAt: '2026-12-01T10:00:00Z', endsAt: '2026-12-01T11:00:00Z' });
    expect(note.status, JSON.stringify(note.body)).toBe(201);
    expect(note.body).toMatchObject({ title: 'Maintenance', body: 'Database upgrade', severity: 'maintenance', startsAt: '2026-12-01T10:00:00.000Z', endsAt: '2026-12-01T11:00:00.000Z' });
    // Without startsAt an edit keeps the note's time.
    const edited = await call('PUT', `/api/v1/status-pages/${id}/notes/${note.body.id}`, owner, { title: 'Maintenance done', endsAt: '2026-12-01T10:30:00Z' });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body).toMatchObject({ title: 'Maintenance done', body: '', severity: null, startsAt: '2026-12-01T10:00:00.000Z', endsAt: '2026-12-01T10:30:00.000Z' });
    expect((await call('GET', `/api/v1/status-pages/${id}/notes`)).body.notes).toHaveLength(1);
    expect((await call('GET', `/api/v1/status-pages/${id}`)).body.notes[0].title).toBe('Maintenance done');
    expect((await call('DELETE', `/api/v1/status-pages/${id}/notes/${note.body.id}`)).status).toBe(204);
    expect((await call('GET', `/api/v1/status-pages/${id}/notes`)).body.notes).toEqual([]);

    expect((await callApi(stack.apiUrl, 'GET', '/api/v1/public/status-pages/scratch-2', undefined)).status).toBe(200);
    expect((await call('DELETE', `/api/v1/status-pages/${id}`)).status).toBe(204);
    expect((await call('GET', `/api/v1/status-pages/${id}`)).status).toBe(404);
    expect((await callApi(stack.apiUrl, 'GET', '/api/v1/public/status-pages/scratch-2', undefined)).status).toBe(404);

    const audit = await call('GET', '/api/v1/audit-log?limit=100');
    const routes = (audit.body.records as { method: string; route: string }[]).filter((record) => record.route.startsWith('/api/v1/status-pages')).map((record) => `${record.method} ${record.route}`);
    expect(routes).toEqual(
      expect.arrayContaining([
        'POST /api/v1/status-pages',
        'PUT /api/v1/status-pages/:id',
        'POST /api/v1/status-pages/:id/notes',
        'PUT /api/v1/status-pages/:id/notes/:noteId',
        'DELETE /api/v1/status-pages/:id/notes/:noteId',
        'DELETE /api/v1/status-pages/:id',
      ]),
    );
  });

  it.each([
    ['a slug with capitals', { slug: 'Acme' }, 'slug'],
    ['a slug of two characters', { slug: 'ab' }, 'slug'],
    ['a slug ending in -', { slug: 'acme-' }, 'slug'],
    ['an empty title', { title: ' ' }, 'title'],
    ['an unknown field', { colour: 'red' }, 'colour'],
    ['a check chosen twice', { components: [{ checkId: '00000000-0000-4000-8000-000000000001', name: 'a' }, { checkId: '00000000-0000-4000-8000-000000000001', name: 'b' }] }, 'components[1].checkId'],
    ['a component without a name', { components: [{ checkId: '00000000-0000-4000-8000-000000000001', name: '' }] }, 'components[0].name'],
    ['a check id that is no uuid', { components: [{ checkId: 'db', name: 'DB' }] }, 'components[0].checkId'],
  ])('refuses %s with a 400 naming the field', async (_what, overrides, path) => {
    const answer = await call('POST', '/api/v1/status-pages', owner, page({ slug: 'refused', ...overrides }));
    expect(answer.status, JSON.stringify(answer.body)).toBe(400);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(answer.body.errors.map((error: { path: string }) => error.path)).toContain(path);
  });

  it('refuses checks that are not the project own, a taken slug, and a note that ends before it starts', async () => {
    const unknown = await call('POST', '/api/v1/status-pages', owner, page({ components: [{ checkId: seeded.api, name: 'API' }, { checkId: '00000000-0000-4000-8000-000000000009', name: 'Ghost' }] }));
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([{ path: 'components[1].checkId', message: 'is not a check of this project' }]);
    const foreign = await call('POST', '/api/v1/status-pages', owner, page({ components: [{ checkId: otherCheckId, name: 'Theirs' }] }));
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors).toEqual([{ path: 'components[0].checkId', message: 'is not a check of this project' }]);

    const theirs = await call('POST', '/api/v1/status-pages', other, { slug: 'taken', title: 'Theirs' });
    expect(theirs.status, JSON.stringify(theirs.body)).toBe(201);
    const taken = await call('POST', '/api/v1/status-pages', owner, page({ slug: 'taken' }));
    expect(taken.status).toBe(409);
    expect(taken.body.errors).toEqual([{ path: 'slug', message: 'is taken' }]);
    expect(taken.body.detail).toContain('/status/taken');

    const mine = await call('POST', '/api/v1/status-pages', owner, page({ slug: 'notes-refused', components: [] }));
    const backwards = await call('POST', `/api/v1/status-pages/${mine.body.id}/notes`, owner, { title: 'x', startsAt: '2026-12-02T00:00:00Z', endsAt: '2026-12-01T00:00:00Z' });
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors[0].path).toBe('endsAt');
    expect((await call('POST', `/api/v1/status-pages/${mine.body.id}/notes`, owner, { title: 'x', severity: 'apocalypse' })).body.errors[0].path).toBe('severity');
    expect((await call('DELETE', `/api/v1/status-pages/${mine.body.id}`)).status).toBe(204);
  });

  it("keeps each project's pages to itself", async () => {
    const mine = await call('POST', '/api/v1/status-pages', owner, page({ slug: 'private-config', components: [{ checkId: seeded.api, name: 'API' }] }));
    const id = mine.body.id as string;
    expect((await call('GET', '/api/v1/status-pages', other)).body.statusPages.map((one: { slug: string }) => one.slug)).toEqual(['taken']);
    expect((await call('GET', `/api/v1/status-pages/${id}`, other)).status).toBe(404);
    expect((await call('PUT', `/api/v1/status-pages/${id}`, other, { slug: 'stolen', title: 'Stolen' })).status).toBe(404);
    expect((await call('POST', `/api/v1/status-pages/${id}/notes`, other, { title: 'Defaced' })).status).toBe(404);
    expect((await call('DELETE', `/api/v1/status-pages/${id}`, other)).status).toBe(404);
    expect((await call('GET', '/api/v1/status-pages/not-a-uuid')).status).toBe(404);
    // Read with `read`, written with `configure`; nobody without a key or session.
    expect((await call('GET', `/api/v1/status-pages/${id}`, reader)).status).toBe(200);
    expect((await call('PUT', `/api/v1/status-pages/${id}`, reader, { slug: 'x-read', title: 'x' })).status).toBe(403);
    expect((await callApi(stack.apiUrl, 'GET', '/api/v1/status-pages', undefined)).status).toBe(401);
    expect((await call('GET', `/api/v1/status-pages/${id}`)).body.title).toBe('Acme status');
    expect((await call('DELETE', `/api/v1/status-pages/${id}`)).status).toBe(204);
  });
});

describe('the public status page', () => {
  let pageId: string;
  let publicAnswer: ApiAnswer;

  beforeAll(async () => {
    const created = await call('POST', '/api/v1/status-pages', owner, page());
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    pageId = created.body.id;
    await call('POST', `/api/v1/status-pages/${pageId}/notes`, owner, { title: 'Database failover drill', body: 'Tonight 22:00 UTC', severity: 'maintenance' });
    await call('POST', `/api/v1/status-pages/${pageId}/notes`, owner, { title: 'Old news', startsAt: '2026-01-01T00:00:00Z', endsAt: '2026-01-02T00:00:00Z' });
    publicAnswer = await callApi(stack.apiUrl, 'GET', '/api/v1/public/status-pages/acme', undefined);
  });

  it('shows the chosen checks under their public names with their state, 90 daily bars, the open incident and the live notes', () => {
    expect(publicAnswer.status, JSON.stringify(publicAnswer.body)).toBe(200);
    const body = publicAnswer.body;
    expect(body).toMatchObject({ title: 'Acme status', description: 'Our services', status: 'partial_outage' });
    expect(body.components.map((one: { name: string; group: string; status: string }) => [one.name, one.group, one.status])).toEqual([
      ['API', 'Core', 'up'],
      ['Database', 'Core', 'down'],
      ['Admin', '', 'unknown'],
    ]);
    const today = new Date().toISOString().slice(0, 10);
    for (const component of body.components) {
      expect(component.days).toHaveLength(90);
      expect(component.days[89].date).toBe(today);
      expect(component.days[0].uptime).toBeNull();
    }
    // Today's results: api one up; db one up and one down; admin none.
    expect(body.components[0].days[89]).toEqual({ date: today, uptime: 100, degraded: 0 });
    expect(body.components[1].days[89]).toEqual({ date: today, uptime: 50, degraded: 0 });
    expect(body.components[1].uptime).toBe(50);
    expect(body.components[2].days[89]).toEqual({ date: today, uptime: null, degraded: null });
    expect(body.incidents.open).toEqual([{ component: 'Database', severity: 'down', startedAt: expect.any(String), endedAt: null, durationMs: null }]);
    expect(body.incidents.recent).toEqual([]);
    expect(body.notes).toEqual([{ title: 'Database failover drill', body: 'Tonight 22:00 UTC', severity: 'maintenance', startsAt: expect.any(String), endsAt: null }]);
  });

  it('leaks nothing internal: no ids, check names, targets, hosts or error texts; cacheable; no session needed', () => {
    const text = JSON.stringify(publicAnswer.body);
    for (const secret of [seeded.api, seeded.db, seeded.admin, pageId, stack.projectId ?? 'no project', 'api-heartbeat-job', 'db-backup-job', 'admin-console-internal', '127.0.0.1', 'internal-admin', 's3cret', '10.20.30.40', 'db-primary', 'ECONNREFUSED', 'vpt_', 'checkId']) {
      expect(text).not.toContain(secret);
    }
    expect(publicAnswer.headers.get('cache-control')).toBe('public, max-age=30');
    expect(publicAnswer.headers.get('set-cookie')).toBeNull();
    const apiPort = new URL(stack.apiUrl).port;
    for (const [name, value] of publicAnswer.headers) expect(`${name}: ${value}`).not.toMatch(new RegExp(`127\\.0\\.0\\.1|:${apiPort}\\b`));
  });

  it('shows incident causes only on a page that chose to', async () => {
    const shown = await call('PUT', `/api/v1/status-pages/${pageId}`, owner, page({ showCauses: true }));
    expect(shown.status).toBe(200);
    const answer = await callApi(stack.apiUrl, 'GET', '/api/v1/public/status-pages/acme', undefined);
    expect(answer.body.incidents.open[0].cause).toContain('ECONNREFUSED 10.20.30.40:5432');
    await call('PUT', `/api/v1/status-pages/${pageId}`, owner, page());
    expect(JSON.stringify((await callApi(stack.apiUrl, 'GET', '/api/v1/public/status-pages/acme', undefined)).body)).not.toContain('ECONNREFUSED');
  });

  it('answers an unknown or malformed address with a 404 that says nothing more', async () => {
    for (const slug of ['nobody-here', 'NOT-A-SLUG', 'a']) {
      const answer = await callApi(stack.apiUrl, 'GET', `/api/v1/public/status-pages/${slug}`, undefined);
      expect(answer.status).toBe(404);
      expect(answer.body.detail).toBe('There is no status page at this address.');
    }
  });

  it('through the dashboard: the page and its API answer signed out, and no /api answer names the internal API address', async () => {
    const apiPort = new URL(stack.apiUrl).port;
    const viaDashboard = await fetch(`${stack.dashboardUrl}/api/v1/public/status-pages/acme`);
    expect(viaDashboard.status).toBe(200);
    expect(((await viaDashboard.json()) as { title: string }).title).toBe('Acme status');
    const cookie = 'cookie' in (owner ?? {}) ? (owner as { cookie: string }).cookie : '';
    const answers = [
      viaDashboard,
      await fetch(`${stack.dashboardUrl}/api/v1/public/status-pages/nobody-here`),
      await fetch(`${stack.dashboardUrl}/api/v1/auth/me`),
      await fetch(`${stack.dashboardUrl}/api/v1/status-pages?project=${stack.projectId ?? ''}`, { headers: { cookie } }),
      await fetch(`${stack.dashboardUrl}/api/v1/checks?project=${stack.projectId ?? ''}`, { headers: { cookie } }),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([200, 404, 401, 200, 200]);
    for (const answer of answers) {
      expect(answer.headers.get('x-middleware-rewrite')).toBeNull();
      for (const [name, value] of answer.headers) expect(`${name}: ${value}`).not.toMatch(new RegExp(`127\\.0\\.0\\.1|:${apiPort}\\b|x-middleware`));
    }
    // The page itself needs no session: no redirect to /login.
    const publicPage = await fetch(`${stack.dashboardUrl}/status/acme`, { redirect: 'manual' });
    expect(publicPage.status).toBe(200);
    const privatePage = await fetch(`${stack.dashboardUrl}/settings/status-page`, { redirect: 'manual' });
    expect(privatePage.status).toBe(307);
  });

  it('limits reads per client address (429 with Retry-After)', async () => {
    let last = 0;
    let retryAfter: string | null = null;
    for (let attempt = 0; attempt < 320 && last !== 429; attempt++) {
      const response = await fetch(`${stack.apiUrl}/api/v1/public/status-pages/acme`);
      last = response.status;
      retryAfter = response.headers.get('retry-after');
      await response.arrayBuffer();
    }
    expect(last).toBe(429);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });
});
