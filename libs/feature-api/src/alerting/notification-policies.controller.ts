import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Policy, type PolicyRequest, policyRequestSchema } from '@vigil/contracts';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';
import { DomainError, parseOrThrow } from '@vigil/server-kit';
import { ProjectId, RequireScope } from '../auth/access.guard';
import { ApiJsonBody, ApiQueryParams, PROJECT_QUERY_PARAM } from '../http/openapi';
import { policyView } from './alerting-views';
import { checkMatchers } from './matcher-validation';


/** Notification policies: which channels get which alerts, and how they are grouped. */
@ApiTags('alerting')
@ApiBearerAuth()
@Controller('api/v1/notification-policies')
export class NotificationPoliciesController {
  constructor(@Inject(RUNTIME) private readonly runtime: VigilRuntime) {}

  @Get()
  @RequireScope('read')
  @ApiOperation({ summary: 'The policies in the order they are tried' })
  @ApiQueryParams([PROJECT_QUERY_PARAM])
  async list(@ProjectId() projectId: string): Promise<{ policies: Policy[] }> {
    return { policies: (await this.runtime.store.policies.listForProject(projectId)).map(policyView) };
  }

  @Post()
  @HttpCode(201)
  @RequireScope('configure')
  @ApiOperation({ summary: 'Create a policy (last unless it names its position)' })
  @ApiQueryParams([PROJECT_QUERY_PARAM])
  @ApiJsonBody(policyRequestSchema)
  async create(@ProjectId() projectId: string, @Body() body: unknown): Promise<Policy> {
    const request = await this.validated(projectId, body);
    return policyView(await this.runtime.store.policies.create(projectId, request));
  }

  @Put(':id')
  @RequireScope('configure')
  @ApiOperation({ summary: 'Replace a policy' })
  @ApiQueryParams([PROJECT_QUERY_PARAM])
  @ApiJsonBody(policyRequestSchema)
  async replace(@ProjectId() projectId: string, @Param('id') id: string, @Body() body: unknown): Promise<Policy> {
    const request = await this.validated(projectId, body);
    const policy = await this.runtime.store.policies.replace(projectId, id, request);
    if (!policy) throw new DomainError('NOT_FOUND', 'This project has no notification policy with that id.');
    return policyView(policy);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireScope('configure')
  @ApiOperation({ summary: 'Delete a policy' })
  @ApiQueryParams([PROJECT_QUERY_PARAM])
  async delete(@ProjectId() projectId: string, @Param('id') id: string): Promise<void> {
    if (!(await this.runtime.store.policies.delete(projectId, id))) throw new DomainError('NOT_FOUND', 'This project has no notification policy with that id.');
  }

  /** The contract's checks, the matchers' regexes, and channels that belong to this project. */
  private async validated(projectId: string, body: unknown): Promise<PolicyRequest> {
    const request = parseOrThrow(policyRequestSchema, body, 'notification policy');
    checkMatchers(request.matchers, 'matchers');
    const known = await this.runtime.store.channels.existing(projectId, request.channelIds);
    const unknown = request.channelIds.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw new DomainError('VALIDATION_FAILED', `Invalid notification policy: channelIds names channels this project does not have (${unknown.join(', ')}).`, {
        errors: [{ path: 'channelIds', message: `no such channel: ${unknown.join(', ')}` }],
      });
    }
    return request;
  }
}
