import { Body, Controller, Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@vigil/auth';
import { createProjectRequestSchema, deleteProjectRequestSchema, type Project, type ProjectListResponse, renameProjectRequestSchema } from '@vigil/contracts';
import { parseOrThrow } from '@vigil/server-kit';
import { CurrentPrincipal, OrganizationId, ProjectId, RequireOrganization, RequireScope } from '../auth/access.guard';
import { ApiJsonBody, ApiQueryParams } from '../http/openapi';
import { ProjectsService } from './projects.service';

const ORGANIZATION_PARAM = { name: 'organization', description: 'Organization id (implied when you belong to one)' };


/** Projects (docs/teams.md): the tenant boundary of telemetry and configuration. */
@ApiTags('projects')
@ApiBearerAuth()
@Controller('api/v1/projects')
export class ProjectsController {
  constructor(private readonly projects: ProjectsService) {}

  @Get()
  @RequireOrganization('member')
  @ApiOperation({ summary: "The organization's projects, with your role in each, and those being deleted" })
  @ApiQueryParams([ORGANIZATION_PARAM])
  list(@OrganizationId() organizationId: string, @CurrentPrincipal() principal: Principal): Promise<ProjectListResponse> {
    return this.projects.list(organizationId, principal);
  }

  @Post()
  @HttpCode(201)
  @RequireOrganization('manage')
  @ApiOperation({ summary: 'Create a project (owners and admins of the organization)' })
  @ApiQueryParams([ORGANIZATION_PARAM])
  @ApiJsonBody(createProjectRequestSchema)
  create(@OrganizationId() organizationId: string, @CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<Project> {
    return this.projects.create(organizationId, principal, parseOrThrow(createProjectRequestSchema, body, 'project'));
  }

  @Get(':project')
  @RequireScope('read')
  @ApiParam({ name: 'project', description: 'Project id' })
  @ApiOperation({ summary: 'One project' })
  get(@ProjectId() projectId: string, @CurrentPrincipal() principal: Principal): Promise<Project> {
    return this.projects.get(projectId, principal);
  }

  @Patch(':project')
  @RequireScope('admin')
  @ApiParam({ name: 'project', description: 'Project id' })
  @ApiOperation({ summary: 'Rename a project (its slug follows)' })
  @ApiJsonBody(renameProjectRequestSchema)
  rename(@ProjectId() projectId: string, @CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<Project> {
    return this.projects.rename(projectId, principal, parseOrThrow(renameProjectRequestSchema, body, 'project').name);
  }

  @Delete(':project')
  @HttpCode(202)
  @RequireScope('admin')
  @ApiParam({ name: 'project', description: 'Project id' })
  @ApiOperation({
    summary: 'Delete a project: gone at once; its telemetry, keys and configuration are removed in the background (owners and admins of the organization, with the name typed in confirm)',
  })
  @ApiJsonBody(deleteProjectRequestSchema)
  delete(@ProjectId() projectId: string, @CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<{ project: Project; status: 'deleting' }> {
    return this.projects.delete(projectId, principal, parseOrThrow(deleteProjectRequestSchema, body ?? {}, 'project deletion').confirm);
  }
}
