import { addMember, type ApiAnswer, callApi, type Caller, type MailReceiver, sessionCookieOf, signIn, startMailReceiver, startStack, type Stack } from '@vigil/testing';
import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// People and the audit trail through the real API of the built standalone: invitation links
// (e-mailed through a loopback SMTP server; once, expiring, withdrawn, forged), the last-owner
// rule, roles taking effect at once (a removed member's sessions end), your password and
// sessions, and an audit record for each kind of configuration write with who, where from,
// before and after, and no secret in any record.

let stack: Stack;
let mail: MailReceiver;
let owner: Caller;
let organization = '';
let project = '';

const api = (method: string, path: string, caller: Caller, body?: unknown) => callApi(stack.apiUrl, method, path, caller, body);
const inOrg = (path: string) => `${path}${path.includes('?') ? '&' : '?'}organization=${organization}`;
const inProject = (path: string) => `${path}${path.includes('?') ? '&' : '?'}project=${project}`;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

async function ok(answer: Promise<ApiAnswer>, status?: number): Promise<ApiAnswer> {
  const result = await answer;
  if (status !== undefined ? result.status !== status : result.status >= 300) throw new Error(`expected ${status ?? '2xx'}, got ${result.status}: ${JSON.stringify(result.body)}`);
  return result;
}

async function sql<T>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: await stack.databaseUrl() });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  // Invitations are e-mailed through this SMTP server too (SMTP_URL), besides being shown.
  mail = await startMailReceiver();
  stack = await startStack({ env: { SMTP_URL: mail.url, SMTP_FROM: 'Vigil <vigil@example.com>' } });
  owner = await signIn(stack.apiUrl, stack.admin.email, stack.admin.password);
  organization = (await ok(api('GET', '/api/v1/organizations', owner))).body.organizations[0].id;
  project = stack.projectId ?? '';
});

afterAll(async () => {
  await stack?.stop();
  await mail?.close();
});

describe('invitation links', () => {
  it('work once: the person sets a password, is signed in with the role, and the link is refused after', async () => {
    const created = await ok(api('POST', inOrg('/api/v1/invites'), owner, { email: 'Once@Example.com', role: 'viewer' }), 201);
    expect(created.body).toMatchObject({ invite: { email: 'once@example.com', role: 'viewer', status: 'pending', invitedBy: stack.admin.email }, emailed: true });
    const token = String(created.body.url).split('#')[1] ?? '';
    expect(created.body.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/invite#vgi_[A-Za-z0-9_-]{43}$/);
    expect((await ok(api('POST', '/api/v1/invites/lookup', undefined, { token }))).body).toMatchObject({ email: 'once@example.com', role: 'viewer', accountExists: false, organizationName: 'Default organization' });
    // Stored as its SHA-256 only.
    const stored = await sql<Record<string, unknown>>('SELECT * FROM invites WHERE id = $1', [created.body.invite.id]);
    expect(stored[0]?.['token_hash']).toBe(sha256(token));
    expect(JSON.stringify(stored)).not.toContain(token);

    const short = await api('POST', '/api/v1/invites/accept', undefined, { token, password: 'too-short' });
    expect(short.status).toBe(400);
    expect(short.body.errors).toEqual([{ path: 'password', message: 'must be at least 12 characters' }]);
    const accepted = await ok(api('POST', '/api/v1/invites/accept', undefined, { token, password: 'a-long-enough-password', name: 'Once' }));
    expect(accepted.body).toMatchObject({ email: 'once@example.com', name: 'Once' });
    // Every project of the organization (the self-monitoring one too), with the invited role.
    expect(accepted.body.projects).toContainEqual(expect.objectContaining({ id: project, role: 'viewer' }));
    expect(new Set(accepted.body.projects.map((one: { role: string }) => one.role))).toEqual(new Set(['viewer']));
    const session = { cookie: sessionCookieOf(accepted) };
    expect((await ok(api('GET', '/api/v1/auth/me', session))).body.email).toBe('once@example.com');

    for (const [path, body] of [
      ['/api/v1/invites/accept', { token, password: 'a-long-enough-password' }],
      ['/api/v1/invites/lookup', { token }],
    ] as const) {
      const again = await api('POST', path, undefined, body);
      expect(again.status).toBe(410);
      expect(again.body.detail).toContain('used already');
    }
    expect((await ok(api('GET', inOrg('/api/v1/invites'), owner))).body.invites.map((one: { id: string }) => one.id)).not.toContain(created.body.invite.id);
  });

  it('are e-mailed when SMTP_URL is set, and the e-mailed link is the one shown', async () => {
    const created = await ok(api('POST', inOrg('/api/v1/invites'), owner, { email: 'mailed@example.com', role: 'editor' }), 201);
    expect(created.body.emailed).toBe(true);
    const message = await mail.mailTo('mailed@example.com');
    expect(message.from).toBe('vigil@example.com');
    // Quoted-printable may wrap long lines with "=" at their end; the link is read unwrapped.
    const text = message.data.replace(/=\r\n/g, '');
    expect(text).toMatch(/^Subject: .* invited you to .* on Vigil/m);
    expect(text).toContain(created.body.url);
    expect(text).toContain('as an editor');
    const token = String(created.body.url).split('#')[1] ?? '';
    expect((await ok(api('POST', '/api/v1/invites/lookup', undefined, { token }))).body).toMatchObject({ email: 'mailed@example.com', role: 'editor' });
  });

  it('refuse forged, expired and withdrawn links, saying which', async () => {
    for (const token of [`vgi_${'A'.repeat(43)}`, 'vgi_short', 'nonsense']) {
      const forged = await api('POST', '/api/v1/invites/accept', undefined, { token, password: 'a-long-enough-password' });
      expect(forged.status, token).toBe(404);
      expect(forged.body.detail).toContain('not valid');
    }
    const expiring = await ok(api('POST', inOrg('/api/v1/invites'), owner, { email: 'late@example.com', role: 'editor' }), 201);
    await sql("UPDATE invites SET expires_at = now() - interval '1 minute' WHERE id = $1", [expiring.body.invite.id]);
    const late = await api('POST', '/api/v1/invites/accept', undefined, { token: String(expiring.body.url).split('#')[1], password: 'a-long-enough-password' });
    expect(late.status).toBe(410);
    expect(late.body.detail).toContain('expired');
    expect((await ok(api('GET', inOrg('/api/v1/invites'), owner))).body.invites.find((one: { id: string }) => one.id === expiring.body.invite.id)?.status).toBe('expired');

    const withdrawn = await ok(api('POST', inOrg('/api/v1/invites'), owner, { email: 'withdrawn@example.com', role: 'editor' }), 201);
    await ok(api('DELETE', inOrg(`/api/v1/invites/${withdrawn.body.invite.id}`), owner), 204);
    const refused = await api('POST', '/api/v1/invites/accept', undefined, { token: String(withdrawn.body.url).split('#')[1], password: 'a-long-enough-password' });
    expect(refused.status).toBe(410);
    expect(refused.body.detail).toContain('withdrawn');
    expect((await sql('SELECT 1 FROM users WHERE email = ANY($1)', [['late@example.com', 'withdrawn@example.com']])).length).toBe(0);
  });

  it('ask an existing account for its password, and keep admins from inviting owners or members', async () => {
    const other = (await ok(api('POST', '/api/v1/organizations', owner, { name: 'Other org' }), 201)).body.id;
    const existing = await addMember(stack.apiUrl, owner, other, { email: 'twice@example.com', password: 'twice-password-1', role: 'editor' });
    const invite = await ok(api('POST', inOrg('/api/v1/invites'), owner, { email: 'twice@example.com', role: 'viewer' }), 201);
    const token = String(invite.body.url).split('#')[1] ?? '';
    expect((await ok(api('POST', '/api/v1/invites/lookup', undefined, { token }))).body.accountExists).toBe(true);
    expect((await api('POST', '/api/v1/invites/accept', undefined, { token, password: 'not-the-password' })).status).toBe(401);
    const joined = await ok(api('POST', '/api/v1/invites/accept', undefined, { token, password: 'twice-password-1' }));
    expect(joined.body.id).toBe(existing.userId);
    expect(joined.body.organizations.map((one: { role: string }) => one.role).sort()).toEqual(['editor', 'viewer']);

    const admin = await addMember(stack.apiUrl, owner, organization, { email: 'admin-inviter@example.com', password: 'admin-inviter-password', role: 'admin' });
    const asOwner = await api('POST', inOrg('/api/v1/invites'), { cookie: admin.cookie }, { email: 'new-owner@example.com', role: 'owner' });
    expect(asOwner.status).toBe(403);
    expect(asOwner.body.detail).toBe('Only an owner can make someone an owner or change an owner’s role.');
    const member = await api('POST', inOrg('/api/v1/invites'), { cookie: admin.cookie }, { email: 'twice@example.com', role: 'viewer' });
    expect(member.status).toBe(409);
    expect(member.body.errors).toEqual([{ path: 'email', message: 'already a member' }]);
  });
});

describe('roles', () => {
  it('keep the last owner: not demoted, not removed, until another owner exists', async () => {
    const me = (await ok(api('GET', '/api/v1/auth/me', owner))).body.id;
    const demote = await api('PATCH', inOrg(`/api/v1/members/${me}`), owner, { role: 'admin' });
    expect(demote.status).toBe(409);
    expect(demote.body.detail).toBe('The last owner cannot be demoted: make another member an owner first.');
    const leave = await api('DELETE', inOrg(`/api/v1/members/${me}`), owner);
    expect(leave.status).toBe(409);
    expect(leave.body.detail).toBe('The last owner cannot be removed: make another member an owner first.');

    const second = await addMember(stack.apiUrl, owner, organization, { email: 'second-owner@example.com', password: 'second-owner-password', role: 'admin' });
    // An admin cannot touch an owner, nor make one.
    expect((await api('PATCH', inOrg(`/api/v1/members/${me}`), { cookie: second.cookie }, { role: 'viewer' })).status).toBe(403);
    await ok(api('PATCH', inOrg(`/api/v1/members/${second.userId}`), owner, { role: 'owner' }));
    // Two owners: each may step down, but not both.
    await ok(api('PATCH', inOrg(`/api/v1/members/${second.userId}`), { cookie: second.cookie }, { role: 'admin' }));
    expect((await api('PATCH', inOrg(`/api/v1/members/${me}`), owner, { role: 'admin' })).status).toBe(409);
    const owners = (await ok(api('GET', inOrg('/api/v1/members'), owner))).body.members.filter((one: { role: string }) => one.role === 'owner');
    expect(owners.map((one: { id: string }) => one.id)).toEqual([me]);
  });

  it('apply at once: a new role, a project role, and a removal that ends every session of the member', async () => {
    const sibling = (await ok(api('POST', inOrg('/api/v1/projects'), owner, { name: 'Roles sibling' }), 201)).body.id;
    const member = await addMember(stack.apiUrl, owner, organization, { email: 'changing@example.com', password: 'changing-password', role: 'viewer', projectRoles: [{ projectId: sibling, role: 'editor' }] });
    const silence = { matchers: [{ label: 'a', op: '=', value: 'b' }], endsAt: new Date(Date.now() + 3_600_000).toISOString(), comment: 'x' };
    const session = { cookie: member.cookie };
    expect((await api('POST', inProject('/api/v1/silences'), session, silence)).status).toBe(403);
    expect((await api('POST', `/api/v1/silences?project=${sibling}`, session, silence)).status).toBe(201);

    // The session is cached by the API; the change reaches it at once anyway.
    await ok(api('PATCH', inOrg(`/api/v1/members/${member.userId}`), owner, { role: 'editor', projectRoles: { [sibling]: 'viewer' } }));
    expect((await api('POST', inProject('/api/v1/silences'), session, silence)).status).toBe(201);
    expect((await api('POST', `/api/v1/silences?project=${sibling}`, session, silence)).status).toBe(403);
    expect((await api('PATCH', inOrg(`/api/v1/members/${member.userId}`), owner, { projectRoles: { [sibling]: 'owner' } })).status).toBe(400);

    const second = await signIn(stack.apiUrl, 'changing@example.com', 'changing-password');
    expect((await api('GET', '/api/v1/auth/me', second)).status).toBe(200);
    await ok(api('DELETE', inOrg(`/api/v1/members/${member.userId}`), owner), 204);
    for (const cookie of [session, second]) expect((await api('GET', inProject('/api/v1/alert-rules'), cookie)).status).toBe(401);
    expect((await ok(api('GET', inOrg('/api/v1/members'), owner))).body.members.map((one: { email: string }) => one.email)).not.toContain('changing@example.com');
  });
});

describe('your account', () => {
  it('changes the password after checking the current one, ending the other sessions', async () => {
    const member = await addMember(stack.apiUrl, owner, organization, { email: 'password@example.com', password: 'first-password-1', role: 'viewer' });
    const other = await signIn(stack.apiUrl, 'password@example.com', 'first-password-1');
    const wrong = await api('POST', '/api/v1/account/password', { cookie: member.cookie }, { currentPassword: 'nope', newPassword: 'second-password-2' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors).toEqual([{ path: 'currentPassword', message: 'is wrong' }]);
    await ok(api('POST', '/api/v1/account/password', { cookie: member.cookie }, { currentPassword: 'first-password-1', newPassword: 'second-password-2' }), 204);
    expect((await api('GET', '/api/v1/auth/me', other)).status).toBe(401);
    expect((await api('GET', '/api/v1/auth/me', { cookie: member.cookie })).status).toBe(200);
    await expect(signIn(stack.apiUrl, 'password@example.com', 'first-password-1')).rejects.toThrow(/401/);
    await signIn(stack.apiUrl, 'password@example.com', 'second-password-2');
  });

  it('lists your sessions with where they came from, and ends one', async () => {
    const a = await signIn(stack.apiUrl, stack.admin.email, stack.admin.password);
    const listed = (await ok(api('GET', '/api/v1/account/sessions', a))).body.sessions as { id: string; current: boolean; address: string; userAgent: string }[];
    const current = listed.find((one) => one.current);
    expect(current).toMatchObject({ address: '127.0.0.1', userAgent: 'node' });
    const others = listed.filter((one) => !one.current);
    expect(others.length).toBeGreaterThan(0);
    await ok(api('DELETE', `/api/v1/account/sessions/${others[0]?.id}`, a), 204);
    expect((await ok(api('GET', '/api/v1/account/sessions', a))).body.sessions.map((one: { id: string }) => one.id)).not.toContain(others[0]?.id);
    const ended = await ok(api('DELETE', `/api/v1/account/sessions/${current?.id}`, a), 204);
    expect(ended.headers.get('set-cookie')).toContain('vigil_session=;');
    expect((await api('GET', '/api/v1/auth/me', a)).status).toBe(401);
    owner = await signIn(stack.apiUrl, stack.admin.email, stack.admin.password);
  });
});

describe('the audit trail', () => {
  type AuditRecord = { action: string; actor: { type: string; id: string; label: string }; address: string; target: { type: string; id: string | null }; before: unknown; after: unknown; status: number; projectId: string | null };
  const trail = async (query = ''): Promise<AuditRecord[]> => (await ok(api('GET', inOrg(`/api/v1/organization-audit-log?limit=500${query}`), owner))).body.records;
  const secrets: string[] = [];

  it('records every kind of write with who, from where, and the values before and after, secrets masked', async () => {
    // Through a proxy on this machine (TRUST_PROXY's default, loopback): the client's address is the forwarded one.
    const forwarded = async (method: string, path: string, body?: unknown): Promise<ApiAnswer> => {
      const response = await fetch(`${stack.apiUrl}${path}`, { method, headers: { cookie: (owner as { cookie: string }).cookie, 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.7' }, body: JSON.stringify(body) });
      return { status: response.status, body: await response.json(), headers: response.headers };
    };
    const channel = await forwarded('POST', inProject('/api/v1/notification-channels'), { name: 'audited', kind: 'webhook', url: 'http://127.0.0.1:9/audit', headers: { Authorization: 'Bearer header-secret-value' } });
    expect(channel.status).toBe(201);
    secrets.push(channel.body.secret, 'header-secret-value');
    const rotated = await ok(api('POST', inProject(`/api/v1/notification-channels/${channel.body.channel.id}/rotate-secret`), owner, { overlapSeconds: 0 }));
    secrets.push(rotated.body.secret);
    const key = await ok(api('POST', inProject('/api/v1/api-keys'), owner, { name: 'configure-key', scopes: ['configure'] }), 201);
    secrets.push(key.body.key);
    const rule = await ok(api('POST', inProject('/api/v1/alert-rules'), { key: key.body.key }, { name: 'Audited rule', kind: 'metric_threshold', spec: { query: { name: 'm' }, comparator: '>', critical: 5 } }), 201);
    await ok(api('PUT', inProject(`/api/v1/alert-rules/${rule.body.id}`), owner, { name: 'Audited rule', kind: 'metric_threshold', spec: { query: { name: 'm' }, comparator: '>', critical: 8 } }));
    await ok(api('DELETE', inProject(`/api/v1/alert-rules/${rule.body.id}`), owner), 204);
    const policy = await ok(api('POST', inProject('/api/v1/notification-policies'), owner, { name: 'audited policy', channelIds: [channel.body.channel.id] }), 201);
    const silence = await ok(api('POST', inProject('/api/v1/silences'), owner, { matchers: [{ label: 'a', op: '=', value: 'b' }], endsAt: new Date(Date.now() + 3_600_000).toISOString(), comment: 'audited' }), 201);
    await ok(api('POST', inProject('/api/v1/maintenance-windows'), owner, { name: 'audited window', cron: '0 3 * * *', durationMinutes: 30, timezone: 'UTC' }), 201);
    await ok(api('PATCH', inProject('/api/v1/project-settings'), owner, { retentionDays: 45 }));
    await ok(api('DELETE', inProject(`/api/v1/api-keys/${key.body.apiKey.id}`), owner), 204);
    const invite = await ok(api('POST', inOrg('/api/v1/invites'), owner, { email: 'audited@example.com', role: 'viewer' }), 201);
    secrets.push(String(invite.body.url).split('#')[1] ?? '');
    const member = await ok(api('POST', '/api/v1/invites/accept', undefined, { token: String(invite.body.url).split('#')[1], password: 'audited-password-1' }));
    await ok(api('PATCH', inOrg(`/api/v1/members/${member.body.id}`), owner, { role: 'editor' }));
    await ok(api('POST', '/api/v1/account/password', { cookie: sessionCookieOf(member) }, { currentPassword: 'audited-password-1', newPassword: 'audited-password-2' }), 204);
    secrets.push('audited-password-1', 'audited-password-2');
    const renamed = await ok(api('POST', inOrg('/api/v1/projects'), owner, { name: 'Audited project' }), 201);
    await ok(api('PATCH', `/api/v1/projects/${renamed.body.id}`, owner, { name: 'Audited project renamed' }));
    // A push check's URL carries its token, shown once: as secret as an API key.
    const push = await ok(api('POST', inProject('/api/v1/checks'), owner, { name: 'audited job', kind: 'push', enabled: false, spec: { periodSeconds: 3600, graceSeconds: 60 } }), 201);
    const repushed = await ok(api('POST', inProject(`/api/v1/checks/${push.body.check.id}/rotate-push-token`), owner));
    const pushToken = (answer: ApiAnswer) => String(answer.body.pushUrl).slice(String(answer.body.pushUrl).lastIndexOf('/') + 1);
    secrets.push(pushToken(push), pushToken(repushed));

    const records = await trail();
    const find = (action: string, targetId?: string) => {
      const found = records.find((record) => record.action === action && (targetId === undefined || record.target.id === targetId));
      if (!found) throw new Error(`no audit record of ${action} ${targetId ?? ''}; have: ${records.map((record) => record.action).join(', ')}`);
      return found;
    };
    const ownerId = (await ok(api('GET', '/api/v1/auth/me', owner))).body.id;
    expect(find('notification-channels.create')).toMatchObject({ actor: { type: 'user', id: ownerId, label: stack.admin.email }, address: '203.0.113.7', status: 201, before: null, projectId: project });
    expect(find('notification-channels.create').after).toMatchObject({ secret: '[masked]', channel: { name: 'audited', headerNames: ['Authorization'] } });
    expect(find('notification-channels.rotate-secret')).toMatchObject({ target: { id: channel.body.channel.id }, before: { name: 'audited' }, after: { secret: '[masked]' } });
    expect(find('api-keys.create').after).toMatchObject({ key: '[masked]', apiKey: { name: 'configure-key', scopes: ['configure'] } });
    expect(find('api-keys.delete')).toMatchObject({ target: { id: key.body.apiKey.id }, before: { name: 'configure-key', revokedAt: null }, after: null });
    expect(find('alert-rules.create')).toMatchObject({ actor: { type: 'api-key', id: key.body.apiKey.id, label: expect.stringContaining('API key "configure-key"') }, after: { name: 'Audited rule', spec: { critical: 5 } } });
    expect(find('alert-rules.replace')).toMatchObject({ before: { spec: { critical: 5 } }, after: { spec: { critical: 8 } } });
    expect(find('alert-rules.delete')).toMatchObject({ before: { name: 'Audited rule' }, after: null, status: 204 });
    expect(find('notification-policies.create', policy.body.id).after).toMatchObject({ name: 'audited policy' });
    expect(find('silences.create', silence.body.id).after).toMatchObject({ comment: 'audited' });
    expect(find('maintenance-windows.create').after).toMatchObject({ name: 'audited window' });
    expect(find('project-settings.update')).toMatchObject({ before: { retentionDays: 30 }, after: { retentionDays: 45 } });
    expect(find('invites.create').after).toMatchObject({ url: expect.stringContaining('vgi_…[masked]'), invite: { email: 'audited@example.com' } });
    expect(find('invites.accept')).toMatchObject({ actor: { type: 'user', id: member.body.id, label: 'audited@example.com' }, target: { id: invite.body.invite.id }, projectId: null });
    expect(find('members.update', member.body.id)).toMatchObject({ before: { role: 'viewer' }, after: { role: 'editor' } });
    expect(find('account.password')).toMatchObject({ actor: { label: 'audited@example.com' }, after: { passwordChanged: true } });
    expect(find('projects.create', renamed.body.id).after).toMatchObject({ name: 'Audited project' });
    expect(find('projects.update', renamed.body.id)).toMatchObject({ before: { name: 'Audited project' }, after: { name: 'Audited project renamed' }, projectId: renamed.body.id });
    expect(find('checks.create', push.body.check.id).after).toMatchObject({ pushUrl: expect.stringMatching(/\/api\/v1\/push\/vpt_[A-Za-z0-9_-]{8}…\[masked\]$/), check: { name: 'audited job' } });
    expect(find('checks.rotate-push-token', push.body.check.id).after).toMatchObject({ pushUrl: expect.stringContaining('…[masked]') });

    // No secret in any record, however it was written.
    const everything = JSON.stringify(records);
    for (const secret of secrets) expect(everything.includes(secret), `a secret reached the audit trail: ${secret.slice(0, 8)}…`).toBe(false);
    expect(JSON.stringify(await sql('SELECT * FROM audit_records'))).not.toMatch(/whsec_[A-Za-z0-9+/=]{40}|vgl_[A-Za-z0-9_-]{43}|vgi_[A-Za-z0-9_-]{43}|vpt_[A-Za-z0-9_-]{43}/);
  });

  it('filters by resource, actor and time, pages with a cursor, and gives a project admin key its project only', async () => {
    const rules = await trail('&action=alert-rules');
    expect(new Set(rules.map((record) => record.action))).toEqual(new Set(['alert-rules.create', 'alert-rules.replace', 'alert-rules.delete']));
    const keyRecords = await trail(`&actor=${rules.find((record) => record.actor.type === 'api-key')?.actor.id}`);
    expect(keyRecords.map((record) => record.action)).toEqual(['alert-rules.create']);
    expect(await trail(`&from=${Date.now() + 60_000}`)).toEqual([]);

    const first = await ok(api('GET', inOrg('/api/v1/organization-audit-log?limit=3'), owner));
    expect(first.body.records).toHaveLength(3);
    const second = await ok(api('GET', inOrg(`/api/v1/organization-audit-log?limit=3&cursor=${first.body.nextCursor}`), owner));
    const all = await trail();
    expect([...first.body.records, ...second.body.records].map((record: { id: string }) => record.id)).toEqual(all.slice(0, 6).map((record) => (record as unknown as { id: string }).id));
    expect((await api('GET', inOrg('/api/v1/organization-audit-log?cursor=forged'), owner)).status).toBe(400);

    const adminKey = (await ok(api('POST', inProject('/api/v1/api-keys'), owner, { name: 'auditor', scopes: ['admin'] }), 201)).body.key;
    const projectTrail = (await ok(api('GET', '/api/v1/audit-log?limit=500', { key: adminKey }))).body.records as AuditRecord[];
    expect(projectTrail.length).toBeGreaterThan(5);
    expect(projectTrail.every((record) => record.projectId === project)).toBe(true);
    expect((await api('GET', '/api/v1/organization-audit-log', { key: adminKey })).status).toBe(403);
    const viewer = await addMember(stack.apiUrl, owner, organization, { email: 'audit-viewer@example.com', password: 'audit-viewer-password', role: 'viewer' });
    expect((await api('GET', inProject('/api/v1/audit-log'), { cookie: viewer.cookie })).status).toBe(403);
    expect((await api('GET', inOrg('/api/v1/organization-audit-log'), { cookie: viewer.cookie })).status).toBe(403);
  });

  it("records a person's own account writes in each of their organizations, and a new organization in its own", async () => {
    const second = (await ok(api('POST', '/api/v1/organizations', owner, { name: 'Second org' }), 201)).body.id as string;
    const laptop = await signIn(stack.apiUrl, stack.admin.email, stack.admin.password);
    const laptopSession = ((await ok(api('GET', '/api/v1/account/sessions', laptop))).body.sessions as { id: string; current: boolean }[]).find((session) => session.current)?.id;
    await ok(api('DELETE', `/api/v1/account/sessions/${laptopSession}`, owner), 204);
    expect((await api('GET', '/api/v1/auth/me', laptop)).status).toBe(401);

    const secondTrail = (await ok(api('GET', `/api/v1/organization-audit-log?organization=${second}`, owner))).body.records as AuditRecord[];
    expect(secondTrail.map((record) => record.action)).toEqual(['account.sessions.delete', 'organizations.create']);
    expect(secondTrail[1]).toMatchObject({ target: { id: second }, after: { name: 'Second org', role: 'owner' } });
    const firstTrail = await trail(`&action=account.sessions.delete&target=${laptopSession}`);
    expect(firstTrail).toEqual([expect.objectContaining({ target: { type: 'account', id: laptopSession }, actor: expect.objectContaining({ label: stack.admin.email }), before: expect.objectContaining({ id: laptopSession, current: false }) })]);
    expect((await trail('&action=organizations')).map((record) => record.target.id)).not.toContain(second);
  });
});
