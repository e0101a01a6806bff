import { openConfigStore } from '@vigil/config-store';
import { checkRequestSchema } from '@vigil/contracts';
import { startStack, type Stack } from '@vigil/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Check SLIs through the API of the built standalone (docs/slo.md, Check SLIs): an SLO on one of
// the project's checks is stored, previewed and exported; a check of another project, or none, is
// a 400 naming sli.checkId; a check an SLO reads cannot be deleted. The recording arithmetic is
// matched by hand in libs/slo-engine/src/slo-check-sli.int.spec.ts.

let stack: Stack;
let cookie: string;
let otherCheckId: string;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- API answers read field by field in assertions
type Answer = { status: number; json: any };

async function call(method: string, path: string, body?: unknown): Promise<Answer> {
  const url = `${stack.apiUrl}${path}${path.includes('?') ? '&' : '?'}project=${stack.projectId ?? ''}`;
  const headers: Record<string, string> = { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) };
  const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, json: text === '' ? null : text.startsWith('{') ? JSON.parse(text) : text };
}

const uptimeSlo = (checkId: string) => ({ name: `web minutes up ${checkId.slice(0, 8)}`, sli: { kind: 'check_uptime', checkId }, objective: 99.9, window: { kind: 'rolling', days: 30 } });

beforeAll(async () => {
  stack = await startStack();
  const login = await fetch(`${stack.apiUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(stack.admin) });
  cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  // Another project and its check, straight into Postgres (no API makes a second project for this admin).
  const store = await openConfigStore(await stack.databaseUrl(), { migrate: false });
  try {
    const organization = await store.organizations.create({ name: 'Other' });
    const other = await store.projects.create({ organizationId: organization.id, name: 'Other', slug: 'other' });
    otherCheckId = (await store.checks.create(other.id, checkRequestSchema.parse({ name: 'theirs', kind: 'push', spec: {} }), new Date())).id;
  } finally {
    await store.close();
  }
}, 240_000);

afterAll(async () => {
  await stack?.stop();
});

describe('check SLIs', () => {
  it('stores an SLO on one of the project’s checks, previews it, exports it, and keeps the check from deletion', async () => {
    const check = (await call('POST', '/api/v1/checks', { name: 'web', kind: 'push', spec: { periodSeconds: 3600 } })).json.check;
    const created = await call('POST', '/api/v1/slos', uptimeSlo(check.id));
    expect(created.status).toBe(201);
    expect(created.json.sli).toEqual({ kind: 'check_uptime', checkId: check.id, degraded: 'good' });
    // Five rules: the workbook's four pairs and the budget; the page pair's floor capped at its 5 minutes.
    expect(created.json.alerting.burnRates.map((pair: { minEvents: number }) => pair.minEvents)).toEqual([5, 10, 10, 10]);
    // The check is shown by name (as it is now) in the answer, the list and the detail.
    expect(created.json.check).toEqual({ id: check.id, name: 'web' });
    expect((await call('PUT', `/api/v1/checks/${check.id}`, { name: 'web (renamed)', kind: 'push', spec: { periodSeconds: 3600 } })).status).toBe(200);
    const listed = (await call('GET', '/api/v1/slos')).json.slos.find((slo: { id: string }) => slo.id === created.json.id);
    expect(listed.check).toEqual({ id: check.id, name: 'web (renamed)' });
    expect(listed.alerting).toBeUndefined();
    expect((await call('GET', `/api/v1/slos/${created.json.id}`)).json.slo.check).toEqual({ id: check.id, name: 'web (renamed)' });

    const preview = await call('POST', '/api/v1/slos/preview', { sli: { kind: 'check_probes', checkId: check.id }, from: Date.now() - 3_600_000, to: Date.now() });
    expect(preview.status).toBe(200);
    expect(preview.json).toMatchObject({ good: 0, valid: 0, sli: null });

    const exported = await call('GET', `/api/v1/slos/${created.json.id}/openslo`);
    expect(exported.status).toBe(200);
    expect(String(exported.json)).toContain('type: VigilCheck');

    const refused = await call('DELETE', `/api/v1/checks/${check.id}`);
    expect(refused.status).toBe(409);
    expect(refused.json.detail).toContain(`"${uptimeSlo(check.id).name}"`);
    expect((await call('DELETE', `/api/v1/slos/${created.json.id}`)).status).toBe(204);
    expect((await call('DELETE', `/api/v1/checks/${check.id}`)).status).toBe(204);
  });

  it.each([
    ['another project’s check', () => otherCheckId],
    ['no check at all', () => '00000000-0000-4000-8000-000000000000'],
  ])('refuses %s with a 400 naming sli.checkId, on create and preview', async (_what, checkId) => {
    const created = await call('POST', '/api/v1/slos', uptimeSlo(checkId()));
    expect(created.status).toBe(400);
    expect(created.json.errors).toEqual([{ path: 'sli.checkId', message: `this project has no check ${checkId()}` }]);
    const preview = await call('POST', '/api/v1/slos/preview', { sli: { kind: 'check_probes', checkId: checkId() }, from: Date.now() - 3_600_000, to: Date.now() });
    expect(preview.status).toBe(400);
    expect(preview.json.errors[0].path).toBe('sli.checkId');
  });
});
