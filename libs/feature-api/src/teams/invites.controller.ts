import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  acceptInviteRequestSchema,
  createInviteRequestSchema,
  type CreateInviteResponse,
  type Invite,
  type InviteLookupResponse,
  inviteLookupRequestSchema,
  type SessionUser,
} from '@vigil/contracts';
import { parseOrThrow } from '@vigil/server-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Audit, type AuditDraft, AuditExempt } from '../audit/audit-draft';
import { CurrentUser, OrganizationId, RequireOrganization } from '../auth/access.guard';
import { clientOf, type UserPrincipal } from '../auth/authentication.service';
import { setSessionCookie } from '../auth/session-cookie';
import { ApiJsonBody, ApiQueryParams } from '../http/openapi';
import { InvitesService } from './invites.service';

const ORGANIZATION_PARAM = { name: 'organization', description: 'Organization id (implied when you belong to one)' };

/** Invitations by link (docs/teams.md). Looking one up and accepting it are public: the link's token is the credential. */
@ApiTags('members')
@ApiBearerAuth()
@Controller('api/v1/invites')
export class InvitesController {
  constructor(private readonly invites: InvitesService) {}

  @Get()
  @RequireOrganization('manage')
  @ApiOperation({ summary: 'Invitations not used or withdrawn yet (expired ones say so)' })
  @ApiQueryParams([ORGANIZATION_PARAM])
  async list(@OrganizationId() organizationId: string): Promise<{ invites: Invite[] }> {
    return { invites: await this.invites.list(organizationId) };
  }

  @Post()
  @HttpCode(201)
  @RequireOrganization('manage')
  @ApiOperation({ summary: 'Invite someone by e-mail: the link is in the response, once (and e-mailed when SMTP_URL is set)' })
  @ApiQueryParams([ORGANIZATION_PARAM])
  @ApiJsonBody(createInviteRequestSchema)
  create(@OrganizationId() organizationId: string, @CurrentUser() actor: UserPrincipal, @Body() body: unknown): Promise<CreateInviteResponse> {
    return this.invites.create(organizationId, actor, parseOrThrow(createInviteRequestSchema, body, 'invitation'));
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireOrganization('manage')
  @ApiOperation({ summary: 'Withdraw an invitation: its link stops working' })
  @ApiQueryParams([ORGANIZATION_PARAM])
  revoke(@OrganizationId() organizationId: string, @Param('id') id: string): Promise<void> {
    return this.invites.revoke(organizationId, id);
  }

  @Post('lookup')
  @HttpCode(200)
  @AuditExempt('reads an invitation; changes nothing')
  @ApiOperation({ summary: 'What an invitation link is for (public: the token is the credential; POST keeps it out of URLs)' })
  @ApiJsonBody(inviteLookupRequestSchema)
  lookup(@Body() body: unknown): Promise<InviteLookupResponse> {
    return this.invites.lookup(parseOrThrow(inviteLookupRequestSchema, body, 'invitation lookup').token);
  }

  @Post('accept')
  @HttpCode(200)
  @ApiOperation({ summary: 'Accept an invitation with a new password (or your password, if the e-mail has an account); signs you in' })
  @ApiJsonBody(acceptInviteRequestSchema)
  async accept(@Body() body: unknown, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply, @Audit() audit: AuditDraft): Promise<SessionUser> {
    const accepted = await this.invites.accept(parseOrThrow(acceptInviteRequestSchema, body, 'invitation'), clientOf(request));
    setSessionCookie(request, reply, accepted);
    audit.actor = { type: 'user', id: accepted.user.id, label: accepted.user.email };
    audit.organizationId = accepted.organizationId;
    audit.targetId = accepted.invite.id;
    audit.describe({ before: null, after: { member: accepted.user.email, role: accepted.invite.role, projectRoles: accepted.invite.projectRoles } });
    return accepted.user;
  }
}
