import { describe, expect, it } from 'vitest';
import { auditActionOf } from './audit-action';
import { MASKED, maskSecrets } from './mask-secrets';

const KEY = `vgl_${'a'.repeat(43)}`;
const INVITE = `vgi_${'b'.repeat(43)}`;
const WHSEC = `whsec_${'c'.repeat(43)}=`;
const PUSH = `vpt_${'d'.repeat(43)}`;

describe('maskSecrets', () => {
  it('masks secrets by field name, at any depth, and keeps what lists show on purpose', () => {
    expect(
      maskSecrets({
        channel: { name: 'ops', secretPrefix: 'whsec_ab12…', headers: { Authorization: 'Bearer x', 'X-Team': 'ops' }, headerNames: ['Authorization'] },
        secret: WHSEC,
        currentPassword: 'hunter2hunter2',
        newPassword: 'correct horse',
        tokenHash: 'abc',
        key: KEY,
        apiKey: { id: 'k', prefix: 'vgl_aaaaaaaa' },
        empty: { token: '', password: null },
      }),
    ).toEqual({
      channel: { name: 'ops', secretPrefix: 'whsec_ab12…', headers: { Authorization: MASKED, 'X-Team': MASKED }, headerNames: ['Authorization'] },
      secret: MASKED,
      currentPassword: MASKED,
      newPassword: MASKED,
      tokenHash: MASKED,
      key: MASKED,
      apiKey: { id: 'k', prefix: 'vgl_aaaaaaaa' },
      empty: { token: '', password: null },
    });
  });

  it("masks Vigil's secrets wherever they appear in text", () => {
    expect(maskSecrets({ url: `https://vigil.example.com/invite#${INVITE}`, pushUrl: `https://vigil.example.com/api/v1/push/${PUSH}`, note: `use ${KEY} or ${WHSEC}`, list: [KEY] })).toEqual({
      url: `https://vigil.example.com/invite#vgi_…${MASKED}`,
      pushUrl: `https://vigil.example.com/api/v1/push/vpt_dddddddd…${MASKED}`,
      note: `use vgl_aaaaaaaa…${MASKED} or whsec_…${MASKED}`,
      list: [`vgl_aaaaaaaa…${MASKED}`],
    });
  });

  it('records large values by size only, and undefined as null', () => {
    expect(maskSecrets({ body: 'x'.repeat(70_000) })).toEqual({ omitted: expect.stringContaining('bytes of JSON') });
    expect(maskSecrets(undefined)).toBeNull();
    expect(maskSecrets(3)).toBe(3);
  });
});

describe('auditActionOf', () => {
  it('names the resource and the verb from the method and the route', () => {
    expect(auditActionOf('POST', '/api/v1/alert-rules')).toEqual({ targetType: 'alert-rules', action: 'alert-rules.create', idParam: undefined });
    expect(auditActionOf('PUT', '/api/v1/alert-rules/:id')).toEqual({ targetType: 'alert-rules', action: 'alert-rules.replace', idParam: 'id' });
    expect(auditActionOf('DELETE', '/api/v1/projects/:project')).toEqual({ targetType: 'projects', action: 'projects.delete', idParam: 'project' });
    expect(auditActionOf('PATCH', '/api/v1/project-settings')).toEqual({ targetType: 'project-settings', action: 'project-settings.update', idParam: undefined });
    expect(auditActionOf('POST', '/api/v1/notification-channels/:id/rotate-secret')).toMatchObject({ action: 'notification-channels.rotate-secret', idParam: 'id' });
    expect(auditActionOf('POST', '/api/v1/invites/accept')).toMatchObject({ targetType: 'invites', action: 'invites.accept' });
    expect(auditActionOf('POST', '/api/v1/deliveries/:id/redeliver')).toMatchObject({ targetType: 'deliveries', action: 'deliveries.redeliver' });
    expect(auditActionOf('POST', '/api/v1/account/password')).toMatchObject({ targetType: 'account', action: 'account.password', idParam: undefined });
    expect(auditActionOf('DELETE', '/api/v1/account/sessions/:id')).toEqual({ targetType: 'account', action: 'account.sessions.delete', idParam: 'id' });
    expect(auditActionOf('POST', '/api/v1/organizations')).toMatchObject({ action: 'organizations.create' });
  });
});
