import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { failoverActiveQuerySchema, type FailoverEventView, failoverGroupRequestSchema, type FailoverGroupView, failoverPinRequestSchema } from '@vigil/contracts';
import { parseOrThrow } from '@vigil/server-kit';
import type { FastifyReply } from 'fastify';
import { ProjectId, RequireScope } from '../auth/access.guard';
import { ApiJsonBody, ApiQueryParams } from '../http/openapi';
import { FailoverService } from './failover.service';

const PROJECT_PARAM = { name: 'project', description: 'Project id (needed with a session; implied by an API key)' };

/**
 * Failover groups (docs/checks.md, Failover groups): read with `read`, written with `configure`.
 * `GET …/active` is what a load balancer's helper polls: ETag, If-None-Match → 304, and
 * `?wait=30s` to hold the request until the active target changes.
 */
@ApiTags('failover')
@ApiBearerAuth()
@Controller('api/v1/failover-groups')
export class FailoverGroupsController {
  constructor(private readonly failover: FailoverService) {}

  @Get()
  @RequireScope('read')
  @ApiOperation({ summary: "The project's failover groups with their active targets" })
  @ApiQueryParams([PROJECT_PARAM])
  async list(@ProjectId() projectId: string): Promise<{ groups: FailoverGroupView[] }> {
    return { groups: await this.failover.list(projectId) };
  }

  @Get(':id')
  @RequireScope('read')
  @ApiOperation({ summary: 'One failover group' })
  @ApiQueryParams([PROJECT_PARAM])
  get(@ProjectId() projectId: string, @Param('id') id: string): Promise<FailoverGroupView> {
    return this.failover.get(projectId, id);
  }

  @Post()
  @HttpCode(201)
  @RequireScope('configure')
  @ApiOperation({ summary: 'Create a failover group (ordered targets, each watched by a check of the project); the primary is active at once' })
  @ApiQueryParams([PROJECT_PARAM])
  @ApiJsonBody(failoverGroupRequestSchema)
  async create(@ProjectId() projectId: string, @Body() body: unknown): Promise<FailoverGroupView> {
    return this.failover.create(projectId, await this.failover.validate(projectId, parseOrThrow(failoverGroupRequestSchema, body, 'failover group')));
  }

  @Put(':id')
  @RequireScope('configure')
  @ApiOperation({ summary: 'Replace a failover group; a target at the same position with the same check and address keeps its id' })
  @ApiQueryParams([PROJECT_PARAM])
  @ApiJsonBody(failoverGroupRequestSchema)
  async replace(@ProjectId() projectId: string, @Param('id') id: string, @Body() body: unknown): Promise<FailoverGroupView> {
    return this.failover.replace(projectId, id, await this.failover.validate(projectId, parseOrThrow(failoverGroupRequestSchema, body, 'failover group')));
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireScope('configure')
  @ApiOperation({ summary: 'Delete a failover group and its history' })
  @ApiQueryParams([PROJECT_PARAM])
  delete(@ProjectId() projectId: string, @Param('id') id: string): Promise<void> {
    return this.failover.delete(projectId, id);
  }

  @Post(':id/pin')
  @RequireScope('configure')
  @ApiOperation({ summary: 'Pin a target ({"targetId": …}) whatever its health, or unpin ({"targetId": null}); decided at once' })
  @ApiQueryParams([PROJECT_PARAM])
  @ApiJsonBody(failoverPinRequestSchema)
  pin(@ProjectId() projectId: string, @Param('id') id: string, @Body() body: unknown): Promise<FailoverGroupView> {
    return this.failover.pin(projectId, id, parseOrThrow(failoverPinRequestSchema, body, 'pin').targetId);
  }

  @Get(':id/events')
  @RequireScope('read')
  @ApiOperation({ summary: "A group's changes of active target (and of reason), newest first" })
  @ApiQueryParams([PROJECT_PARAM])
  async events(@ProjectId() projectId: string, @Param('id') id: string): Promise<{ events: FailoverEventView[] }> {
    return { events: await this.failover.events(projectId, id) };
  }

  @Get(':id/active')
  @RequireScope('read')
  @ApiOperation({ summary: 'The active target, with an ETag; If-None-Match → 304; ?wait=30s holds the request (≤ 60 s) until it changes' })
  @ApiQueryParams([PROJECT_PARAM, { name: 'wait', description: 'With If-None-Match: wait up to this long for a change, e.g. 30s (at most 60s)' }])
  async active(@ProjectId() projectId: string, @Param('id') id: string, @Query() query: Record<string, unknown>, @Headers('if-none-match') ifNoneMatch: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    const { wait } = parseOrThrow(failoverActiveQuerySchema, { wait: query['wait'] }, 'active query');
    const answer = await this.failover.active(projectId, id, ifNoneMatch?.trim(), wait === undefined ? undefined : wait * 1000);
    void reply.header('etag', answer.etag).header('cache-control', 'no-cache');
    if (answer.notModified) await reply.status(304).send();
    else await reply.status(200).send(answer.view);
  }
}
