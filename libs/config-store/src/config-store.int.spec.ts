import { createHash, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ConfigStore } from './config-store';
import { openSpecConfigStore, type SpecConfigStore } from './testing/spec-config-store';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

let spec: SpecConfigStore;
let store: ConfigStore;

beforeAll(async () => {
  // The template is migrated already; opening migrates again, which must be a no-op.
  spec = await openSpecConfigStore(inject('postgresAdminUrl'), inject('postgresTemplateDatabase'));
  store = spec.store;
});
afterAll(() => spec?.close());

async function makeProject(slug = `p-${randomUUID().slice(0, 8)}`) {
  const organization = await store.organizations.create({ name: 'Acme' });
  const project = await store.projects.create({ organizationId: organization.id, name: 'Checkout', slug });
  return { organization, project };
}

describe('ConfigStore', () => {
  it('answers ping', async () => {
    await expect(store.ping()).resolves.toBeUndefined();
  });

  it('creates organizations and projects, with retention defaulting to 30 days and slugs unique per organization', async () => {
    const { organization, project } = await makeProject('checkout');
    expect(project).toMatchObject({ organizationId: organization.id, name: 'Checkout', slug: 'checkout', retentionDays: 30 });
    expect(await store.projects.findById(project.id)).toEqual(project);
    expect(await store.projects.findById(randomUUID())).toBeNull();
    expect(await store.projects.findById('not-a-uuid')).toBeNull();
    await expect(store.projects.create({ organizationId: organization.id, name: 'Again', slug: 'checkout' })).rejects.toThrow();
    const other = await store.organizations.create({ name: 'Other' });
    await expect(store.projects.create({ organizationId: other.id, name: 'Same slug elsewhere', slug: 'checkout' })).resolves.toMatchObject({ slug: 'checkout' });
    expect(await store.organizations.findFirst()).not.toBeNull();
  });

  it('ensures a project by slug: creates it once, even when asked concurrently, and keeps its name', async () => {
    const organization = await store.organizations.create({ name: 'Ensure' });
    const input = { organizationId: organization.id, name: 'Vigil (self-monitoring)', slug: 'vigil-self-monitoring' };
    const [first, second, third] = await Promise.all([store.projects.ensure(input), store.projects.ensure(input), store.projects.ensure(input)]);
    expect(second).toEqual(first);
    expect(third).toEqual(first);
    expect(await store.projects.ensure({ ...input, name: 'Renamed meanwhile' })).toEqual(first);
  });

  it('updates retention and replaces or clears the ingest limit overrides', async () => {
    const { project } = await makeProject('settings');
    expect(await store.projects.findIngestSettings(project.id)).toEqual({ retentionDays: 30, ingestLimits: null });
    expect(await store.projects.updateIngestSettings(project.id, { retentionDays: 90 })).toEqual({ retentionDays: 90, ingestLimits: null });
    expect(await store.projects.updateIngestSettings(project.id, { ingestLimits: { maxAgeMs: 86_400_000 } })).toEqual({ retentionDays: 90, ingestLimits: { maxAgeMs: 86_400_000 } });
    expect(await store.projects.updateIngestSettings(project.id, { ingestLimits: null })).toEqual({ retentionDays: 90, ingestLimits: null });
    expect(await store.projects.updateIngestSettings(randomUUID(), { retentionDays: 7 })).toBeNull();
    expect(await store.projects.updateIngestSettings('not-a-uuid', { retentionDays: 7 })).toBeNull();
  });

  it('stores users with lower-case e-mail, finds them, counts them and updates the password hash', async () => {
    const before = await store.users.count();
    const user = await store.users.create({ email: 'Ada@Example.com', name: 'Ada', passwordHash: 'h1' });
    expect(user).toMatchObject({ email: 'ada@example.com', name: 'Ada', passwordHash: 'h1' });
    expect(await store.users.findByEmail('ADA@example.com')).toEqual(user);
    expect(await store.users.findById(user.id)).toEqual(user);
    expect(await store.users.findById('nope')).toBeNull();
    expect(await store.users.findByEmail('nobody@example.com')).toBeNull();
    expect(await store.users.count()).toBe(before + 1);
    await store.users.updatePasswordHash(user.id, 'h2');
    expect((await store.users.findById(user.id))?.passwordHash).toBe('h2');
    await expect(store.users.create({ email: 'ada@example.com', passwordHash: 'x' })).rejects.toThrow();
  });

  it("lists a user's projects with the role the membership gives", async () => {
    const { organization, project } = await makeProject();
    const second = await store.projects.create({ organizationId: organization.id, name: 'Search', slug: `s-${randomUUID().slice(0, 8)}` });
    const unrelated = await makeProject();
    const user = await store.users.create({ email: `${randomUUID()}@example.com`, passwordHash: 'h' });
    expect(await store.projects.listForUser(user.id)).toEqual([]);
    const membership = await store.memberships.create({ userId: user.id, organizationId: organization.id, role: 'editor' });
    expect(membership).toMatchObject({ userId: user.id, organizationId: organization.id, role: 'editor' });
    const listed = await store.projects.listForUser(user.id);
    expect(listed.map(({ id, role }) => ({ id, role }))).toEqual([
      { id: project.id, role: 'editor' },
      { id: second.id, role: 'editor' },
    ]);
    expect(listed.some((p) => p.id === unrelated.project.id)).toBe(false);
  });

  it('finds active API keys by hash, not revoked ones, and keeps revocation inside the project', async () => {
    const { organization, project } = await makeProject();
    const other = await makeProject();
    const key = await store.apiKeys.create({ projectId: project.id, name: 'ingest', prefix: 'vgl_ab12cd', hash: sha256('vgl_ab12cd-secret'), scopes: ['ingest', 'read', 'ingest'] });
    expect(key).toMatchObject({ projectId: project.id, name: 'ingest', prefix: 'vgl_ab12cd', scopes: ['ingest', 'read'], lastUsedAt: null, revokedAt: null });
    expect(key).not.toHaveProperty('hash');
    expect(await store.apiKeys.findActiveByHash(sha256('vgl_ab12cd-secret'))).toEqual({ id: key.id, projectId: project.id, organizationId: organization.id, name: 'ingest', prefix: 'vgl_ab12cd', scopes: ['ingest', 'read'] });
    expect(await store.apiKeys.findActiveByHash(sha256('unknown'))).toBeNull();

    const usedAt = new Date('2026-01-02T03:04:05.678Z');
    await store.apiKeys.touchLastUsed(key.id, usedAt);
    expect((await store.apiKeys.listForProject(project.id))[0]?.lastUsedAt).toEqual(usedAt);

    expect(await store.apiKeys.revoke(other.project.id, key.id)).toBe(false);
    expect(await store.apiKeys.findActiveByHash(sha256('vgl_ab12cd-secret'))).not.toBeNull();
    expect(await store.apiKeys.revoke(project.id, key.id)).toBe(true);
    expect(await store.apiKeys.revoke(project.id, key.id)).toBe(false);
    expect(await store.apiKeys.findActiveByHash(sha256('vgl_ab12cd-secret'))).toBeNull();

    const second = await store.apiKeys.create({ projectId: project.id, name: 'read', prefix: 'vgl_ef34gh', hash: sha256('second'), scopes: ['read'] });
    const listed = await store.apiKeys.listForProject(project.id);
    expect(listed.map((k) => k.id).sort()).toEqual([key.id, second.id].sort());
    expect(listed.find((k) => k.id === key.id)?.revokedAt).toBeInstanceOf(Date);
    expect(await store.apiKeys.listForProject(other.project.id)).toEqual([]);
    await expect(store.apiKeys.create({ projectId: other.project.id, name: 'dup', prefix: 'x', hash: sha256('second'), scopes: ['read'] })).rejects.toThrow();
  });

  it('finds sessions until they expire, deletes them, and sweeps expired ones', async () => {
    const user = await store.users.create({ email: `${randomUUID()}@example.com`, passwordHash: 'h' });
    const now = new Date('2026-03-01T12:00:00Z');
    const live = await store.sessions.create({ userId: user.id, tokenHash: sha256(randomUUID()), expiresAt: new Date('2026-03-02T12:00:00Z') });
    const liveHash = sha256('live-token');
    const valid = await store.sessions.create({ userId: user.id, tokenHash: liveHash, expiresAt: new Date('2026-03-01T12:00:01Z') });
    const expiredHash = sha256('expired-token');
    await store.sessions.create({ userId: user.id, tokenHash: expiredHash, expiresAt: new Date('2026-03-01T11:59:59Z') });

    expect(await store.sessions.findValidByTokenHash(liveHash, now)).toEqual({ sessionId: valid.id, userId: user.id, expiresAt: new Date('2026-03-01T12:00:01Z') });
    expect(await store.sessions.findValidByTokenHash(expiredHash, now)).toBeNull();
    expect(await store.sessions.findValidByTokenHash(liveHash, new Date('2026-03-01T12:00:01Z'))).toBeNull();

    expect(await store.sessions.deleteExpired(now)).toBeGreaterThanOrEqual(1);
    expect(await store.sessions.findValidByTokenHash(expiredHash, new Date(0))).toBeNull();
    expect(await store.sessions.findValidByTokenHash(liveHash, now)).not.toBeNull();

    await store.sessions.delete(valid.id);
    await store.sessions.delete(valid.id);
    expect(await store.sessions.findValidByTokenHash(liveHash, now)).toBeNull();
    expect(live.userId).toBe(user.id);
  });

  it('creates the initial tenant atomically: all of it, or nothing when a step fails', async () => {
    const email = `${randomUUID()}@example.com`;
    const input = {
      organizationName: 'Default organization',
      projectName: 'Default project',
      projectSlug: 'default',
      user: { email, name: 'Admin', passwordHash: 'argon' },
      apiKey: { name: 'Default ingest key', prefix: 'vgl_init00', hash: sha256(randomUUID()), scopes: ['ingest'] as const },
    };
    const tenant = await store.createInitialTenant(input);
    const user = await store.users.findByEmail(email);
    expect(user?.id).toBe(tenant.userId);
    expect(await store.projects.listForUser(tenant.userId)).toEqual([expect.objectContaining({ id: tenant.projectId, slug: 'default', role: 'owner' })]);
    expect(await store.apiKeys.findActiveByHash(input.apiKey.hash)).toEqual({ id: tenant.apiKeyId, projectId: tenant.projectId, organizationId: tenant.organizationId, name: 'Default ingest key', prefix: 'vgl_init00', scopes: ['ingest'] });

    // Same e-mail again: the user insert fails after the organization and project were made.
    const organizationsBefore = await countOrganizations();
    await expect(store.createInitialTenant({ ...input, apiKey: { ...input.apiKey, hash: sha256(randomUUID()) } })).rejects.toThrow();
    expect(await countOrganizations()).toBe(organizationsBefore);
  });
});

/** A raw count: the repositories have no count of organizations, and tests should not grow the API. */
async function countOrganizations(): Promise<number> {
  const client = new Client({ connectionString: spec.database.url });
  await client.connect();
  try {
    return Number((await client.query<{ count: string }>('SELECT count(*) FROM organizations')).rows[0]?.count);
  } finally {
    await client.end();
  }
}
