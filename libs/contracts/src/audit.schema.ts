import { z } from 'zod';

/** One configuration write as the audit trail keeps it (docs/teams.md, "Audit trail"). */
export const auditRecordSchema = z.object({
  id: z.string(),
  at: z.string(),
  organizationId: z.string().nullable(),
  projectId: z.string().nullable(),
  actor: z.object({ type: z.enum(['user', 'api-key', 'anonymous']), id: z.string().nullable(), label: z.string() }),
  address: z.string(),
  userAgent: z.string().nullable(),
  method: z.string(),
  route: z.string(),
  action: z.string(),
  target: z.object({ type: z.string(), id: z.string().nullable() }),
  status: z.number().int(),
  /** The resource before and after, secrets masked; null when it did not exist (before a creation, after a deletion). */
  before: z.unknown(),
  after: z.unknown(),
  requestId: z.string(),
});
export type AuditRecord = z.infer<typeof auditRecordSchema>;

const epochMs = z.coerce.number().int().nonnegative();

/** Query of `GET /api/v1/audit-log` (a project's) and `GET /api/v1/organization-audit-log` (everything of an organization). */
export const auditListRequestSchema = z.strictObject({
  /** A resource kind (`alert-rules`) or one action (`alert-rules.replace`). */
  action: z
    .string()
    .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)*$/, 'must be a resource such as alert-rules, or an action such as alert-rules.replace')
    .optional(),
  actor: z.string().max(200).optional(),
  target: z.string().max(200).optional(),
  from: epochMs.optional(),
  to: epochMs.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type AuditListRequest = z.output<typeof auditListRequestSchema>;

export const auditListResponseSchema = z.object({
  records: z.array(auditRecordSchema),
  /** Pass as `cursor` for the next, older page; null when this page is the last. */
  nextCursor: z.string().nullable(),
});
export type AuditListResponse = z.infer<typeof auditListResponseSchema>;
