import { createInviteRequestSchema, type CreateInviteRequest, type MemberRoleName, type SessionUser } from '@vigil/contracts';

function withQuery(path: string, params: Record<string, string | undefined>): string {
  const query = new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined));
  return query.size > 0 ? `${path}?${query.toString()}` : path;
}

const segment = (id: string | undefined) => (id === undefined ? '' : `/${encodeURIComponent(id)}`);

export const projectsPath = (organizationId: string) => withQuery('/api/v1/projects', { organization: organizationId });
export const projectPath = (projectId: string) => `/api/v1/projects/${encodeURIComponent(projectId)}`;
export const membersPath = (organizationId: string, userId?: string) => withQuery(`/api/v1/members${segment(userId)}`, { organization: organizationId });
export const invitesPath = (organizationId: string, inviteId?: string) => withQuery(`/api/v1/invites${segment(inviteId)}`, { organization: organizationId });
export const accountSessionsPath = (sessionId?: string) => `/api/v1/account/sessions${segment(sessionId)}`;

/** A page of the dashboard for another project: the same page, that project (filters belong to the old one). */
export function switchProjectHref(pathname: string, projectId: string): string {
  return withQuery(pathname, { project: projectId });
}

/** A settings page link that keeps the current project. */
export function settingsHref(page: string, projectId: string): string {
  return withQuery(`/settings/${page}`, { project: projectId });
}

export interface OrganizationProjects {
  id: string;
  name: string;
  role: MemberRoleName;
  projects: SessionUser['projects'];
}

/** The person's projects under their organizations, in the order the API lists both. */
export function projectsByOrganization(user: SessionUser): OrganizationProjects[] {
  return user.organizations.map((organization) => ({ ...organization, projects: user.projects.filter((project) => project.organizationId === organization.id) }));
}

export interface InviteDraft {
  email: string;
  role: MemberRoleName;
  /** Rows of the per-project roles editor; an empty project id is a row not filled in yet. */
  projectRoles: { projectId: string; role: 'admin' | 'editor' | 'viewer' }[];
}

export type InviteFormErrors = Partial<Record<'email' | 'role' | 'projectRoles', string>>;

/** The invitation form checked with the API's own schema; rows without a project are left out. */
export function checkInvite(draft: InviteDraft): { ok: true; request: CreateInviteRequest } | { ok: false; errors: InviteFormErrors } {
  const projectRoles = draft.projectRoles.filter((row) => row.projectId !== '');
  if (new Set(projectRoles.map((row) => row.projectId)).size !== projectRoles.length) return { ok: false, errors: { projectRoles: 'Name each project once.' } };
  const parsed = createInviteRequestSchema.safeParse({ email: draft.email.trim(), role: draft.role, projectRoles });
  if (parsed.success) return { ok: true, request: parsed.data };
  const errors: InviteFormErrors = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] === 'email' ? 'email' : issue.path[0] === 'role' ? 'role' : 'projectRoles';
    errors[field] ??= field === 'email' ? 'Enter an e-mail address.' : issue.message;
  }
  return { ok: false, errors };
}
