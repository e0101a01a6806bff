import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { logsCountRequestSchema, type LogsCountResponse, logsQueryRequestSchema, type LogsQueryResponse } from '@vigil/contracts';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';
import { parseOrThrow } from '@vigil/server-kit';
import { ProjectId, RequireScope } from '../auth/access.guard';
import { ApiQueryParams } from '../http/openapi';

@ApiTags('logs')
@ApiBearerAuth()
@Controller('api/v1/logs')
export class LogsQueryController {
  constructor(@Inject(RUNTIME) private readonly runtime: VigilRuntime) {}

  @Get()
  @RequireScope('read')
  @ApiOperation({ summary: 'Log records of a time range, newest first' })
  @ApiQueryParams([
    { name: 'project', description: 'Project id (needed with a session; implied by an API key)' },
    { name: 'from', description: 'Start, epoch ms or ISO 8601', required: true },
    { name: 'to', description: 'End, epoch ms or ISO 8601', required: true },
    { name: 'service', description: 'Only this service' },
    { name: 'limit', description: 'At most this many records (1–1000, default 100)' },
  ])
  async search(@ProjectId() projectId: string, @Query() query: Record<string, unknown>): Promise<LogsQueryResponse> {
    const { project: _project, ...rest } = query;
    const request = parseOrThrow(logsQueryRequestSchema, rest, 'logs query');
    const records = await this.runtime.logs.search(projectId, { from: request.from, to: request.to, limit: request.limit, service: request.service });
    return { records };
  }

  @Get('count')
  @RequireScope('read')
  @ApiOperation({ summary: 'How many log records a time range holds' })
  @ApiQueryParams([
    { name: 'project', description: 'Project id (needed with a session; implied by an API key)' },
    { name: 'from', description: 'Start, epoch ms or ISO 8601', required: true },
    { name: 'to', description: 'End, epoch ms or ISO 8601', required: true },
    { name: 'service', description: 'Only this service' },
  ])
  async count(@ProjectId() projectId: string, @Query() query: Record<string, unknown>): Promise<LogsCountResponse> {
    const { project: _project, ...rest } = query;
    const request = parseOrThrow(logsCountRequestSchema, rest, 'logs count');
    return { count: await this.runtime.logs.count(projectId, request) };
  }
}
