import { MEMBER_ROLE_NAMES, SCOPES_BY_ROLE } from '@vigil/contracts';

export const MEMBER_ROLES = MEMBER_ROLE_NAMES;
export type MemberRole = (typeof MEMBER_ROLES)[number];

/** What each role may do in a project, as API key scopes (shared with the dashboard); owners alone manage owners (roleChangeProblem). */
export { SCOPES_BY_ROLE };

/** Roles a member may have in one project instead of their organization role: not owner, which is the organization's. */
export const PROJECT_ROLES = ['admin', 'editor', 'viewer'] as const satisfies readonly MemberRole[];
export type ProjectRoleName = (typeof PROJECT_ROLES)[number];

/** Owners and admins manage the organization: projects, members, invitations, the audit trail. */
export function managesOrganization(role: MemberRole | undefined): boolean {
  return role === 'owner' || role === 'admin';
}

/**
 * Why `actor` may not change a member's organization role from `from` (undefined: not a member
 * yet, an invitation) to `to`, or undefined when they may. Admins manage everyone but owners;
 * only an owner makes an owner or changes an owner's role.
 */
export function roleChangeProblem(actor: MemberRole, from: MemberRole | undefined, to: MemberRole): string | undefined {
  if (!managesOrganization(actor)) return `Your role "${actor}" does not allow managing members; owners and admins do.`;
  if ((to === 'owner' || from === 'owner') && actor !== 'owner') return 'Only an owner can make someone an owner or change an owner’s role.';
  return undefined;
}

/** Why `actor` may not remove a member whose role is `role` (themselves when `self`), or undefined. */
export function removalProblem(actor: MemberRole, role: MemberRole, self: boolean): string | undefined {
  if (self) return undefined;
  if (!managesOrganization(actor)) return `Your role "${actor}" does not allow removing members; owners and admins do.`;
  if (role === 'owner' && actor !== 'owner') return 'Only an owner can remove an owner.';
  return undefined;
}

/**
 * The last-owner rule: after setting `change.userId`'s role to `change.role` (null: removed),
 * the organization must still have an owner. Returns why not, or undefined.
 */
export function lastOwnerProblem(members: readonly { userId: string; role: MemberRole }[], change: { userId: string; role: MemberRole | null }): string | undefined {
  const owners = members.filter((member) => (member.userId === change.userId ? change.role : member.role) === 'owner');
  if (owners.length > 0) return undefined;
  return change.role === null
    ? 'The last owner cannot be removed: make another member an owner first.'
    : 'The last owner cannot be demoted: make another member an owner first.';
}
