import type { SessionUser } from '@vigil/contracts';
import { describe, expect, it } from 'vitest';
import { assignableRoles, can, managesOrganization, organizationOf, roleIn } from './roles';

const user: SessionUser = {
  id: 'u',
  email: 'ada@example.com',
  name: null,
  organizations: [
    { id: 'o1', name: 'Acme', role: 'viewer' },
    { id: 'o2', name: 'Beta', role: 'admin' },
  ],
  projects: [
    { id: 'p1', organizationId: 'o1', name: 'Checkout', slug: 'checkout', role: 'editor' },
    { id: 'p2', organizationId: 'o1', name: 'Search', slug: 'search', role: 'viewer' },
    { id: 'p3', organizationId: 'o2', name: 'Ops', slug: 'ops', role: 'admin' },
  ],
};

describe('roles', () => {
  it('reads the role per project and what it allows, as the API does', () => {
    expect(roleIn(user, 'p1')).toBe('editor');
    expect(can(user, 'p1', 'configure')).toBe(true);
    expect(can(user, 'p1', 'admin')).toBe(false);
    expect(can(user, 'p2', 'configure')).toBe(false);
    expect(can(user, 'p2', 'read')).toBe(true);
    expect(can(user, 'nope', 'read')).toBe(false);
    expect(organizationOf(user, 'p3')).toBe('o2');
  });

  it('lets owners and admins manage an organization, and only owners give the owner role', () => {
    expect(managesOrganization(user, 'o1')).toBe(false);
    expect(managesOrganization(user, 'o2')).toBe(true);
    expect(assignableRoles('owner')).toEqual(['owner', 'admin', 'editor', 'viewer']);
    expect(assignableRoles('admin')).toEqual(['admin', 'editor', 'viewer']);
    expect(assignableRoles('editor')).toEqual([]);
  });
});
