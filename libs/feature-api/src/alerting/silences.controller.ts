import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@vigil/auth';
import { type Silence, silenceRequestSchema, updateSilenceRequestSchema } from '@vigil/contracts';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';
import { DomainError, parseOrThrow } from '@vigil/server-kit';
import { CurrentPrincipal, ProjectId, RequireScope } from '../auth/access.guard';
import { ApiJsonBody, ApiQueryParams, PROJECT_QUERY_PARAM } from '../http/openapi';
import { silenceView } from './alerting-views';
import { checkMatchers } from './matcher-validation';
import { principalName } from './principal-name';

/** Expired silences stay listed this long (the dashboard shows recent ones). */
const EXPIRED_SHOWN_MS = 7 * 86_400_000;

/** Silences: mute matching alerts for a while, with an author and a reason. */
@ApiTags('alerting')
@ApiBearerAuth()
@Controller('api/v1/silences')
export class SilencesController {
  constructor(@Inject(RUNTIME) private readonly runtime: VigilRuntime) {}

  @Get()
  @RequireScope('read')
  @ApiOperation({ summary: 'Active, pending and recently expired silences, newest first' })
  @ApiQueryParams([PROJECT_QUERY_PARAM])
  async list(@ProjectId() projectId: string): Promise<{ silences: Silence[] }> {
    const now = new Date();
    const silences = await this.runtime.store.silences.listForProject(projectId, new Date(now.getTime() - EXPIRED_SHOWN_MS));
    return { silences: silences.map((silence) => silenceView(silence, now)) };
  }

  @Post()
  @HttpCode(201)
  @RequireScope('configure')
  @ApiOperation({ summary: 'Silence alerts matching all matchers until endsAt' })
  @ApiQueryParams([PROJECT_QUERY_PARAM])
  @ApiJsonBody(silenceRequestSchema)
  async create(@ProjectId() projectId: string, @CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<Silence> {
    const request = parseOrThrow(silenceRequestSchema, body, 'silence');
    checkMatchers(request.matchers, 'matchers');
    const now = new Date();
    const startsAt = request.startsAt === undefined ? now : new Date(request.startsAt);
    const endsAt = new Date(request.endsAt);
    if (endsAt <= now) throw new DomainError('VALIDATION_FAILED', 'Invalid silence: endsAt is in the past.', { errors: [{ path: 'endsAt', message: 'must be in the future' }] });
    const createdBy = principalName(principal);
    const silence = await this.runtime.store.silences.create(projectId, { matchers: request.matchers, startsAt, endsAt, comment: request.comment, createdBy });
    return silenceView(silence, now);
  }

  @Patch(':id')
  @RequireScope('configure')
  @ApiOperation({ summary: 'Move the end of a silence (to now: end it)' })
  @ApiQueryParams([PROJECT_QUERY_PARAM])
  @ApiJsonBody(updateSilenceRequestSchema)
  async update(@ProjectId() projectId: string, @Param('id') id: string, @Body() body: unknown): Promise<Silence> {
    const request = parseOrThrow(updateSilenceRequestSchema, body, 'silence');
    const silence = await this.runtime.store.silences.update(projectId, id, { endsAt: new Date(request.endsAt), ...(request.comment === undefined ? {} : { comment: request.comment }) });
    if (!silence) throw new DomainError('NOT_FOUND', 'This project has no silence with that id.');
    return silenceView(silence, new Date());
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireScope('configure')
  @ApiOperation({ summary: 'Delete a silence (its alerts notify again from the next evaluation)' })
  @ApiQueryParams([PROJECT_QUERY_PARAM])
  async delete(@ProjectId() projectId: string, @Param('id') id: string): Promise<void> {
    if (!(await this.runtime.store.silences.delete(projectId, id))) throw new DomainError('NOT_FOUND', 'This project has no silence with that id.');
  }
}
