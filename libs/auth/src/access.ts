import type { ApiKeyScope } from '@vigil/contracts';
import { managesOrganization, type MemberRole, SCOPES_BY_ROLE } from './roles';

/** A person's access to one project: their role there and the project's organization. */
export interface ProjectAccess {
  role: MemberRole;
  organizationId: string;
}

/** Who is calling: a project's API key, or a signed-in person with roles in organizations and projects. */
export type Principal =
  | { kind: 'api-key'; keyId: string; keyName: string; keyPrefix: string; projectId: string; organizationId: string; scopes: readonly ApiKeyScope[] }
  | {
      kind: 'user';
      userId: string;
      email: string;
      sessionId: string;
      /** Every live project of the person's organizations, with their role there. */
      projects: ReadonlyMap<string, ProjectAccess>;
      /** The person's organizations with their organization role. */
      organizations: ReadonlyMap<string, MemberRole>;
    };

export type AccessDecision =
  | { allowed: true; projectId: string; organizationId: string }
  | { allowed: false; reason: 'FORBIDDEN' | 'PROJECT_REQUIRED'; message: string };

/**
 * Decides whether `principal` may use `scope` on a project. A key is bound to its own project
 * (naming another is refused); a person names the project and needs a role there that grants
 * the scope.
 */
export function authorize(principal: Principal, requestedProjectId: string | undefined, scope: ApiKeyScope): AccessDecision {
  if (principal.kind === 'api-key') {
    if (requestedProjectId !== undefined && requestedProjectId !== principal.projectId) {
      return { allowed: false, reason: 'FORBIDDEN', message: 'This API key belongs to another project.' };
    }
    if (!principal.scopes.includes(scope)) {
      return { allowed: false, reason: 'FORBIDDEN', message: `This API key lacks the "${scope}" scope (it has: ${principal.scopes.join(', ') || 'none'}).` };
    }
    return { allowed: true, projectId: principal.projectId, organizationId: principal.organizationId };
  }
  const projectId = requestedProjectId ?? (principal.projects.size === 1 ? [...principal.projects.keys()][0] : undefined);
  if (projectId === undefined) {
    return { allowed: false, reason: 'PROJECT_REQUIRED', message: 'Name the project with the `project` query parameter.' };
  }
  const access = principal.projects.get(projectId);
  // One answer for a project of someone else's, one being deleted and one that never existed: the
  // refusal must not tell an outsider which ids exist.
  if (!access) return { allowed: false, reason: 'FORBIDDEN', message: 'This project is not one of yours (or it is being deleted, or does not exist).' };
  if (!SCOPES_BY_ROLE[access.role].includes(scope)) {
    return { allowed: false, reason: 'FORBIDDEN', message: `Your role "${access.role}" does not allow "${scope}" in this project.` };
  }
  return { allowed: true, projectId, organizationId: access.organizationId };
}

/** What an organization route needs: any member (to read), or an owner or admin (to manage). */
export type OrganizationNeed = 'member' | 'manage';

export type OrganizationDecision =
  | { allowed: true; organizationId: string; role: MemberRole }
  | { allowed: false; reason: 'FORBIDDEN' | 'ORGANIZATION_REQUIRED'; message: string };

/**
 * Decides whether `principal` may act on an organization. Organizations are managed by people
 * only: an API key belongs to one project, and a leaked key must not reach its neighbours.
 * The organization is named (`organization`) or, for someone in only one, implied.
 */
export function authorizeOrganization(principal: Principal, requestedOrganizationId: string | undefined, need: OrganizationNeed): OrganizationDecision {
  if (principal.kind === 'api-key') {
    return { allowed: false, reason: 'FORBIDDEN', message: 'Organizations, projects and members are managed by people signed in, not with API keys.' };
  }
  const organizationId = requestedOrganizationId ?? (principal.organizations.size === 1 ? [...principal.organizations.keys()][0] : undefined);
  if (organizationId === undefined) {
    return { allowed: false, reason: 'ORGANIZATION_REQUIRED', message: 'Name the organization with the `organization` query parameter.' };
  }
  const role = principal.organizations.get(organizationId);
  if (!role) return { allowed: false, reason: 'FORBIDDEN', message: 'You are not a member of this organization.' };
  if (need === 'manage' && !managesOrganization(role)) {
    return { allowed: false, reason: 'FORBIDDEN', message: `Your role "${role}" in this organization does not allow this; owners and admins do.` };
  }
  return { allowed: true, organizationId, role };
}
