import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  metricLabelsRequestSchema,
  type MetricLabelsResponse,
  metricLabelValuesRequestSchema,
  type MetricLabelValuesResponse,
  metricNamesRequestSchema,
  type MetricNamesResponse,
  metricQueryRequestSchema,
  type MetricQueryResponse,
} from '@vigil/contracts';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';
import type { FastifyReply } from 'fastify';
import { parseOrThrow } from '@vigil/server-kit';
import { MetricDiscoveryRepository, MetricQueryRepository } from '@vigil/telemetry-store';
import { ProjectId, RequireScope } from '../auth/access.guard';
import { ApiQueryParams, PROJECT_QUERY_PARAM } from '../http/openapi';
import { ProjectIngestSettingsService } from '../ingest/project-ingest-settings.service';

/** Limits of one response (docs/query.md); over them the engine throws QUERY_LIMIT_EXCEEDED → 422. */
const MAX_SERIES = 500;
const MAX_POINTS = 200_000;
const MATCH_PARAM = { name: 'match', description: 'Label matcher: label="v", label!="v", label=~"regex", label!~"regex" (RE2, anchored)', isArray: true };

/** The query string without `project`, which the access guard reads. */
function withoutProject(query: Record<string, unknown>): Record<string, unknown> {
  const { project: _project, ...rest } = query;
  return rest;
}

@ApiTags('metrics')
@ApiBearerAuth()
@Controller('api/v1/metrics')
export class MetricsQueryController {
  private readonly queries: MetricQueryRepository;
  private readonly discovery: MetricDiscoveryRepository;

  constructor(
    @Inject(RUNTIME) runtime: VigilRuntime,
    private readonly projects: ProjectIngestSettingsService,
  ) {
    this.queries = new MetricQueryRepository(runtime.telemetry);
    this.discovery = new MetricDiscoveryRepository(runtime.telemetry);
  }

  @Get('query')
  @RequireScope('read')
  @ApiOperation({ summary: 'One metric over a time range: raw points, rates, aggregations, histogram quantiles' })
  @ApiQueryParams([
    PROJECT_QUERY_PARAM,
    { name: 'name', description: 'Metric name (with quantile: the histogram base name)', required: true },
    { name: 'from', description: 'Start, epoch ms or ISO 8601', required: true },
    { name: 'to', description: 'End, epoch ms or ISO 8601 (at most 31 days after from)', required: true },
    { name: 'step', description: 'Step in ms (1 s … 1 d); default range / 240. Points are aligned to multiples of step.' },
    MATCH_PARAM,
    { name: 'fn', description: 'raw (default), rate (per second), increase' },
    { name: 'over', description: 'Within a step, for fn=raw: avg (default), sum, min, max, count, last' },
    { name: 'agg', description: 'Across series: none (default), sum, avg, min, max, count' },
    { name: 'by', description: 'Label to group agg or quantile by', isArray: true },
    { name: 'quantile', description: '0 < q < 1: histogram_quantile over name_bucket' },
    { name: 'window', description: 'Look-back of rate, increase and quantile in ms (rounded up to whole steps); default per series: max(4 × its sample interval, step)' },
  ])
  async query(@ProjectId() projectId: string, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const request = parseOrThrow(metricQueryRequestSchema, withoutProject(query), 'metrics query');
    const { retentionDays } = await this.projects.forProject(projectId);
    const { match, ...spec } = request;
    const result = await this.queries.queryJson(projectId, { ...spec, matchers: match }, { now: Date.now(), rawRetentionDays: retentionDays, maxSeries: MAX_SERIES, maxPoints: MAX_POINTS });
    // A MetricQueryResponse whose series arrive as JSON text (MetricQueryRepository.queryJson): sent as is.
    reply.type('application/json; charset=utf-8');
    const head: Omit<MetricQueryResponse, 'series'> = {
      name: request.name,
      from: request.from,
      to: request.to,
      step: result.step,
      resolution: result.resolution,
      window: result.window,
      unit: result.unit,
    };
    // Bytes as the engine wrote them: never decoded into a string and encoded again.
    return Buffer.concat([Buffer.from(`${JSON.stringify(head).slice(0, -1)},"series":`), result.series, Buffer.from('}')]);
  }

  @Get('names')
  @RequireScope('read')
  @ApiOperation({ summary: 'Names of the metrics this project has sent, alphabetically' })
  @ApiQueryParams([
    PROJECT_QUERY_PARAM,
    { name: 'prefix', description: 'Only names starting with this' },
    { name: 'limit', description: '1 … 10000, default 1000' },
    { name: 'from', description: 'With to: only metrics with series seen in the range' },
    { name: 'to', description: 'End of the range' },
  ])
  async names(@ProjectId() projectId: string, @Query() query: Record<string, unknown>): Promise<MetricNamesResponse> {
    const request = parseOrThrow(metricNamesRequestSchema, withoutProject(query), 'metric names query');
    return { names: await this.discovery.metricNames(projectId, { prefix: request.prefix, limit: request.limit, range: rangeOf(request) }) };
  }

  @Get('labels')
  @RequireScope('read')
  @ApiOperation({ summary: "Label names of a metric's series (of all metrics without name)" })
  @ApiQueryParams([PROJECT_QUERY_PARAM, { name: 'name', description: 'Metric name' }, MATCH_PARAM, { name: 'from', description: 'With to: only series seen in the range' }, { name: 'to', description: 'End of the range' }])
  async labels(@ProjectId() projectId: string, @Query() query: Record<string, unknown>): Promise<MetricLabelsResponse> {
    const request = parseOrThrow(metricLabelsRequestSchema, withoutProject(query), 'metric labels query');
    return { labels: await this.discovery.labelNames(projectId, { name: request.name, matchers: request.match, range: rangeOf(request) }) };
  }

  @Get('label-values')
  @RequireScope('read')
  @ApiOperation({ summary: 'Values of one label over the matching series, alphabetically' })
  @ApiQueryParams([
    PROJECT_QUERY_PARAM,
    { name: 'label', description: 'Label name', required: true },
    { name: 'name', description: 'Metric name' },
    MATCH_PARAM,
    { name: 'prefix', description: 'Only values starting with this' },
    { name: 'limit', description: '1 … 10000, default 1000' },
    { name: 'from', description: 'With to: only series seen in the range' },
    { name: 'to', description: 'End of the range' },
  ])
  async labelValues(@ProjectId() projectId: string, @Query() query: Record<string, unknown>): Promise<MetricLabelValuesResponse> {
    const request = parseOrThrow(metricLabelValuesRequestSchema, withoutProject(query), 'label values query');
    return {
      values: await this.discovery.labelValues(projectId, request.label, { name: request.name, matchers: request.match, prefix: request.prefix, limit: request.limit, range: rangeOf(request) }),
    };
  }
}

function rangeOf(request: { from?: number; to?: number }): { from: number; to: number } | undefined {
  return request.from !== undefined && request.to !== undefined ? { from: request.from, to: request.to } : undefined;
}
