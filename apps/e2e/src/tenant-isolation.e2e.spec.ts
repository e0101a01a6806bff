import { addMember, type ApiAnswer, callApi, type Caller, startStack, type Stack } from '@vigil/testing';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Tenant isolation, table-driven over the OpenAPI document the API serves: every operation it
// lists (new ones included, without touching this file) is called by the members of every role
// of organization A (and one with a project role) and by A's API keys of every scope, naming
// organization B, B's project, A's other project (for keys, bound to one project) or B's
// resources under A's own name. Each must
// be refused (403, or 404 where the resource is not A's), no answer may carry B's data, and B's
// configuration must read the same afterwards. Every operation must also refuse an anonymous
// caller (401), unless PUBLIC lists it with the reason.

/** Operations anyone may call, and why. */
const PUBLIC: Record<string, string> = {
  'GET /healthz': 'liveness probe for load balancers and service managers',
  'GET /readyz': 'readiness probe; says which engine is down, nothing of any tenant',
  'POST /api/v1/auth/login': 'signing in: the credentials are in the body',
  'POST /api/v1/auth/logout': 'ends the session of the cookie sent, if any',
  'POST /api/v1/invites/lookup': "the invitation link's 256-bit token is the credential",
  'POST /api/v1/invites/accept': "the invitation link's 256-bit token is the credential",
  'GET /api/v1/push/{token}': "a push check's ping URL (docs/checks.md): its 256-bit token is the credential, rate-limited per token and address",
  'GET /api/v1/push/{token}/{signal}': "a push check's /start, /fail and /<exit status> pings: the token is the credential",
  'GET /api/v1/public/status-pages/{slug}': 'a public status page (docs/checks.md, Status pages): public names, states and notes only, rate-limited per address',
};

/**
 * Operations on the caller's own account rather than on a tenant, and why they are not called
 * naming another tenant (they name none): still refused anonymously, and those taking an id are
 * called with another organization's member's id.
 */
const OWN_ACCOUNT: Record<string, string> = {
  'GET /api/v1/auth/me': "the caller's own person and projects",
  'GET /api/v1/organizations': "the caller's own organizations",
  'POST /api/v1/organizations': 'creates an organization owned by the caller, in no other tenant',
  'POST /api/v1/account/password': "changes the caller's own password",
  'GET /api/v1/account/sessions': "the caller's own sessions",
  'DELETE /api/v1/account/sessions/{id}': "ends one of the caller's own sessions (called below with another person's session id)",
  'GET /api/v1/system/status': 'engine modes and heartbeats of the installation, no tenant data',
};

/** Answers that stream (Server-Sent Events): refused at once, but never read to the end when allowed. */
const STREAMING = new Set(['GET /api/v1/logs/tail']);

/** Fields that change without anyone writing (evaluations, key use): left out when comparing B before and after. */
const VOLATILE = new Set(['lastEvaluatedAt', 'lastUsedAt', 'lastSeenAt', 'status', 'activeNow', 'nextStart', 'state', 'heartbeats']);

/** Bodies good enough to reach a handler's lookup, for writes that name a resource; others get `{}`. */
const BODIES: Record<string, unknown> = {
  'PUT /api/v1/alert-rules/{id}': { name: 'x', kind: 'metric_threshold', spec: { query: { name: 'm' }, comparator: '>', critical: 1 } },
  'PATCH /api/v1/notification-channels/{id}': { name: 'x' },
  'POST /api/v1/notification-channels/{id}/rotate-secret': {},
  'PATCH /api/v1/silences/{id}': { endsAt: new Date(Date.now() + 3_600_000).toISOString() },
  'PUT /api/v1/maintenance-windows/{id}': { name: 'x', cron: '0 3 * * *', durationMinutes: 30, timezone: 'UTC' },
  'PATCH /api/v1/members/{user}': { role: 'viewer' },
  'PATCH /api/v1/projects/{project}': { name: 'x' },
  'DELETE /api/v1/projects/{project}': { confirm: 'BETA-ONLY project' },
  'PATCH /api/v1/organizations/{organization}': { name: 'x' },
  'PUT /api/v1/status-pages/{id}': { slug: 'stolen-page', title: 'x' },
  'POST /api/v1/status-pages/{id}/notes': { title: 'x' },
  'PUT /api/v1/status-pages/{id}/notes/{noteId}': { title: 'x' },
};

/** A request body of the media type the operation reads: raw routes take bytes, the others JSON. */
function bodyFor(key: string, operation: Operation): { body?: unknown; contentType?: string } {
  const types = Object.keys(operation.requestBody?.content ?? {});
  if (key === 'POST /api/v1/write') return { body: new Uint8Array(), contentType: 'application/x-protobuf' };
  if (types.length === 0 && !key.startsWith('POST ') && !key.startsWith('PUT ') && !key.startsWith('PATCH ') && !key.startsWith('DELETE ')) return {};
  return { body: BODIES[key] ?? {}, contentType: 'application/json' };
}

interface Operation {
  parameters?: { name: string; in: string }[];
  requestBody?: { content?: Record<string, unknown> };
}

let stack: Stack;
let operations: { method: string; path: string; operation: Operation; key: string }[];
const A = { organization: '', project: '', sibling: '' };
const B = { organization: '', project: '', ids: {} as Record<string, string> };
let owner: Caller;
const callers: { name: string; caller: Caller; kind: 'session' | 'key' }[] = [];

const api = (method: string, path: string, caller: Caller, body?: unknown, contentType?: string) => callApi(stack.apiUrl, method, path, caller, body, contentType);

async function ok(answer: Promise<ApiAnswer>): Promise<ApiAnswer> {
  const result = await answer;
  if (result.status >= 300) throw new Error(`setup call failed with ${result.status}: ${JSON.stringify(result.body)}`);
  return result;
}

beforeAll(async () => {
  stack = await startStack();
  owner = { cookie: (await callApi(stack.apiUrl, 'POST', '/api/v1/auth/login', undefined, stack.admin)).headers.get('set-cookie')?.split(';')[0] ?? '' };
  A.project = stack.projectId ?? '';
  A.organization = (await ok(api('GET', '/api/v1/organizations', owner))).body.organizations[0].id;
  A.sibling = (await ok(api('POST', `/api/v1/projects?organization=${A.organization}`, owner, { name: 'Sibling' }))).body.id;

  // Organization B, its project and one resource of every kind, all named BETA-ONLY.
  B.organization = (await ok(api('POST', '/api/v1/organizations', owner, { name: 'BETA-ONLY org' }))).body.id;
  B.project = (await ok(api('POST', `/api/v1/projects?organization=${B.organization}`, owner, { name: 'BETA-ONLY project' }))).body.id;
  const inB = `?project=${B.project}`;
  const channel = (await ok(api('POST', `/api/v1/notification-channels${inB}`, owner, { name: 'BETA-ONLY channel', kind: 'webhook', url: 'http://127.0.0.1:9/beta' }))).body.channel.id;
  await ok(api('POST', `/api/v1/notification-channels/${channel}/test${inB}`, owner));
  B.ids = {
    'alert-rules': (await ok(api('POST', `/api/v1/alert-rules${inB}`, owner, { name: 'BETA-ONLY rule', kind: 'metric_threshold', spec: { query: { name: 'beta_only' }, comparator: '>', critical: 1 } }))).body.id,
    'notification-channels': channel,
    'notification-policies': (await ok(api('POST', `/api/v1/notification-policies${inB}`, owner, { name: 'BETA-ONLY policy', channelIds: [channel] }))).body.id,
    silences: (await ok(api('POST', `/api/v1/silences${inB}`, owner, { matchers: [{ label: 'team', op: '=', value: 'beta' }], endsAt: new Date(Date.now() + 86_400_000).toISOString(), comment: 'BETA-ONLY silence' }))).body.id,
    'maintenance-windows': (await ok(api('POST', `/api/v1/maintenance-windows${inB}`, owner, { name: 'BETA-ONLY window', cron: '0 3 * * *', durationMinutes: 30, timezone: 'UTC' }))).body.id,
    'api-keys': (await ok(api('POST', `/api/v1/api-keys${inB}`, owner, { name: 'BETA-ONLY key', scopes: ['read'] }))).body.apiKey.id,
    deliveries: (await ok(api('GET', `/api/v1/deliveries${inB}`, owner))).body.deliveries[0].id,
    invites: (await ok(api('POST', `/api/v1/invites?organization=${B.organization}`, owner, { email: 'beta-invitee@example.com', role: 'viewer' }))).body.invite.id,
    projects: B.project,
    organizations: B.organization,
    services: 'checkout',
  };
  B.ids['status-pages'] = (await ok(api('POST', `/api/v1/status-pages${inB}`, owner, { slug: 'beta-only', title: 'BETA-ONLY status' }))).body.id;
  B.ids['notes'] = (await ok(api('POST', `/api/v1/status-pages/${B.ids['status-pages'] ?? ''}/notes${inB}`, owner, { title: 'BETA-ONLY note' }))).body.id;
  const betaMember = await addMember(stack.apiUrl, owner, B.organization, { email: 'beta-only@example.com', password: 'beta-only-password', role: 'editor' });
  B.ids['members'] = betaMember.userId;
  B.ids['sessions'] = (await ok(api('GET', '/api/v1/account/sessions', { cookie: betaMember.cookie }))).body.sessions[0].id;

  // Organization A's people of every role (in A only) and keys of every scope of A's first project.
  for (const role of ['owner', 'admin', 'editor', 'viewer']) {
    const member = await addMember(stack.apiUrl, owner, A.organization, { email: `${role}-a@example.com`, password: `${role}-password-of-a`, role });
    callers.push({ name: `${role} session`, caller: { cookie: member.cookie }, kind: 'session' });
  }
  // A viewer of the organization who is admin of one project: a project role reaches no further.
  const promoted = await addMember(stack.apiUrl, owner, A.organization, { email: 'project-admin-a@example.com', password: 'project-admin-password-of-a', role: 'viewer', projectRoles: [{ projectId: A.project, role: 'admin' }] });
  await ok(api('GET', `/api/v1/api-keys?project=${A.project}`, { cookie: promoted.cookie })); // the project role took effect
  callers.push({ name: 'project admin session', caller: { cookie: promoted.cookie }, kind: 'session' });
  for (const scopes of [['ingest'], ['read'], ['configure'], ['admin'], ['ingest', 'read', 'configure', 'admin']]) {
    const key = (await ok(api('POST', `/api/v1/api-keys?project=${A.project}`, owner, { name: `a-${scopes.join('-')}`, scopes }))).body.key;
    callers.push({ name: `${scopes.join('+')} key`, caller: { key }, kind: 'key' });
  }

  const document = (await ok(api('GET', '/api/docs/openapi.json', undefined))).body as { paths: Record<string, Record<string, Operation>> };
  operations = Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ method: method.toUpperCase(), path, operation, key: `${method.toUpperCase()} ${path}` })));
}, 240_000);

afterAll(async () => {
  await stack?.stop();
});

/** The tenant an operation names: a project, an organization, or none (the caller's own account). */
function tenantOf(operation: { path: string; operation: Operation }): 'project' | 'organization' | undefined {
  const names = new Set((operation.operation.parameters ?? []).map((parameter) => parameter.name));
  if (operation.path.includes('{project}') || names.has('project')) return 'project';
  if (operation.path.includes('{organization}') || names.has('organization')) return 'organization';
  return undefined;
}

/** The URL with path parameters filled (the tenant by `tenant`, the rest by B's resources) and the tenant in the query where it goes. */
function urlFor(operation: { path: string; operation: Operation }, tenant: { project: string; organization: string }): string {
  const segments = operation.path.split('/');
  const filled = segments.map((segment, index) => {
    const name = /^\{(.+)\}$/.exec(segment)?.[1];
    if (name === undefined) return segment;
    if (name === 'project') return tenant.project;
    if (name === 'organization') return tenant.organization;
    return encodeURIComponent(B.ids[segments[index - 1] ?? ''] ?? randomUUID());
  });
  const query = new URLSearchParams();
  for (const parameter of operation.operation.parameters ?? []) {
    if (parameter.in === 'query' && parameter.name === 'project') query.set('project', tenant.project);
    if (parameter.in === 'query' && parameter.name === 'organization') query.set('organization', tenant.organization);
  }
  return query.size > 0 ? `${filled.join('/')}?${query.toString()}` : filled.join('/');
}

/** B's configuration as B's owner reads it through every list operation, volatile fields left out. */
async function betaState(): Promise<Record<string, unknown>> {
  const state: Record<string, unknown> = {};
  const strip = (value: unknown): unknown =>
    Array.isArray(value) ? value.map(strip) : value !== null && typeof value === 'object' ? Object.fromEntries(Object.entries(value).filter(([key]) => !VOLATILE.has(key)).map(([key, item]) => [key, strip(item)])) : value;
  for (const operation of operations) {
    if (operation.method !== 'GET' || operation.path.includes('{') || STREAMING.has(operation.key) || PUBLIC[operation.key] || OWN_ACCOUNT[operation.key]) continue;
    if (tenantOf(operation) === undefined) continue;
    const answer = await api('GET', urlFor(operation, { project: B.project, organization: B.organization }), owner);
    // Audit trails grow with setup reads' neighbours; B's trail must only not grow because of A (checked by status and content below).
    if (!operation.path.includes('audit-log')) state[operation.key] = { status: answer.status, body: strip(answer.body) };
  }
  return state;
}

describe('tenant isolation over the OpenAPI document', () => {
  it('covers the routes it knows of, and new ones by default', () => {
    const keys = operations.map((operation) => operation.key);
    const known = [
      'GET /api/v1/alert-rules',
      'PUT /api/v1/alert-rules/{id}',
      'PATCH /api/v1/notification-channels/{id}',
      'POST /api/v1/notification-channels/{id}/rotate-secret',
      'DELETE /api/v1/notification-policies/{id}',
      'PATCH /api/v1/silences/{id}',
      'PUT /api/v1/maintenance-windows/{id}',
      'POST /api/v1/deliveries/{id}/redeliver',
      'DELETE /api/v1/projects/{project}',
      'PATCH /api/v1/members/{user}',
      'GET /api/v1/audit-log',
      'POST /v1/metrics',
    ];
    for (const route of known) expect(keys).toContain(route);
    for (const listed of [...Object.keys(PUBLIC), ...Object.keys(OWN_ACCOUNT)]) expect(keys, `${listed} is listed but no longer in the API`).toContain(listed);
  });

  it('refuses anonymous callers on every route but the public ones', async () => {
    const failures: string[] = [];
    for (const operation of operations) {
      if (PUBLIC[operation.key]) continue;
      const { body, contentType } = bodyFor(operation.key, operation.operation);
      const answer = await api(operation.method, urlFor(operation, { project: A.project, organization: A.organization }), undefined, body, contentType);
      if (answer.status !== 401) failures.push(`${operation.key} → ${answer.status}`);
    }
    expect(failures).toEqual([]);
  });

  it('refuses every role and every key of A on B (and keys on A’s other project), leaks nothing and changes nothing of B', async () => {
    const before = await betaState();
    const failures: string[] = [];
    let attempts = 0;
    const attempted = new Set<string>();
    for (const { name, caller, kind } of callers) {
      for (const operation of operations) {
        if (PUBLIC[operation.key] || (OWN_ACCOUNT[operation.key] && !operation.path.includes('{'))) continue;
        const tenant = tenantOf(operation);
        const attemptsOf: { what: string; url: string; allowed: number[] }[] = [];
        if (tenant !== undefined) {
          attemptsOf.push({ what: 'naming B', url: urlFor(operation, { project: B.project, organization: B.organization }), allowed: [403] });
          if (tenant === 'project' && kind === 'key') attemptsOf.push({ what: "naming A's other project", url: urlFor(operation, { project: A.sibling, organization: A.organization }), allowed: [403] });
        }
        // B's resources under A's own name: not found (or refused, where the role lacks the scope,
        // or a body the handler checks before looking the resource up).
        const tenantParam = operation.path.includes('{project}') || operation.path.includes('{organization}');
        if (operation.path.includes('{') && !tenantParam) attemptsOf.push({ what: "B's resource under A", url: urlFor(operation, { project: A.project, organization: A.organization }), allowed: [400, 403, 404] });
        for (const attempt of attemptsOf) {
          if (STREAMING.has(operation.key) && attempt.allowed.length > 1) continue;
          const { body, contentType } = bodyFor(operation.key, operation.operation);
          const answer = await api(operation.method, attempt.url, caller, body, contentType);
          attempts += 1;
          attempted.add(operation.key);
          // A problem's `instance` repeats the URL asked for, ids the caller sent included; the rest must hold nothing of B.
          const text = JSON.stringify(answer.body !== null && typeof answer.body === 'object' ? { ...answer.body, instance: undefined } : answer.body);
          if (!attempt.allowed.includes(answer.status)) failures.push(`${name}: ${operation.method} ${attempt.url} (${attempt.what}) → ${answer.status} ${text.slice(0, 160)}`);
          if (text.includes('BETA-ONLY') || text.includes(B.ids['members'] ?? '-')) failures.push(`${name}: ${operation.method} ${attempt.url} (${attempt.what}) answered B's data`);
        }
      }
    }
    expect(failures).toEqual([]);
    // Every operation but the public ones and those on one's own account was tried across tenants.
    expect(operations.filter((operation) => !PUBLIC[operation.key] && !(OWN_ACCOUNT[operation.key] && !operation.path.includes('{')) && !attempted.has(operation.key)).map((operation) => operation.key)).toEqual([]);
    expect(attempts).toBeGreaterThan(callers.length * 60);
    expect(await betaState()).toEqual(before);
  });

  it('keeps B’s audit trail free of A’s attempts', async () => {
    const trail = await ok(api('GET', `/api/v1/organization-audit-log?organization=${B.organization}&limit=500`, owner));
    const actors = new Set((trail.body.records as { actor: { label: string } }[]).map((record) => record.actor.label));
    expect([...actors].filter((label) => label.endsWith('-a@example.com') || label.includes('"a-'))).toEqual([]);
  });
});
