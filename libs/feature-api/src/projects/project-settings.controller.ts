import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type ProjectSettingsResponse, updateProjectSettingsRequestSchema } from '@vigil/contracts';
import { parseOrThrow } from '@vigil/server-kit';
import { ProjectId, RequireScope } from '../auth/access.guard';
import { ApiJsonBody, ApiQueryParams, PROJECT_QUERY_PARAM } from '../http/openapi';
import { ProjectIngestSettingsService } from '../ingest/project-ingest-settings.service';


/** A project's retention and ingest limits (docs/ingest.md lists the limits). */
@ApiTags('projects')
@ApiBearerAuth()
@Controller('api/v1/project-settings')
export class ProjectSettingsController {
  constructor(private readonly settings: ProjectIngestSettingsService) {}

  @Get()
  @RequireScope('read')
  @ApiOperation({ summary: 'Retention and the ingest limits in force, with the overrides as stored' })
  @ApiQueryParams([PROJECT_QUERY_PARAM])
  get(@ProjectId() projectId: string): Promise<ProjectSettingsResponse> {
    return this.settings.describe(projectId);
  }

  @Patch()
  @RequireScope('admin')
  @ApiOperation({ summary: 'Change retention (applies to data written from now on) and limit overrides (null restores a default)' })
  @ApiQueryParams([PROJECT_QUERY_PARAM])
  @ApiJsonBody(updateProjectSettingsRequestSchema)
  update(@ProjectId() projectId: string, @Body() body: unknown): Promise<ProjectSettingsResponse> {
    return this.settings.update(projectId, parseOrThrow(updateProjectSettingsRequestSchema, body, 'project settings'));
  }
}
