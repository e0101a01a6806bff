import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuditRecordFilter, AuditRecordRow } from '@vigil/config-store';
import { type AuditListRequest, auditListRequestSchema, type AuditListResponse, type AuditRecord } from '@vigil/contracts';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';
import { DomainError, parseOrThrow } from '@vigil/server-kit';
import { OrganizationId, ProjectId, RequireOrganization, RequireScope } from '../auth/access.guard';
import { ApiQueryParams, PROJECT_QUERY_PARAM } from '../http/openapi';

const FILTER_PARAMS = [
  { name: 'action', description: 'A resource (alert-rules) or one action (alert-rules.replace)' },
  { name: 'actor', description: 'A user id or API key id' },
  { name: 'target', description: 'The id of the resource written' },
  { name: 'from', description: 'Epoch ms' },
  { name: 'to', description: 'Epoch ms' },
  { name: 'cursor', description: 'nextCursor of the previous page' },
  { name: 'limit', description: '1 … 500, default 100' },
];

function recordView(row: AuditRecordRow): AuditRecord {
  return {
    id: row.id,
    at: row.at.toISOString(),
    organizationId: row.organizationId,
    projectId: row.projectId,
    actor: { type: row.actorType, id: row.actorId, label: row.actorLabel },
    address: row.address,
    userAgent: row.userAgent,
    method: row.method,
    route: row.route,
    action: row.action,
    target: { type: row.targetType, id: row.targetId },
    status: row.status,
    before: row.before,
    after: row.after,
    requestId: row.requestId,
  };
}

function encodeCursor(row: AuditRecordRow): string {
  return Buffer.from(JSON.stringify([row.at.toISOString(), row.id])).toString('base64url');
}

function decodeCursor(cursor: string): { at: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const date = new Date(at);
    if (typeof id === 'string' && !Number.isNaN(date.getTime())) return { at: date, id };
  } catch {
    // Described below.
  }
  throw new DomainError('VALIDATION_FAILED', 'Invalid audit query: cursor is not one this API gave out.', { errors: [{ path: 'cursor', message: 'not a cursor from nextCursor' }] });
}

/**
 * The audit trail (docs/teams.md): every configuration write, newest first. A project's records
 * take its `admin` scope (owners and admins, admin keys); an organization's (its projects' and its
 * own: members, invitations, projects created and deleted) take an owner or admin of it.
 */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1')
export class AuditController {
  constructor(@Inject(RUNTIME) private readonly runtime: VigilRuntime) {}

  @Get('audit-log')
  @RequireScope('admin')
  @ApiOperation({ summary: "The project's audit trail, newest first" })
  @ApiQueryParams([PROJECT_QUERY_PARAM, ...FILTER_PARAMS])
  project(@ProjectId() projectId: string, @Query() query: Record<string, unknown>): Promise<AuditListResponse> {
    return this.list({ projectId }, query);
  }

  @Get('organization-audit-log')
  @RequireOrganization('manage')
  @ApiOperation({ summary: "The organization's audit trail (its projects' and its own), newest first" })
  @ApiQueryParams([{ name: 'organization', description: 'Organization id (implied when you belong to one)' }, ...FILTER_PARAMS])
  organization(@OrganizationId() organizationId: string, @Query() query: Record<string, unknown>): Promise<AuditListResponse> {
    return this.list({ organizationId }, query);
  }

  private async list(scope: Pick<AuditRecordFilter, 'organizationId' | 'projectId'>, query: Record<string, unknown>): Promise<AuditListResponse> {
    const { project: _project, organization: _organization, ...rest } = query;
    const request: AuditListRequest = parseOrThrow(auditListRequestSchema, rest, 'audit query');
    if (request.from !== undefined && request.to !== undefined && request.to < request.from) {
      throw new DomainError('VALIDATION_FAILED', 'Invalid audit query: to must not be before from.', { errors: [{ path: 'to', message: 'must not be before from' }] });
    }
    const rows = await this.runtime.store.auditRecords.list({
      ...scope,
      ...(request.action === undefined ? {} : { action: request.action }),
      ...(request.actor === undefined ? {} : { actorId: request.actor }),
      ...(request.target === undefined ? {} : { targetId: request.target }),
      ...(request.from === undefined ? {} : { from: new Date(request.from) }),
      ...(request.to === undefined ? {} : { to: new Date(request.to) }),
      ...(request.cursor === undefined ? {} : { after: decodeCursor(request.cursor) }),
      limit: request.limit + 1,
    });
    const page = rows.slice(0, request.limit);
    const last = page[page.length - 1];
    return { records: page.map(recordView), nextCursor: rows.length > request.limit && last ? encodeCursor(last) : null };
  }
}
