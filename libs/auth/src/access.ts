import type { ApiKeyScope } from '@vigil/contracts';

export type MemberRole = 'owner' | 'admin' | 'editor' | 'viewer';

/** Who is calling: a project's API key, or a signed-in person with roles in some projects. */
export type Principal =
  | { kind: 'api-key'; keyId: string; projectId: string; scopes: readonly ApiKeyScope[] }
  | { kind: 'user'; userId: string; roles: ReadonlyMap<string, MemberRole> };

/** Editors configure alerting and checks; admins and owners also manage keys and settings. */
const SCOPES_BY_ROLE: Record<MemberRole, readonly ApiKeyScope[]> = {
  owner: ['ingest', 'read', 'configure', 'admin'],
  admin: ['ingest', 'read', 'configure', 'admin'],
  editor: ['ingest', 'read', 'configure'],
  viewer: ['read'],
};

export type AccessDecision =
  | { allowed: true; projectId: string }
  | { allowed: false; reason: 'FORBIDDEN' | 'PROJECT_REQUIRED'; message: string };

/**
 * Decides whether `principal` may use `scope` on a project. A key is bound to its own project
 * (naming another is refused); a person names the project and needs a membership whose role
 * grants the scope.
 */
export function authorize(principal: Principal, requestedProjectId: string | undefined, scope: ApiKeyScope): AccessDecision {
  if (principal.kind === 'api-key') {
    if (requestedProjectId !== undefined && requestedProjectId !== principal.projectId) {
      return { allowed: false, reason: 'FORBIDDEN', message: 'This API key belongs to another project.' };
    }
    if (!principal.scopes.includes(scope)) {
      return { allowed: false, reason: 'FORBIDDEN', message: `This API key lacks the "${scope}" scope (it has: ${principal.scopes.join(', ') || 'none'}).` };
    }
    return { allowed: true, projectId: principal.projectId };
  }
  const projectId = requestedProjectId ?? (principal.roles.size === 1 ? [...principal.roles.keys()][0] : undefined);
  if (projectId === undefined) {
    return { allowed: false, reason: 'PROJECT_REQUIRED', message: 'Name the project with the `project` query parameter.' };
  }
  const role = principal.roles.get(projectId);
  if (!role) return { allowed: false, reason: 'FORBIDDEN', message: 'You are not a member of this project.' };
  if (!SCOPES_BY_ROLE[role].includes(scope)) {
    return { allowed: false, reason: 'FORBIDDEN', message: `Your role "${role}" does not allow "${scope}" in this project.` };
  }
  return { allowed: true, projectId };
}
