import { type CallHandler, type ExecutionContext, HttpStatus, Inject, Injectable, type NestInterceptor, RequestMethod } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { auditActionOf, maskSecrets } from '@vigil/audit';
import type { AuditRecordInput } from '@vigil/config-store';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';
import { from, mergeMap, type Observable } from 'rxjs';
import type { AccessRequest, RequestAccess } from '../auth/access.guard';
import { type AuditDraft, auditExemption, draftOf } from './audit-draft';
import { AuditSnapshots } from './audit-snapshots';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const MAX_USER_AGENT = 300;

/** The id of what a creation made, from its answer: `id`, or the `id` of the object it holds (`{ channel: { id } }`). */
function createdId(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const own = (body as { id?: unknown }).id;
  if (typeof own === 'string') return own;
  for (const value of Object.values(body)) {
    const nested = value !== null && typeof value === 'object' ? (value as { id?: unknown }).id : undefined;
    if (typeof nested === 'string') return nested;
  }
  return undefined;
}

/**
 * The trails a write belongs in: its organization's; for a person's own account (a new password,
 * an ended session), which names no tenant, every organization the person is in, so each one's
 * owners see it; else none (null).
 */
function organizationsOf(draft: AuditDraft, access: RequestAccess | undefined): (string | null)[] {
  const named = draft.organizationId ?? access?.organizationId;
  if (named !== undefined) return [named];
  const own = access?.principal.kind === 'user' ? [...access.principal.organizations.keys()] : [];
  return own.length > 0 ? own : [null];
}

/**
 * The audit trail, for every write of every route unless the route is marked @AuditExempt: one
 * record per successful write (2xx) with who (person or key), from where (the client's address,
 * through TRUST_PROXY), when, what (action and target from the route) and the resource before and
 * after with secrets masked. Before and after come from the route's GET twin (audit-snapshots.ts)
 * or the write's answer, unless the handler describes them (AuditDraft). The record is written
 * before the answer is sent; if it cannot be, the write stands (it is committed) and the record is
 * logged in full instead, so it is not lost. Refused requests change nothing and are not recorded.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    @Inject(RUNTIME) private readonly runtime: VigilRuntime,
    private readonly reflector: Reflector,
    private readonly snapshots: AuditSnapshots,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AccessRequest>();
    const handler = context.getHandler();
    const exemption = auditExemption((key) => this.reflector.getAllAndOverride<string | undefined>(key, [handler, context.getClass()]));
    if (!WRITES.has(request.method) || exemption !== undefined) return next.handle();
    const draft = draftOf(request);
    const route = request.routeOptions.url ?? request.url.split('?')[0] ?? '';
    const params = (request.params ?? {}) as Record<string, string>;
    const source = this.snapshots.source(request.method, route, params);
    return from(source ? this.snapshots.read(request, source) : Promise.resolve(null)).pipe(
      mergeMap((before) =>
        next.handle().pipe(
          mergeMap(async (body: unknown) => {
            const after = draft.after?.value ?? (await this.afterOf(request, source, body));
            await this.record(request, draft, route, params, this.statusOf(context, request.method), draft.before?.value ?? before ?? null, after);
            return body;
          }),
        ),
      ),
    );
  }

  /** The answer when it shows the resource; else (204, or a deletion) the GET twin again. */
  private async afterOf(request: AccessRequest, source: ReturnType<AuditSnapshots['source']>, body: unknown): Promise<unknown> {
    if (body !== undefined && body !== null && body !== '') return body;
    if (request.method === 'DELETE' || !source) return null;
    return (await this.snapshots.read(request, source)) ?? null;
  }

  private statusOf(context: ExecutionContext, method: string): number {
    const declared = this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler());
    return declared ?? (method === RequestMethod[RequestMethod.POST] ? HttpStatus.CREATED : HttpStatus.OK);
  }

  private async record(request: AccessRequest, draft: AuditDraft, route: string, params: Record<string, string>, status: number, before: unknown, after: unknown): Promise<void> {
    const { action, targetType, idParam } = auditActionOf(request.method, route);
    const access = request.vigilAccess;
    const principal = access?.principal;
    const actor =
      draft.actor ??
      (principal?.kind === 'user'
        ? { type: 'user' as const, id: principal.userId, label: principal.email }
        : principal?.kind === 'api-key'
          ? { type: 'api-key' as const, id: principal.keyId, label: `API key "${principal.keyName}" (${principal.keyPrefix}…)` }
          : { type: 'anonymous' as const, id: null, label: 'anonymous' });
    const userAgent = request.headers['user-agent'];
    const record: Omit<AuditRecordInput, 'organizationId'> = {
      projectId: draft.projectId ?? access?.projectId ?? null,
      actorType: actor.type,
      actorId: actor.id,
      actorLabel: actor.label,
      address: request.ip,
      userAgent: typeof userAgent === 'string' ? userAgent.slice(0, MAX_USER_AGENT) : null,
      method: request.method,
      route,
      action,
      targetType,
      targetId: draft.targetId ?? (idParam === undefined ? undefined : params[idParam]) ?? createdId(after) ?? null,
      status,
      before: maskSecrets(before),
      after: maskSecrets(after),
      requestId: request.id,
    };
    for (const organizationId of organizationsOf(draft, access)) {
      try {
        await this.runtime.store.auditRecords.insert({ ...record, organizationId });
      } catch (error) {
        this.runtime.logger.error({ err: error, audit: { ...record, organizationId } }, 'could not store an audit record; it is logged here instead');
      }
    }
  }
}
