import { type CanActivate, type ExecutionContext, Injectable, SetMetadata, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { authorize, type Principal } from '@vigil/auth';
import { type ApiKeyScope, SESSION_COOKIE } from '@vigil/contracts';
import { DomainError } from '@vigil/server-kit';
import type { FastifyRequest } from 'fastify';
import { AuthenticationService } from './authentication.service';

const SCOPE_KEY = 'vigil:scope';
const SIGNED_IN_KEY = 'vigil:signed-in';

/** The route acts on one project and needs this scope there (from a key, or from the person's role). */
export const RequireScope = (scope: ApiKeyScope) => SetMetadata(SCOPE_KEY, scope);
/** The route needs a signed-in person but no particular project. */
export const RequireSession = () => SetMetadata(SIGNED_IN_KEY, true);

export interface RequestAccess {
  principal: Principal;
  projectId?: string;
}

type AccessRequest = FastifyRequest & { vigilAccess?: RequestAccess };

/** The project the request was authorised for, set by AccessGuard. */
export const ProjectId = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const projectId = context.switchToHttp().getRequest<AccessRequest>().vigilAccess?.projectId;
  if (!projectId) throw new Error('ProjectId used on a route without @RequireScope');
  return projectId;
});

export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AccessRequest>().vigilAccess?.principal;
  if (!principal) throw new Error('CurrentPrincipal used on a route without an access requirement');
  return principal;
});

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) throw new DomainError('UNAUTHENTICATED', 'The Authorization header must be "Bearer <API key>".');
  return match[1];
}

function requestedProject(request: FastifyRequest): string | undefined {
  const value = (request.query as Record<string, unknown> | undefined)?.['project'];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Authenticates (Bearer API key, else session cookie) and authorises routes marked with
 * RequireScope or RequireSession; unmarked routes are public.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authentication: AuthenticationService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const scope = this.reflector.getAllAndOverride<ApiKeyScope | undefined>(SCOPE_KEY, targets);
    const sessionOnly = this.reflector.getAllAndOverride<boolean | undefined>(SIGNED_IN_KEY, targets);
    if (!scope && !sessionOnly) return true;

    const request = context.switchToHttp().getRequest<AccessRequest>();
    const principal = await this.authenticate(request);
    if (sessionOnly) {
      if (principal.kind !== 'user') throw new DomainError('FORBIDDEN', 'This route is for signed-in people, not API keys.');
      request.vigilAccess = { principal };
      return true;
    }
    const decision = authorize(principal, requestedProject(request), scope as ApiKeyScope);
    if (!decision.allowed) {
      throw new DomainError(decision.reason === 'PROJECT_REQUIRED' ? 'VALIDATION_FAILED' : 'FORBIDDEN', decision.message);
    }
    request.vigilAccess = { principal, projectId: decision.projectId };
    return true;
  }

  private async authenticate(request: FastifyRequest): Promise<Principal> {
    const key = bearerToken(request);
    if (key !== undefined) return this.authentication.authenticateKey(key);
    const session = request.cookies?.[SESSION_COOKIE];
    if (session) return this.authentication.authenticateSession(session);
    throw new DomainError('UNAUTHENTICATED', 'Send an API key as "Authorization: Bearer <key>", or sign in.');
  }
}
