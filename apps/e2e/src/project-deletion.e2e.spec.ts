import { addMember, type ApiAnswer, callApi, type Caller, postIngestJson, signIn, startStack, type Stack } from '@vigil/testing';
import { compile, createTelemetryStore, param, ProjectTelemetryRemover, sql } from '@vigil/telemetry-store';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Deleting a project through the real API of the built standalone: typed confirmation, who may,
// gone for everyone at once (its keys refused on ingest), its telemetry, keys and configuration
// removed — and finished after a kill -9 right after the deletion was accepted. The telemetry
// check opens the stopped stack's ClickHouse files in this process and counts the project's rows
// in every table that has a project id.

const PASSWORD = 'deletion-admin-password';
const dataDir = mkdtempSync(join(tmpdir(), 'vigil-deletion-'));
let stack: Stack;
let owner: Caller;
let organization = '';
const deleted: string[] = [];

const api = (method: string, path: string, caller: Caller, body?: unknown) => callApi(stack.apiUrl, method, path, caller, body);

async function ok(answer: Promise<ApiAnswer>, status?: number): Promise<ApiAnswer> {
  const result = await answer;
  if (status !== undefined ? result.status !== status : result.status >= 300) throw new Error(`expected ${status ?? '2xx'}, got ${result.status}: ${JSON.stringify(result.body)}`);
  return result;
}

async function start(): Promise<void> {
  stack = await startStack({ dataDir, env: { VIGIL_ADMIN_PASSWORD: PASSWORD } });
  owner = await signIn(stack.apiUrl, stack.admin.email, PASSWORD);
  organization = (await ok(api('GET', '/api/v1/organizations', owner))).body.organizations[0].id;
}

/** A project with telemetry (metrics and logs through its own ingest key) and configuration. */
async function projectWithData(name: string): Promise<{ id: string; key: string }> {
  const id = (await ok(api('POST', `/api/v1/projects?organization=${organization}`, owner, { name }), 201)).body.id;
  const key = (await ok(api('POST', `/api/v1/api-keys?project=${id}`, owner, { name: 'ingest', scopes: ['ingest'] }), 201)).body.key;
  const ingest = { apiUrl: stack.apiUrl, ingestKey: key };
  expect((await postIngestJson(ingest, '/api/v1/ingest/metrics', { samples: [{ name: 'doomed_total', labels: { service: 'api' }, value: 1 }, { name: 'doomed_total', labels: { service: 'api' }, value: 2, timestamp: Date.now() + 1 }] })).status).toBe(200);
  expect((await postIngestJson(ingest, '/api/v1/ingest/logs', [{ service: 'api', severity: 'error', message: 'doomed' }])).status).toBe(200);
  const rule = (await ok(api('POST', `/api/v1/alert-rules?project=${id}`, owner, { name: 'doomed rule', kind: 'metric_threshold', spec: { query: { name: 'doomed_total' }, comparator: '>', critical: 1 } }), 201)).body.id;
  // A new rule is evaluated at once; waiting for it leaves no evaluation under way when the project is
  // deleted (one would write its alert event after the first pass, for the sweep a minute later).
  await expect.poll(async () => (await ok(api('GET', `/api/v1/alert-rules/${rule}?project=${id}`, owner))).body.lastEvaluatedAt, { timeout: 60_000, interval: 200 }).not.toBeNull();
  await ok(api('POST', `/api/v1/notification-channels?project=${id}`, owner, { name: 'doomed channel', kind: 'webhook', url: 'http://127.0.0.1:9/doomed' }), 201);
  return { id, key };
}

async function untilDeleted(id: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const listed = (await ok(api('GET', `/api/v1/projects?organization=${organization}`, owner))).body as { projects: { id: string }[]; deleting: { id: string }[] };
    expect(listed.projects.map((project) => project.id)).not.toContain(id);
    if (!listed.deleting.some((project) => project.id === id)) return;
    if (Date.now() > deadline) throw new Error(`project ${id} was still being deleted after 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

beforeAll(async () => {
  await start();
});

afterAll(async () => {
  await stack?.stop({ keepData: true });
  await rm(dataDir, { recursive: true, force: true });
});

describe('deleting a project', () => {
  it('takes the name typed, and an owner or admin of the organization signed in', async () => {
    const { id } = await projectWithData('Guarded');
    const editor = await addMember(stack.apiUrl, owner, organization, { email: 'editor@example.com', password: 'editor-password-1', role: 'editor', projectRoles: [{ projectId: id, role: 'admin' }] });
    const adminKey = (await ok(api('POST', `/api/v1/api-keys?project=${id}`, owner, { name: 'admin', scopes: ['admin'] }), 201)).body.key;
    for (const caller of [{ cookie: editor.cookie }, { key: adminKey }]) {
      const refused = await api('DELETE', `/api/v1/projects/${id}`, caller, { confirm: 'Guarded' });
      expect(refused.status).toBe(403);
      expect(refused.body.detail).toBe('Deleting a project takes an owner or admin of its organization, signed in.');
    }
    // The project admin (a project role) may rename it, though.
    await ok(api('PATCH', `/api/v1/projects/${id}`, { cookie: editor.cookie }, { name: 'Guarded' }));
    const mistyped = await api('DELETE', `/api/v1/projects/${id}`, owner, { confirm: 'guarded' });
    expect(mistyped.status).toBe(400);
    expect(mistyped.body.errors).toEqual([{ path: 'confirm', message: 'must be the project\'s name, "Guarded"' }]);
    expect((await api('DELETE', `/api/v1/projects/${id}`, owner)).status).toBe(400);
    expect((await ok(api('GET', `/api/v1/projects/${id}`, owner))).body.name).toBe('Guarded');
  });

  it('is gone for everyone at once, and its data is removed in the background', async () => {
    const { id, key } = await projectWithData('Doomed');
    const answer = await ok(api('DELETE', `/api/v1/projects/${id}`, owner, { confirm: 'Doomed' }), 202);
    expect(answer.body).toMatchObject({ status: 'deleting', project: { id, name: 'Doomed' } });
    deleted.push(id);
    // Refused like a project of someone else's, so an id's existence is never told.
    expect((await api('GET', `/api/v1/projects/${id}`, owner)).status).toBe(403);
    expect((await api('GET', `/api/v1/alert-rules?project=${id}`, owner)).status).toBe(403);
    expect((await postIngestJson({ apiUrl: stack.apiUrl, ingestKey: key }, '/api/v1/ingest/metrics', { samples: [{ name: 'late', value: 1 }] })).status).toBe(401);
    expect((await ok(api('GET', '/api/v1/auth/me', owner))).body.projects.map((project: { id: string }) => project.id)).not.toContain(id);
    expect((await api('DELETE', `/api/v1/projects/${id}`, owner, { confirm: 'Doomed' })).status).toBe(403);
    await untilDeleted(id);
    const trail = (await ok(api('GET', `/api/v1/organization-audit-log?organization=${organization}&action=projects.delete`, owner))).body.records;
    expect(trail[0]).toMatchObject({ target: { id }, actor: { label: stack.admin.email }, before: { name: 'Doomed' }, status: 202 });
  });

  it('finishes after the process is killed right after accepting it', async () => {
    const { id } = await projectWithData('Interrupted');
    await ok(api('DELETE', `/api/v1/projects/${id}`, owner, { confirm: 'Interrupted' }), 202);
    deleted.push(id);
    expect(await stack.stopApi('SIGKILL')).toBeNull();
    await stack.stop({ keepData: true });
    await start();
    await untilDeleted(id);
    expect((await api('GET', `/api/v1/projects/${id}`, owner)).status).toBe(403);
  });

  it('leaves none of their rows in any table with a project id, and the other projects’ rows', async () => {
    const kept = stack.projectId ?? (await ok(api('GET', '/api/v1/auth/me', owner))).body.projects[0].id;
    expect((await postIngestJson({ apiUrl: stack.apiUrl, ingestKey: (await ok(api('POST', `/api/v1/api-keys?project=${kept}`, owner, { name: 'k', scopes: ['ingest'] }), 201)).body.key }, '/api/v1/ingest/metrics', { samples: [{ name: 'kept_total', value: 1 }] })).status).toBe(200);
    await stack.stop({ keepData: true });
    const telemetry = await createTelemetryStore({ database: 'vigil', dataDir });
    try {
      const tables = await new ProjectTelemetryRemover(telemetry).tablesWithProjects();
      expect(tables).toEqual(expect.arrayContaining(['metric_samples', 'metric_series', 'logs', 'alert_events']));
      const count = async (table: string, projectId: string) => {
        const query = compile(sql`SELECT count() AS rows FROM ${param('Identifier', 'vigil')}.${param('Identifier', table)} WHERE project_id = ${param('UUID', projectId)}`);
        return Number((await (await telemetry.client.query({ ...query, format: 'JSONEachRow' })).json<{ rows: string }>())[0]?.rows);
      };
      for (const id of deleted) for (const table of tables) expect(await count(table, id), `${table} of ${id}`).toBe(0);
      expect(await count('metric_samples', kept)).toBeGreaterThan(0);
    } finally {
      await telemetry.close();
    }
  });
});
