import { Body, Controller, Get, HttpCode, Inject, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { type Organization, organizationRequestSchema } from '@vigil/contracts';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';
import { DomainError, parseOrThrow } from '@vigil/server-kit';
import { Audit, type AuditDraft } from '../audit/audit-draft';
import { AccessChangesService } from '../auth/access-changes.service';
import { CurrentUser, OrganizationId, RequireOrganization, RequireSession } from '../auth/access.guard';
import type { UserPrincipal } from '../auth/authentication.service';
import { ApiJsonBody } from '../http/openapi';
import { organizationView } from './team-views';

/**
 * Organizations (docs/teams.md): the people who share projects. A fresh Vigil has one; owners of
 * an organization may create more (each with its own members and projects, isolated from the
 * others), becoming their first owner.
 */
@ApiTags('organizations')
@ApiBearerAuth()
@Controller('api/v1/organizations')
export class OrganizationsController {
  constructor(
    @Inject(RUNTIME) private readonly runtime: VigilRuntime,
    private readonly accessChanges: AccessChangesService,
  ) {}

  @Get()
  @RequireSession()
  @ApiOperation({ summary: 'Your organizations, with your role in each' })
  async list(@CurrentUser() user: UserPrincipal): Promise<{ organizations: Organization[] }> {
    return { organizations: (await this.runtime.store.organizations.listForUser(user.userId)).map(organizationView) };
  }

  @Post()
  @HttpCode(201)
  @RequireSession()
  @ApiOperation({ summary: 'Create an organization, of which you are the owner (for owners of an organization)' })
  @ApiJsonBody(organizationRequestSchema)
  async create(@CurrentUser() user: UserPrincipal, @Body() body: unknown, @Audit() audit: AuditDraft): Promise<Organization> {
    const { name } = parseOrThrow(organizationRequestSchema, body, 'organization');
    if (![...user.organizations.values()].includes('owner')) throw new DomainError('FORBIDDEN', 'Only owners of an organization may create organizations.');
    const organization = await this.runtime.store.runInTransaction(async (repos) => {
      const created = await repos.organizations.create({ name });
      await repos.memberships.create({ userId: user.userId, organizationId: created.id, role: 'owner' });
      return created;
    });
    await this.accessChanges.publish({ kind: 'user', userId: user.userId });
    // Recorded in the new organization's trail, not in those the person already belongs to.
    audit.organizationId = organization.id;
    return organizationView({ ...organization, role: 'owner' });
  }

  @Get(':organization')
  @RequireOrganization('member')
  @ApiParam({ name: 'organization', description: 'Organization id' })
  @ApiOperation({ summary: 'One of your organizations' })
  async get(@OrganizationId() organizationId: string, @CurrentUser() user: UserPrincipal): Promise<Organization> {
    const organization = await this.runtime.store.organizations.findById(organizationId);
    if (!organization) throw new DomainError('NOT_FOUND', 'There is no such organization.');
    return organizationView({ ...organization, role: user.organizations.get(organizationId) ?? 'viewer' });
  }

  @Patch(':organization')
  @RequireOrganization('manage')
  @ApiParam({ name: 'organization', description: 'Organization id' })
  @ApiOperation({ summary: 'Rename an organization (owners and admins)' })
  @ApiJsonBody(organizationRequestSchema)
  async rename(@OrganizationId() organizationId: string, @CurrentUser() user: UserPrincipal, @Body() body: unknown): Promise<Organization> {
    const organization = await this.runtime.store.organizations.rename(organizationId, parseOrThrow(organizationRequestSchema, body, 'organization').name);
    if (!organization) throw new DomainError('NOT_FOUND', 'There is no such organization.');
    return organizationView({ ...organization, role: user.organizations.get(organizationId) ?? 'viewer' });
  }
}
