import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { AuditActorType } from '@vigil/config-store';
import type { FastifyRequest } from 'fastify';

const EXEMPT_KEY = 'vigil:audit-exempt';

/**
 * This write is not a configuration change and is left out of the audit trail; the reason is
 * required, so the exemption is read as a decision (ingest: telemetry, not configuration; a
 * preview: reads only).
 */
export const AuditExempt = (reason: string) => SetMetadata(EXEMPT_KEY, reason);

export function auditExemption(metadata: (key: string) => string | undefined): string | undefined {
  return metadata(EXEMPT_KEY);
}

/**
 * What a handler may tell the audit trail about its write, where the defaults (the route's GET
 * twin before and after, the response, the caller) do not fit: the actor of a public route (the
 * person who just accepted an invitation), the target and tenant of an organization-level
 * creation, or a before/after the API does not show elsewhere. Unset fields keep the defaults.
 */
export class AuditDraft {
  actor: { type: AuditActorType; id: string | null; label: string } | undefined;
  organizationId: string | undefined;
  projectId: string | undefined;
  targetId: string | undefined;
  private described: { before?: unknown; after?: unknown } = {};

  /** Sets the before and/or after values the record keeps (secrets are masked on writing). */
  describe(values: { before?: unknown; after?: unknown }): void {
    this.described = { ...this.described, ...values };
  }

  get before(): { value: unknown } | undefined {
    return 'before' in this.described ? { value: this.described.before } : undefined;
  }

  get after(): { value: unknown } | undefined {
    return 'after' in this.described ? { value: this.described.after } : undefined;
  }
}

type AuditedRequest = FastifyRequest & { vigilAudit?: AuditDraft };

export function draftOf(request: FastifyRequest): AuditDraft {
  const audited = request as AuditedRequest;
  audited.vigilAudit ??= new AuditDraft();
  return audited.vigilAudit;
}

/** The audit draft of this request, for handlers that describe their write (see AuditDraft). */
export const Audit = createParamDecorator((_data: unknown, context: ExecutionContext): AuditDraft => draftOf(context.switchToHttp().getRequest<FastifyRequest>()));
