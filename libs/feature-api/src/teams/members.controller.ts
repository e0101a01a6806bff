import { Body, Controller, Delete, Get, HttpCode, Param, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Member, updateMemberRequestSchema } from '@vigil/contracts';
import { parseOrThrow } from '@vigil/server-kit';
import { CurrentUser, OrganizationId, RequireOrganization } from '../auth/access.guard';
import type { UserPrincipal } from '../auth/authentication.service';
import { ApiJsonBody, ApiQueryParams } from '../http/openapi';
import { MembersService } from './members.service';

const ORGANIZATION_PARAM = { name: 'organization', description: 'Organization id (implied when you belong to one)' };

/** An organization's members (docs/teams.md): anyone in it sees them, owners and admins manage them. */
@ApiTags('members')
@ApiBearerAuth()
@Controller('api/v1/members')
export class MembersController {
  constructor(private readonly members: MembersService) {}

  @Get()
  @RequireOrganization('member')
  @ApiOperation({ summary: 'Members with their organization role and project roles' })
  @ApiQueryParams([ORGANIZATION_PARAM])
  async list(@OrganizationId() organizationId: string): Promise<{ members: Member[] }> {
    return { members: await this.members.list(organizationId) };
  }

  @Patch(':user')
  @RequireOrganization('manage')
  @ApiOperation({ summary: 'Change a member’s organization role and/or project roles (null removes one); the last owner stays an owner' })
  @ApiQueryParams([ORGANIZATION_PARAM])
  @ApiJsonBody(updateMemberRequestSchema)
  update(@OrganizationId() organizationId: string, @CurrentUser() actor: UserPrincipal, @Param('user') userId: string, @Body() body: unknown): Promise<Member> {
    return this.members.update(organizationId, actor, userId, parseOrThrow(updateMemberRequestSchema, body, 'member change'));
  }

  @Delete(':user')
  @HttpCode(204)
  @RequireOrganization('member')
  @ApiOperation({ summary: 'Remove a member (owners and admins), or leave (yourself); their sessions end at once; the last owner stays' })
  @ApiQueryParams([ORGANIZATION_PARAM])
  remove(@OrganizationId() organizationId: string, @CurrentUser() actor: UserPrincipal, @Param('user') userId: string): Promise<void> {
    return this.members.remove(organizationId, actor, userId);
  }
}
