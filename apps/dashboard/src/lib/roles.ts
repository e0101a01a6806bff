import { type ApiKeyScope, MEMBER_ROLE_NAMES, type MemberRoleName, SCOPES_BY_ROLE, type SessionUser } from '@vigil/contracts';

/** The person's role in a project (their project role, else their organization role), as the API decides it. */
export function roleIn(user: SessionUser, projectId: string): MemberRoleName | undefined {
  return user.projects.find((project) => project.id === projectId)?.role;
}

/** Whether the person's role in the project grants `scope` (the same table the API uses, from the contracts). */
export function can(user: SessionUser, projectId: string, scope: ApiKeyScope): boolean {
  const role = roleIn(user, projectId);
  return role !== undefined && SCOPES_BY_ROLE[role].includes(scope);
}

export function organizationRole(user: SessionUser, organizationId: string): MemberRoleName | undefined {
  return user.organizations.find((organization) => organization.id === organizationId)?.role;
}

/** Owners and admins manage the organization: projects, members, invitations, its audit trail. */
export function managesOrganization(user: SessionUser, organizationId: string): boolean {
  const role = organizationRole(user, organizationId);
  return role === 'owner' || role === 'admin';
}

/** The organization of a project the person can see. */
export function organizationOf(user: SessionUser, projectId: string): string | undefined {
  return user.projects.find((project) => project.id === projectId)?.organizationId;
}

/** Roles someone with `actor` may give (only owners make owners), in the contract's order. */
export function assignableRoles(actor: MemberRoleName | undefined): MemberRoleName[] {
  if (actor === 'owner') return [...MEMBER_ROLE_NAMES];
  if (actor === 'admin') return MEMBER_ROLE_NAMES.filter((role) => role !== 'owner');
  return [];
}

/** What each role may do, in the words the members page shows. */
export const ROLE_DESCRIPTIONS: Record<MemberRoleName, string> = {
  owner: 'everything, including owners and deleting projects',
  admin: 'everything but owners: members, projects, API keys, settings',
  editor: 'alert rules, channels, silences and other configuration; sends data',
  viewer: 'reads metrics, logs, alerts and settings; changes nothing',
};
