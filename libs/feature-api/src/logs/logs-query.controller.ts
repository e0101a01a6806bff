import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  type LogsAttributeKeysResponse,
  type LogsAttributeValuesResponse,
  logsAttributeKeysRequestSchema,
  logsAttributeValuesRequestSchema,
  type LogsCountResponse,
  type LogsHistogramResponse,
  type LogsSearchResponse,
  type LogsServicesResponse,
  logsCountRequestSchema,
  logsHistogramRequestSchema,
  logsQueryRequestSchema,
  logsServicesRequestSchema,
  logsTailRequestSchema,
  type LogsTailRequest,
} from '@vigil/contracts';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';
import { parseOrThrow } from '@vigil/server-kit';
import type { LogFilter } from '@vigil/telemetry-store';
import type { FastifyReply } from 'fastify';
import { ProjectId, RequireScope } from '../auth/access.guard';
import { ApiQueryParams, PROJECT_QUERY_PARAM } from '../http/openapi';
import { LogTailService } from './log-tail.service';

const RANGE = [
  { name: 'from', description: 'Start, epoch ms or ISO 8601 (inclusive)', required: true },
  { name: 'to', description: 'End, epoch ms or ISO 8601 (inclusive)', required: true },
];
const FILTERS = [
  { name: 'service', description: 'Only these services (repeatable)', isArray: true },
  { name: 'severity', description: 'Only these levels: trace, debug, info, warn, error, fatal, unspecified (repeatable)', isArray: true },
  { name: 'attr', description: 'key=value or key!=value on record attributes; resource.key=value on resource attributes (repeatable)', isArray: true },
  { name: 'q', description: 'Words and "quoted phrases" that must all occur (whole tokens, case-insensitive); -word excludes. At most 1,024 characters.' },
  { name: 'trace_id', description: 'Exact trace id (32 hex characters)' },
];

/** The parsed common filters as the store takes them. */
function logFilter(request: LogsTailRequest): LogFilter {
  return { services: request.service, severities: request.severity, attributes: request.attr, text: request.q, traceId: request.trace_id };
}

function withoutProject(query: Record<string, unknown>): Record<string, unknown> {
  const { project: _project, ...rest } = query;
  return rest;
}

@ApiTags('logs')
@ApiBearerAuth()
@Controller('api/v1/logs')
export class LogsQueryController {
  constructor(
    @Inject(RUNTIME) private readonly runtime: VigilRuntime,
    private readonly tails: LogTailService,
  ) {}

  @Get()
  @RequireScope('read')
  @ApiOperation({ summary: 'Log records matching a search, newest first, a page at a time' })
  @ApiQueryParams([
    PROJECT_QUERY_PARAM,
    ...RANGE,
    ...FILTERS,
    { name: 'limit', description: 'Records per page (1–1000, default 100)' },
    { name: 'cursor', description: 'nextCursor of the previous page' },
  ])
  async search(@ProjectId() projectId: string, @Query() query: Record<string, unknown>): Promise<LogsSearchResponse> {
    const request = parseOrThrow(logsQueryRequestSchema, withoutProject(query), 'logs query');
    return this.runtime.logs.page(projectId, { ...logFilter(request), from: request.from, to: request.to, limit: request.limit, cursor: request.cursor });
  }

  @Get('histogram')
  @RequireScope('read')
  @ApiOperation({ summary: 'Counts of matching log records per time bucket and severity level' })
  @ApiQueryParams([PROJECT_QUERY_PARAM, ...RANGE, ...FILTERS, { name: 'step', description: 'Bucket width in ms (default: the range / 60, whole seconds); at most 1,000 buckets' }])
  async histogram(@ProjectId() projectId: string, @Query() query: Record<string, unknown>): Promise<LogsHistogramResponse> {
    const request = parseOrThrow(logsHistogramRequestSchema, withoutProject(query), 'logs histogram');
    return this.runtime.logs.histogram(projectId, { ...logFilter(request), from: request.from, to: request.to, step: request.step });
  }

  @Get('count')
  @RequireScope('read')
  @ApiOperation({ summary: 'How many log records match a search' })
  @ApiQueryParams([PROJECT_QUERY_PARAM, ...RANGE, ...FILTERS])
  async count(@ProjectId() projectId: string, @Query() query: Record<string, unknown>): Promise<LogsCountResponse> {
    const request = parseOrThrow(logsCountRequestSchema, withoutProject(query), 'logs count');
    return { count: await this.runtime.logs.count(projectId, { ...logFilter(request), from: request.from, to: request.to }) };
  }

  @Get('services')
  @RequireScope('read')
  @ApiOperation({ summary: 'Services that have log records in the range (for filters and pickers)' })
  @ApiQueryParams([PROJECT_QUERY_PARAM, ...RANGE, { name: 'prefix', description: 'Only names starting with this' }, { name: 'limit', description: 'At most this many (1–1000, default 100)' }])
  async services(@ProjectId() projectId: string, @Query() query: Record<string, unknown>): Promise<LogsServicesResponse> {
    const request = parseOrThrow(logsServicesRequestSchema, withoutProject(query), 'logs services');
    return { services: await this.runtime.logs.services(projectId, request) };
  }

  @Get('attributes')
  @RequireScope('read')
  @ApiOperation({ summary: 'Attribute keys of the newest 10,000 records in the range (for filters and pickers)' })
  @ApiQueryParams([PROJECT_QUERY_PARAM, ...RANGE, { name: 'prefix', description: 'Only keys starting with this' }, { name: 'limit', description: 'At most this many (1–1000, default 100)' }])
  async attributeKeys(@ProjectId() projectId: string, @Query() query: Record<string, unknown>): Promise<LogsAttributeKeysResponse> {
    const request = parseOrThrow(logsAttributeKeysRequestSchema, withoutProject(query), 'log attribute keys');
    return { keys: await this.runtime.logs.attributeKeys(projectId, request) };
  }

  @Get('attribute-values')
  @RequireScope('read')
  @ApiOperation({ summary: 'Values of one attribute in the newest 10,000 records with it in the range' })
  @ApiQueryParams([
    PROJECT_QUERY_PARAM,
    ...RANGE,
    { name: 'key', description: 'Attribute key', required: true },
    { name: 'prefix', description: 'Only values starting with this' },
    { name: 'limit', description: 'At most this many (1–1000, default 100)' },
  ])
  async attributeValues(@ProjectId() projectId: string, @Query() query: Record<string, unknown>): Promise<LogsAttributeValuesResponse> {
    const request = parseOrThrow(logsAttributeValuesRequestSchema, withoutProject(query), 'log attribute values');
    return { values: await this.runtime.logs.attributeValues(projectId, request) };
  }

  @Get('tail')
  @RequireScope('read')
  @ApiOperation({ summary: 'New matching log records as Server-Sent Events (event: records), from now on' })
  @ApiProduces('text/event-stream')
  @ApiQueryParams([PROJECT_QUERY_PARAM, ...FILTERS])
  tail(@ProjectId() projectId: string, @Query() query: Record<string, unknown>, @Res() reply: FastifyReply): void {
    const request = parseOrThrow(logsTailRequestSchema, withoutProject(query), 'logs tail');
    this.tails.open(projectId, logFilter(request), reply);
  }
}
