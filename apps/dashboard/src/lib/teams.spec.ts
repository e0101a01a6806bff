import type { AuditRecord, SessionUser } from '@vigil/contracts';
import { describe, expect, it } from 'vitest';
import { auditPath, changedPaths, describeAction, targetLabel } from './audit-records';
import { checkInvite, membersPath, projectsByOrganization, switchProjectHref } from './teams';

const P = '00000000-0000-4000-8000-000000000001';

describe('teams helpers', () => {
  it('builds paths with the organization and switches project keeping the page', () => {
    expect(membersPath('o1', 'u 1')).toBe('/api/v1/members/u%201?organization=o1');
    expect(switchProjectHref('/alerts/rules', 'p2')).toBe('/alerts/rules?project=p2');
  });

  it('groups projects under their organizations', () => {
    const user: SessionUser = {
      id: 'u',
      email: 'a@b.c',
      name: null,
      organizations: [
        { id: 'o1', name: 'Acme', role: 'owner' },
        { id: 'o2', name: 'Beta', role: 'viewer' },
      ],
      projects: [
        { id: 'p1', organizationId: 'o1', name: 'A', slug: 'a', role: 'owner' },
        { id: 'p2', organizationId: 'o2', name: 'B', slug: 'b', role: 'viewer' },
      ],
    };
    expect(projectsByOrganization(user).map((one) => [one.name, one.projects.map((project) => project.id)])).toEqual([
      ['Acme', ['p1']],
      ['Beta', ['p2']],
    ]);
  });

  it('checks an invitation with the contract, leaving out empty project rows', () => {
    expect(checkInvite({ email: ' new@example.com ', role: 'viewer', projectRoles: [{ projectId: '', role: 'editor' }] })).toEqual({
      ok: true,
      request: { email: 'new@example.com', role: 'viewer', projectRoles: [] },
    });
    expect(checkInvite({ email: 'nope', role: 'viewer', projectRoles: [] })).toEqual({ ok: false, errors: { email: 'Enter an e-mail address.' } });
    expect(
      checkInvite({
        email: 'a@b.co',
        role: 'viewer',
        projectRoles: [
          { projectId: P, role: 'editor' },
          { projectId: P, role: 'admin' },
        ],
      }),
    ).toEqual({ ok: false, errors: { projectRoles: 'Name each project once.' } });
  });
});

describe('audit records', () => {
  it('builds the query of either trail', () => {
    expect(auditPath({ kind: 'project', projectId: 'p1' }, { action: 'alert-rules' }, 'c1')).toBe('/api/v1/audit-log?project=p1&action=alert-rules&cursor=c1&limit=50');
    expect(auditPath({ kind: 'organization', organizationId: 'o1' }, { action: '', from: 1, to: 2 })).toBe('/api/v1/organization-audit-log?organization=o1&from=1&to=2&limit=50');
  });

  it('names the changed paths and the target', () => {
    expect(changedPaths({ name: 'a', spec: { critical: 5, warning: 1 }, tags: [1] }, { name: 'a', spec: { critical: 8, warning: 1 }, tags: [1, 2] })).toEqual(['spec.critical', 'tags']);
    expect(changedPaths(null, { name: 'x' })).toEqual(['(value)']);
    expect(describeAction('notification-channels.rotate-secret')).toBe('notification channels · rotate secret');
    expect(describeAction('account.sessions.delete')).toBe('account · sessions · delete');
    const record = { after: { channel: { name: 'ops' }, secret: '[masked]' }, before: null, target: { type: 'notification-channels', id: 'c1' } } as unknown as AuditRecord;
    expect(targetLabel(record)).toBe('ops');
    expect(targetLabel({ ...record, after: null, before: null })).toBe('c1');
  });
});
