import { type CanActivate, type ExecutionContext, Injectable, SetMetadata, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { authorize, authorizeOrganization, type OrganizationNeed, type Principal } from '@vigil/auth';
import { type ApiKeyScope, SESSION_COOKIE } from '@vigil/contracts';
import { DomainError } from '@vigil/server-kit';
import type { FastifyRequest } from 'fastify';
import { AuditSnapshots, SNAPSHOT_HEADER } from '../audit/audit-snapshots';
import { AuthenticationService } from './authentication.service';

const SCOPE_KEY = 'vigil:scope';
const ORGANIZATION_KEY = 'vigil:organization';
const SIGNED_IN_KEY = 'vigil:signed-in';

/**
 * The route acts on one project and needs this scope there (from a key, or from the person's
 * role). The project is the `:project` path parameter or the `project` query parameter.
 */
export const RequireScope = (scope: ApiKeyScope) => SetMetadata(SCOPE_KEY, scope);
/**
 * The route acts on an organization (the `:organization` path parameter or `organization` query
 * parameter, implied for people in only one): any member may read, owners and admins manage.
 * People only: API keys belong to a project.
 */
export const RequireOrganization = (need: OrganizationNeed) => SetMetadata(ORGANIZATION_KEY, need);
/** The route needs a signed-in person but no particular project. */
export const RequireSession = () => SetMetadata(SIGNED_IN_KEY, true);

export interface RequestAccess {
  principal: Principal;
  projectId?: string;
  organizationId?: string;
}

export type AccessRequest = FastifyRequest & { vigilAccess?: RequestAccess };

/** The project the request was authorised for, set by AccessGuard. */
export const ProjectId = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const projectId = context.switchToHttp().getRequest<AccessRequest>().vigilAccess?.projectId;
  if (!projectId) throw new Error('ProjectId used on a route without @RequireScope');
  return projectId;
});

/** The organization the request was authorised for, set by AccessGuard. */
export const OrganizationId = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const organizationId = context.switchToHttp().getRequest<AccessRequest>().vigilAccess?.organizationId;
  if (!organizationId) throw new Error('OrganizationId used on a route without @RequireOrganization or @RequireScope');
  return organizationId;
});

export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AccessRequest>().vigilAccess?.principal;
  if (!principal) throw new Error('CurrentPrincipal used on a route without an access requirement');
  return principal;
});

/** The signed-in person of a @RequireSession (or organization) route. */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): Extract<Principal, { kind: 'user' }> => {
  const principal = context.switchToHttp().getRequest<AccessRequest>().vigilAccess?.principal;
  if (principal?.kind !== 'user') throw new Error('CurrentUser used on a route that admits API keys');
  return principal;
});

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) throw new DomainError('UNAUTHENTICATED', 'The Authorization header must be "Bearer <API key>".');
  return match[1];
}

/** A path parameter, else a query parameter, of this name; both differing is a mistake worth a 400. */
function named(request: FastifyRequest, name: 'project' | 'organization'): string | undefined {
  const fromPath = (request.params as Record<string, unknown> | undefined)?.[name];
  const fromQuery = (request.query as Record<string, unknown> | undefined)?.[name];
  const path = typeof fromPath === 'string' && fromPath !== '' ? fromPath : undefined;
  const query = typeof fromQuery === 'string' && fromQuery !== '' ? fromQuery : undefined;
  if (path !== undefined && query !== undefined && path !== query) {
    throw new DomainError('VALIDATION_FAILED', `The path names ${name} ${path} but the query names ${query}.`, { errors: [{ path: name, message: 'differs from the path' }] });
  }
  return path ?? query;
}

/**
 * Authenticates (Bearer API key, else session cookie) and authorises routes marked with
 * RequireScope, RequireOrganization or RequireSession; unmarked routes are public. The audit
 * trail's reads of a resource before and after a write (audit-snapshots.ts) act with the write's
 * own access.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authentication: AuthenticationService,
    private readonly snapshots: AuditSnapshots,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const scope = this.reflector.getAllAndOverride<ApiKeyScope | undefined>(SCOPE_KEY, targets);
    const organizationNeed = this.reflector.getAllAndOverride<OrganizationNeed | undefined>(ORGANIZATION_KEY, targets);
    const sessionOnly = this.reflector.getAllAndOverride<boolean | undefined>(SIGNED_IN_KEY, targets);
    const request = context.switchToHttp().getRequest<AccessRequest>();
    const snapshot = request.headers[SNAPSHOT_HEADER];
    if (typeof snapshot === 'string') {
      request.vigilAccess = this.snapshots.access(snapshot, { project: named(request, 'project'), organization: named(request, 'organization') });
      return true;
    }
    if (!scope && !organizationNeed && !sessionOnly) return true;

    const principal = await this.authenticate(request);
    if (sessionOnly) {
      if (principal.kind !== 'user') throw new DomainError('FORBIDDEN', 'This route is for signed-in people, not API keys.');
      request.vigilAccess = { principal };
      return true;
    }
    if (organizationNeed) {
      const decision = authorizeOrganization(principal, named(request, 'organization'), organizationNeed);
      if (!decision.allowed) throw new DomainError(decision.reason === 'ORGANIZATION_REQUIRED' ? 'VALIDATION_FAILED' : 'FORBIDDEN', decision.message);
      request.vigilAccess = { principal, organizationId: decision.organizationId };
      return true;
    }
    const decision = authorize(principal, named(request, 'project'), scope as ApiKeyScope);
    if (!decision.allowed) {
      throw new DomainError(decision.reason === 'PROJECT_REQUIRED' ? 'VALIDATION_FAILED' : 'FORBIDDEN', decision.message);
    }
    request.vigilAccess = { principal, projectId: decision.projectId, organizationId: decision.organizationId };
    return true;
  }

  private async authenticate(request: FastifyRequest): Promise<Principal> {
    const key = bearerToken(request);
    if (key !== undefined) return this.authentication.authenticateKey(key);
    const session = request.cookies?.[SESSION_COOKIE];
    if (session) return this.authentication.authenticateSession(session, request);
    throw new DomainError('UNAUTHENTICATED', 'Send an API key as "Authorization: Bearer <key>", or sign in.');
  }
}
