import { alertRuleRequestSchema, sloRequestSchema } from '@vigil/contracts';
import { createHash, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ConfigStore } from '../config-store';
import { openSpecConfigStore, type SpecConfigStore } from '../testing/spec-config-store';
import { findMigrationsDir } from '../migrate/migrate-database';
import { deletionOrder } from './project-purge';

let spec: SpecConfigStore;
let store: ConfigStore;

beforeAll(async () => {
  spec = await openSpecConfigStore(inject('postgresAdminUrl'), inject('postgresTemplateDatabase'));
  store = spec.store;
});
afterAll(() => spec?.close());

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const slug = () => `p-${randomUUID().slice(0, 8)}`;
const newUser = () => store.users.create({ email: `${randomUUID()}@example.com`, passwordHash: 'h' });

async function organizationWithProjects(count: number) {
  const organization = await store.organizations.create({ name: 'Acme' });
  const projects = [];
  for (let index = 0; index < count; index += 1) projects.push(await store.projects.create({ organizationId: organization.id, name: `P${index}`, slug: slug() }));
  return { organization, projects };
}

describe('memberships and project roles', () => {
  it("give each project the member's project role where one is set, else the organization role", async () => {
    const { organization, projects } = await organizationWithProjects(2);
    const [first, second] = projects as [(typeof projects)[0], (typeof projects)[0]];
    const user = await newUser();
    await store.memberships.create({ userId: user.id, organizationId: organization.id, role: 'viewer' });
    expect(await store.memberships.setProjectRole(organization.id, user.id, second.id, 'editor')).toBe(true);
    expect((await store.projects.listForUser(user.id)).map(({ id, role, organizationRole }) => ({ id, role, organizationRole }))).toEqual([
      { id: first.id, role: 'viewer', organizationRole: 'viewer' },
      { id: second.id, role: 'editor', organizationRole: 'viewer' },
    ]);
    expect((await store.memberships.find(organization.id, user.id))?.projectRoles).toEqual([{ projectId: second.id, role: 'editor' }]);
    expect(await store.memberships.setProjectRole(organization.id, user.id, second.id, null)).toBe(true);
    expect((await store.projects.listForUser(user.id)).map((project) => project.role)).toEqual(['viewer', 'viewer']);
    // Another organization's member cannot be given a role through this one.
    const stranger = await newUser();
    expect(await store.memberships.setProjectRole(organization.id, stranger.id, first.id, 'admin')).toBe(false);
    expect(await store.organizations.listForUser(user.id)).toEqual([expect.objectContaining({ id: organization.id, role: 'viewer' })]);
  });

  it('list members with their e-mail, change roles and remove them, inside the organization only', async () => {
    const { organization } = await organizationWithProjects(1);
    const other = await organizationWithProjects(1);
    const owner = await newUser();
    const member = await newUser();
    await store.memberships.create({ userId: owner.id, organizationId: organization.id, role: 'owner' });
    await store.memberships.create({ userId: member.id, organizationId: organization.id, role: 'editor' });
    expect((await store.memberships.listForOrganization(organization.id)).map(({ userId, email, role }) => ({ userId, email, role }))).toEqual([
      { userId: owner.id, email: owner.email, role: 'owner' },
      { userId: member.id, email: member.email, role: 'editor' },
    ]);
    expect(await store.memberships.updateRole(other.organization.id, member.id, 'owner')).toBe(false);
    expect(await store.memberships.updateRole(organization.id, member.id, 'admin')).toBe(true);
    expect(await store.runInTransaction((repos) => repos.memberships.lockOrganization(organization.id))).toEqual(
      expect.arrayContaining([
        { userId: owner.id, role: 'owner' },
        { userId: member.id, role: 'admin' },
      ]),
    );
    expect(await store.memberships.delete(other.organization.id, member.id)).toBe(false);
    expect(await store.memberships.delete(organization.id, member.id)).toBe(true);
    expect(await store.projects.listForUser(member.id)).toEqual([]);
  });

  it('serialise concurrent changes of one organization behind the lock', async () => {
    const { organization } = await organizationWithProjects(1);
    const [a, b] = [await newUser(), await newUser()];
    await store.memberships.create({ userId: a.id, organizationId: organization.id, role: 'owner' });
    await store.memberships.create({ userId: b.id, organizationId: organization.id, role: 'owner' });
    // Each demotes the other only if another owner would remain: exactly one may succeed.
    const demote = (target: string) =>
      store.runInTransaction(async (repos) => {
        const members = await repos.memberships.lockOrganization(organization.id);
        if (members.filter((one) => one.role === 'owner' && one.userId !== target).length === 0) return false;
        return repos.memberships.updateRole(organization.id, target, 'admin');
      });
    const results = await Promise.all([demote(a.id), demote(b.id)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await store.memberships.listForOrganization(organization.id)).filter((one) => one.role === 'owner')).toHaveLength(1);
  });
});

describe('invites', () => {
  it('are used once, and never when expired or revoked', async () => {
    const { organization, projects } = await organizationWithProjects(1);
    const user = await newUser();
    const now = new Date('2026-12-04T12:00:00Z');
    const make = (expiresAt: Date) =>
      store.invites.create({ organizationId: organization.id, email: 'New@Example.com', role: 'viewer', projectRoles: [{ projectId: projects[0]?.id ?? '', role: 'editor' }], tokenHash: sha256(randomUUID()), invitedBy: null, expiresAt });
    const invite = await make(new Date('2026-12-05T12:00:00Z'));
    expect(invite).toMatchObject({ email: 'new@example.com', role: 'viewer', projectRoles: [{ projectId: projects[0]?.id, role: 'editor' }], acceptedAt: null });
    expect(invite).not.toHaveProperty('tokenHash');
    const [first, second] = await Promise.all([store.invites.consume(invite.id, user.id, now), store.invites.consume(invite.id, user.id, now)]);
    expect([first, second].filter(Boolean)).toHaveLength(1);
    expect(await store.invites.consume(invite.id, user.id, now)).toBe(false);

    const expired = await make(new Date('2026-12-04T11:59:59Z'));
    expect(await store.invites.consume(expired.id, user.id, now)).toBe(false);
    const revoked = await make(new Date('2026-12-05T12:00:00Z'));
    expect(await store.invites.revoke(randomUUID(), revoked.id, now)).toBe(false);
    expect(await store.invites.revoke(organization.id, revoked.id, now)).toBe(true);
    expect(await store.invites.consume(revoked.id, user.id, now)).toBe(false);
    // Open: neither used nor revoked; the expired one is listed (as expired).
    expect((await store.invites.listOpen(organization.id)).map((one) => one.id)).toEqual([expired.id]);
  });
});

describe('sessions', () => {
  it("list a person's live sessions, most recently used first, and end them all but one", async () => {
    const user = await newUser();
    const now = new Date();
    const later = new Date(now.getTime() + 3_600_000);
    const a = await store.sessions.create({ userId: user.id, tokenHash: sha256(randomUUID()), expiresAt: later, address: '10.0.0.1', userAgent: 'Firefox' });
    const b = await store.sessions.create({ userId: user.id, tokenHash: sha256(randomUUID()), expiresAt: later, address: '10.0.0.2', userAgent: 'Chromium' });
    await store.sessions.create({ userId: user.id, tokenHash: sha256(randomUUID()), expiresAt: new Date(now.getTime() - 1) });
    await store.sessions.touch(a.id, new Date(now.getTime() + 60_000));
    expect((await store.sessions.listForUser(user.id, now)).map(({ id, address, userAgent }) => ({ id, address, userAgent }))).toEqual([
      { id: a.id, address: '10.0.0.1', userAgent: 'Firefox' },
      { id: b.id, address: '10.0.0.2', userAgent: 'Chromium' },
    ]);
    const stranger = await newUser();
    expect(await store.sessions.deleteForUser(stranger.id, a.id)).toBe(false);
    expect(await store.sessions.deleteAllForUser(user.id, a.id)).toBe(2);
    expect((await store.sessions.listForUser(user.id, now)).map((one) => one.id)).toEqual([a.id]);
    expect(await store.sessions.deleteForUser(user.id, a.id)).toBe(true);
  });
});

describe('audit records', () => {
  const record = (overrides: Record<string, unknown>) => ({
    organizationId: null,
    projectId: null,
    actorType: 'user' as const,
    actorId: 'u1',
    actorLabel: 'ada@example.com',
    address: '127.0.0.1',
    userAgent: null,
    method: 'POST',
    route: '/api/v1/alert-rules',
    action: 'alert-rules.create',
    targetType: 'alert-rules',
    targetId: null,
    status: 201,
    before: null,
    after: { name: 'x' },
    requestId: 'r',
    ...overrides,
  });

  it('filter by organization, project, actor, action and time, page newest first, and expire', async () => {
    const org = randomUUID();
    const project = randomUUID();
    const base = new Date('2026-12-04T10:00:00Z');
    const at = (seconds: number) => new Date(base.getTime() + seconds * 1000);
    const rows = [];
    for (let index = 0; index < 5; index += 1) {
      rows.push(await store.auditRecords.insert(record({ organizationId: org, projectId: index < 3 ? project : null, action: index % 2 === 0 ? 'alert-rules.create' : 'members.update', actorId: index === 4 ? 'u2' : 'u1' }), at(index)));
    }
    const ids = (list: { id: string }[]) => list.map((one) => one.id);
    expect(ids(await store.auditRecords.list({ organizationId: org, limit: 10 }))).toEqual(ids([...rows].reverse()));
    expect(ids(await store.auditRecords.list({ projectId: project, limit: 10 }))).toEqual(ids([rows[2], rows[1], rows[0]] as { id: string }[]));
    expect(ids(await store.auditRecords.list({ organizationId: org, action: 'members', limit: 10 }))).toEqual(ids([rows[3], rows[1]] as { id: string }[]));
    expect(ids(await store.auditRecords.list({ organizationId: org, action: 'alert-rules.create', actorId: 'u2', limit: 10 }))).toEqual([rows[4]?.id]);
    expect(ids(await store.auditRecords.list({ organizationId: org, from: at(1), to: at(2), limit: 10 }))).toEqual(ids([rows[2], rows[1]] as { id: string }[]));
    const page = await store.auditRecords.list({ organizationId: org, limit: 2 });
    const last = page[1] as { at: Date; id: string };
    expect(ids(await store.auditRecords.list({ organizationId: org, limit: 2, after: { at: last.at, id: last.id } }))).toEqual(ids([rows[2], rows[1]] as { id: string }[]));
    // JSON null versus absent: a record of a creation has no "before".
    expect(rows[0]).toMatchObject({ before: null, after: { name: 'x' } });
    expect(await store.auditRecords.list({ organizationId: 'not-a-uuid', limit: 10 })).toEqual([]);

    expect(await store.auditRecords.deleteOlderThan(at(2))).toBeGreaterThanOrEqual(2);
    expect(ids(await store.auditRecords.list({ organizationId: org, limit: 10 }))).toEqual(ids([rows[4], rows[3], rows[2]] as { id: string }[]));
  });

  it('keep no push token recorded before libs/audit masked them, once the masking migration ran', async () => {
    const org = randomUUID();
    const token = (letter: string) => `vpt_${letter.repeat(8)}${'x'.repeat(35)}`;
    const url = (value: string) => `https://vigil.example.com/api/v1/push/${value}`;
    await store.auditRecords.insert(record({ organizationId: org, action: 'checks.create', after: { check: { name: 'nightly' }, pushUrl: url(token('a')) } }));
    await store.auditRecords.insert(record({ organizationId: org, action: 'checks.rotate-push-token', before: { note: token('b') }, after: { pushUrl: url(token('c')) } }));
    await store.auditRecords.insert(record({ organizationId: org, action: 'alert-rules.create', after: { name: 'untouched vpt_short' } }));

    const migration = await readFile(join(findMigrationsDir(__dirname), '20261205041500_mask_push_tokens_in_audit_records', 'migration.sql'), 'utf8');
    const client = new Client({ connectionString: spec.database.url });
    await client.connect();
    try {
      await client.query(migration);
    } finally {
      await client.end();
    }
    const rows = await store.auditRecords.list({ organizationId: org, limit: 10 });
    expect(rows.map(({ before, after }) => ({ before, after })).reverse()).toEqual([
      { before: null, after: { check: { name: 'nightly' }, pushUrl: url('vpt_aaaaaaaa…[masked]') } },
      { before: { note: 'vpt_bbbbbbbb…[masked]' }, after: { pushUrl: url('vpt_cccccccc…[masked]') } },
      { before: null, after: { name: 'untouched vpt_short' } },
    ]);
  });
});

describe('project deletion', () => {
  it('hides a project at once, refuses its keys, and purges its configuration but not the audit trail', async () => {
    const { organization, projects } = await organizationWithProjects(2);
    const [doomed, kept] = projects as [(typeof projects)[0], (typeof projects)[0]];
    const user = await newUser();
    await store.memberships.create({ userId: user.id, organizationId: organization.id, role: 'owner' });
    const keyHash = sha256(randomUUID());
    await store.apiKeys.create({ projectId: doomed.id, name: 'k', prefix: 'vgl_x', hash: keyHash, scopes: ['ingest'] });
    const rule = await store.alertRules.create(doomed.id, alertRuleRequestSchema.parse({ name: 'r', kind: 'metric_threshold', spec: { query: { name: 'm' }, comparator: '>', critical: 1 } }));
    await store.alertInstances.upsertMany([
      { projectId: doomed.id, ruleId: rule.id, key: 'a', labels: {}, state: 'firing', severity: 'critical', since: new Date(), firedAt: new Date(), resolvedAt: null, lastValue: 2, lastEvaluatedAt: new Date(), evidence: null, flapping: false, engineState: {} },
    ]);
    await store.notificationGroups.lock(doomed.id, randomUUID(), 'g', {});
    await store.deliveries.createIfAbsent({ projectId: doomed.id, channelId: randomUUID(), webhookId: `msg_${randomUUID()}`, kind: 'firing', title: 't', body: '{}', nextAttemptAt: new Date() });
    await store.memberships.setProjectRole(organization.id, user.id, doomed.id, 'viewer');
    expect((await store.alertRules.listEnabled([rule.id])).map((one) => one.id)).toEqual([rule.id]);
    const slo = await store.slos.create(
      doomed.id,
      sloRequestSchema.parse({ name: 'api availability', sli: { kind: 'ratio', bad: { name: 'errors_total' }, total: { name: 'requests_total' } }, objective: 99.9, window: { kind: 'rolling', days: 30 } }),
    );
    expect((await store.slos.listAll()).map((one) => one.id)).toContain(slo?.id);
    await store.auditRecords.insert({ ...{ organizationId: organization.id, projectId: doomed.id, actorType: 'user', actorId: user.id, actorLabel: user.email, address: '::1', userAgent: null }, method: 'DELETE', route: '/api/v1/projects/:project', action: 'projects.delete', targetType: 'projects', targetId: doomed.id, status: 202, before: {}, after: null, requestId: 'r' });

    // A live project is never purged, whoever asks.
    await store.projects.purge(doomed.id);
    expect(await store.projects.findById(doomed.id)).not.toBeNull();

    expect(await store.projects.markDeleting(doomed.id, new Date())).toMatchObject({ id: doomed.id });
    expect(await store.projects.markDeleting(doomed.id, new Date())).toBeNull();
    expect(await store.projects.findById(doomed.id)).toBeNull();
    expect((await store.projects.listForUser(user.id)).map((project) => project.id)).toEqual([kept.id]);
    expect(await store.apiKeys.findActiveByHash(keyHash)).toBeNull();
    expect((await store.projects.listDeleting()).map((one) => one.id)).toContain(doomed.id);
    expect((await store.memberships.find(organization.id, user.id))?.projectRoles).toEqual([]);
    // Its rules are evaluated no more: an evaluation would write alert events behind the deletion.
    expect((await store.alertRules.listEnabled([rule.id])).map((one) => one.id)).toEqual([]);
    expect(await store.alertRules.claimForEvaluation([rule.id], new Date())).toEqual([]);
    expect((await store.slos.listAll()).map((one) => one.id)).not.toContain(slo?.id);

    await store.projects.purge(doomed.id);
    await store.projects.purge(doomed.id);
    expect((await store.projects.listDeleting()).map((one) => one.id)).not.toContain(doomed.id);
    expect(await store.alertRules.listForProject(doomed.id)).toEqual([]);
    expect(await store.alertInstances.listForProject(doomed.id)).toEqual([]);
    expect(await store.deliveries.listForProject(doomed.id, { limit: 10 })).toEqual([]);
    expect(await store.apiKeys.listForProject(doomed.id)).toEqual([]);
    expect(await store.auditRecords.list({ projectId: doomed.id, limit: 10 })).toHaveLength(1);
    expect(await store.projects.findById(kept.id)).not.toBeNull();
    // The slug is free again.
    expect((await store.projects.slugsInOrganization(organization.id)).has(doomed.slug)).toBe(false);
  });

  it('orders deletes children first, whatever order the tables come in', () => {
    const references = [
      { child: 'alert_instances', parent: 'alert_rules' },
      { child: 'targets', parent: 'groups' },
      { child: 'groups', parent: 'checks' },
      { child: 'self', parent: 'self' },
    ];
    const order = deletionOrder(['checks', 'alert_rules', 'groups', 'alert_instances', 'targets', 'self'], references);
    expect(order.indexOf('alert_instances')).toBeLessThan(order.indexOf('alert_rules'));
    expect(order.indexOf('targets')).toBeLessThan(order.indexOf('groups'));
    expect(order.indexOf('groups')).toBeLessThan(order.indexOf('checks'));
    expect(order).toHaveLength(6);
  });
});
