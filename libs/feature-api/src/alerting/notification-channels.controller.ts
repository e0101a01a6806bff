import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type Channel,
  type ChannelListResponse,
  type ChannelTestResponse,
  type ChannelWithSecretResponse,
  createChannelRequestSchema,
  rotateChannelSecretRequestSchema,
  updateChannelRequestSchema,
} from '@vigil/contracts';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';
import { DomainError, parseOrThrow } from '@vigil/server-kit';
import { AuditExempt } from '../audit/audit-draft';
import { ProjectId, RequireScope } from '../auth/access.guard';
import { ApiJsonBody, ApiQueryParams, PROJECT_QUERY_PARAM } from '../http/openapi';
import { channelView, NotificationChannelService } from './notification-channel.service';


/**
 * Notification channels (docs/alerting.md, Channels): signed webhooks, Alertmanager v4 and Slack.
 * The signing secret is returned once, at creation and at rotation.
 */
@ApiTags('alerting')
@ApiBearerAuth()
@Controller('api/v1/notification-channels')
export class NotificationChannelsController {
  constructor(
    @Inject(RUNTIME) private readonly runtime: VigilRuntime,
    private readonly channels: NotificationChannelService,
  ) {}

  @Get()
  @RequireScope('read')
  @ApiOperation({ summary: "The project's channels (header names only, secret prefixes only)" })
  @ApiQueryParams([PROJECT_QUERY_PARAM])
  async list(@ProjectId() projectId: string): Promise<ChannelListResponse> {
    return { channels: (await this.runtime.store.channels.listForProject(projectId)).map(channelView) };
  }

  @Get(':id')
  @RequireScope('read')
  @ApiOperation({ summary: 'One channel' })
  @ApiQueryParams([PROJECT_QUERY_PARAM])
  async get(@ProjectId() projectId: string, @Param('id') id: string): Promise<Channel> {
    const channel = await this.runtime.store.channels.find(projectId, id);
    if (!channel) throw new DomainError('NOT_FOUND', 'This project has no notification channel with that id.');
    return channelView(channel);
  }

  @Post()
  @HttpCode(201)
  @RequireScope('configure')
  @ApiOperation({ summary: 'Create a channel; its whsec_ signing secret is in the response, once' })
  @ApiQueryParams([PROJECT_QUERY_PARAM])
  @ApiJsonBody(createChannelRequestSchema)
  create(@ProjectId() projectId: string, @Body() body: unknown): Promise<ChannelWithSecretResponse> {
    return this.channels.create(projectId, parseOrThrow(createChannelRequestSchema, body, 'notification channel'));
  }

  @Patch(':id')
  @RequireScope('configure')
  @ApiOperation({ summary: 'Change a channel (turning it on again clears why Vigil turned it off)' })
  @ApiQueryParams([PROJECT_QUERY_PARAM])
  @ApiJsonBody(updateChannelRequestSchema)
  update(@ProjectId() projectId: string, @Param('id') id: string, @Body() body: unknown): Promise<Channel> {
    return this.channels.update(projectId, id, parseOrThrow(updateChannelRequestSchema, body, 'notification channel'));
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireScope('configure')
  @ApiOperation({ summary: 'Delete a channel (its delivery log stays)' })
  @ApiQueryParams([PROJECT_QUERY_PARAM])
  async delete(@ProjectId() projectId: string, @Param('id') id: string): Promise<void> {
    if (!(await this.runtime.store.channels.delete(projectId, id))) throw new DomainError('NOT_FOUND', 'This project has no notification channel with that id.');
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @RequireScope('configure')
  @ApiOperation({ summary: 'A new signing secret, in the response once; both sign during the overlap' })
  @ApiQueryParams([PROJECT_QUERY_PARAM])
  @ApiJsonBody(rotateChannelSecretRequestSchema)
  rotate(@ProjectId() projectId: string, @Param('id') id: string, @Body() body: unknown): Promise<ChannelWithSecretResponse> {
    const request = parseOrThrow(rotateChannelSecretRequestSchema, body ?? {}, 'secret rotation');
    return this.channels.rotate(projectId, id, request.overlapSeconds);
  }

  @Post(':id/test')
  @HttpCode(200)
  @RequireScope('configure')
  @AuditExempt('sends a test notification (kept in the delivery log); changes no configuration')
  @ApiOperation({ summary: 'Send a test notification now and say what the receiver answered' })
  @ApiQueryParams([PROJECT_QUERY_PARAM])
  test(@ProjectId() projectId: string, @Param('id') id: string): Promise<ChannelTestResponse> {
    return this.channels.test(projectId, id);
  }
}
