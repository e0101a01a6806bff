import type { InviteRecord, MemberRecord, OrganizationWithRole, ProjectRecord, SessionRecord } from '@vigil/config-store';
import type { AccountSession, Invite, Member, MemberRoleName, Organization, Project } from '@vigil/contracts';

/** Records as the API shows them (times ISO 8601): one mapping per resource, shared by the controllers. */

export function organizationView(organization: OrganizationWithRole): Organization {
  return { id: organization.id, name: organization.name, role: organization.role, createdAt: organization.createdAt.toISOString() };
}

/** `role` is the caller's in the project (null for an API key, which has scopes instead). */
export function projectView(project: ProjectRecord, role: MemberRoleName | null): Project {
  return { id: project.id, organizationId: project.organizationId, name: project.name, slug: project.slug, retentionDays: project.retentionDays, role, createdAt: project.createdAt.toISOString() };
}

export function memberView(member: MemberRecord): Member {
  return { id: member.userId, email: member.email, name: member.name, role: member.role, projectRoles: member.projectRoles, joinedAt: member.createdAt.toISOString() };
}

export function inviteView(invite: InviteRecord, invitedBy: string | null, now: Date): Invite {
  return {
    id: invite.id,
    email: invite.email,
    role: invite.role,
    projectRoles: invite.projectRoles,
    invitedBy,
    createdAt: invite.createdAt.toISOString(),
    expiresAt: invite.expiresAt.toISOString(),
    status: invite.expiresAt > now ? 'pending' : 'expired',
  };
}

export function sessionView(session: SessionRecord, currentSessionId: string): AccountSession {
  return {
    id: session.id,
    createdAt: session.createdAt.toISOString(),
    lastSeenAt: session.lastSeenAt?.toISOString() ?? null,
    expiresAt: session.expiresAt.toISOString(),
    address: session.address,
    userAgent: session.userAgent,
    current: session.id === currentSessionId,
  };
}

/** `Checkout API` → `checkout-api`: URL-friendly, unique in the organization (`-2`, `-3`, … when taken). */
export function uniqueSlug(name: string, taken: ReadonlySet<string>): string {
  const base =
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 48) || 'project';
  if (!taken.has(base)) return base;
  for (let suffix = 2; ; suffix += 1) if (!taken.has(`${base}-${suffix}`)) return `${base}-${suffix}`;
}
