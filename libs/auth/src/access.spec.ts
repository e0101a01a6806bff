import { describe, expect, it } from 'vitest';
import { authorize, authorizeOrganization, type Principal } from './access';
import type { MemberRole } from './roles';

const key: Principal = { kind: 'api-key', keyId: 'k1', keyName: 'ci', keyPrefix: 'vgl_abcd1234', projectId: 'p1', organizationId: 'o1', scopes: ['ingest'] };
const user = (roles: [string, MemberRole][], organizations: [string, MemberRole][] = [['o1', 'viewer']]): Principal => ({
  kind: 'user',
  userId: 'u1',
  email: 'ada@example.com',
  sessionId: 's1',
  projects: new Map(roles.map(([project, role]) => [project, { role, organizationId: 'o1' }])),
  organizations: new Map(organizations),
});

describe('authorize', () => {
  it('binds a key to its own project', () => {
    expect(authorize(key, undefined, 'ingest')).toEqual({ allowed: true, projectId: 'p1', organizationId: 'o1' });
    expect(authorize(key, 'p1', 'ingest')).toEqual({ allowed: true, projectId: 'p1', organizationId: 'o1' });
    expect(authorize(key, 'p2', 'ingest')).toMatchObject({ allowed: false, reason: 'FORBIDDEN', message: 'This API key belongs to another project.' });
  });

  it('refuses a scope the key lacks, naming it', () => {
    expect(authorize(key, undefined, 'read')).toMatchObject({ allowed: false, message: expect.stringContaining('"read"') });
  });

  it('lets a member use what the role grants', () => {
    expect(authorize(user([['p1', 'viewer']]), 'p1', 'read')).toEqual({ allowed: true, projectId: 'p1', organizationId: 'o1' });
    expect(authorize(user([['p1', 'viewer']]), 'p1', 'ingest')).toMatchObject({ allowed: false, reason: 'FORBIDDEN' });
    expect(authorize(user([['p1', 'editor']]), 'p1', 'configure')).toMatchObject({ allowed: true });
    expect(authorize(user([['p1', 'editor']]), 'p1', 'admin')).toMatchObject({ allowed: false, message: 'Your role "editor" does not allow "admin" in this project.' });
    expect(authorize(user([['p1', 'owner']]), 'p1', 'admin')).toMatchObject({ allowed: true });
  });

  it('refuses projects the person is not a member of', () => {
    expect(authorize(user([['p1', 'owner']]), 'p2', 'read')).toMatchObject({ allowed: false, reason: 'FORBIDDEN' });
  });

  it('picks the only project when none is named, and asks when there are several', () => {
    expect(authorize(user([['p1', 'viewer']]), undefined, 'read')).toMatchObject({ allowed: true, projectId: 'p1' });
    expect(authorize(user([['p1', 'viewer'], ['p2', 'viewer']]), undefined, 'read')).toMatchObject({ allowed: false, reason: 'PROJECT_REQUIRED' });
  });
});

describe('authorizeOrganization', () => {
  it('is for people only', () => {
    expect(authorizeOrganization(key, 'o1', 'member')).toMatchObject({ allowed: false, reason: 'FORBIDDEN' });
  });

  it('lets members read and owners and admins manage', () => {
    expect(authorizeOrganization(user([], [['o1', 'viewer']]), 'o1', 'member')).toEqual({ allowed: true, organizationId: 'o1', role: 'viewer' });
    expect(authorizeOrganization(user([], [['o1', 'editor']]), 'o1', 'manage')).toMatchObject({ allowed: false, message: expect.stringContaining('"editor"') });
    expect(authorizeOrganization(user([], [['o1', 'admin']]), 'o1', 'manage')).toMatchObject({ allowed: true, role: 'admin' });
    expect(authorizeOrganization(user([], [['o1', 'owner']]), 'o2', 'member')).toMatchObject({ allowed: false, reason: 'FORBIDDEN' });
  });

  it('implies the only organization and asks when there are several', () => {
    expect(authorizeOrganization(user([], [['o1', 'owner']]), undefined, 'manage')).toMatchObject({ allowed: true, organizationId: 'o1' });
    expect(authorizeOrganization(user([], [['o1', 'owner'], ['o2', 'viewer']]), undefined, 'member')).toMatchObject({ allowed: false, reason: 'ORGANIZATION_REQUIRED' });
  });
});
