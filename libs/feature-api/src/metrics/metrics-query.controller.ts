import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { metricQueryRequestSchema, type MetricNamesResponse, type MetricQueryResponse } from '@vigil/contracts';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';
import { DomainError, parseOrThrow } from '@vigil/server-kit';
import { TelemetryQueryError } from '@vigil/telemetry-store';
import { ProjectId, RequireScope } from '../auth/access.guard';
import { ApiQueryParams } from '../http/openapi';

const MAX_SERIES = 500;
const MAX_POINTS = 200_000;

@ApiTags('metrics')
@ApiBearerAuth()
@Controller('api/v1/metrics')
export class MetricsQueryController {
  constructor(@Inject(RUNTIME) private readonly runtime: VigilRuntime) {}

  @Get('query')
  @RequireScope('read')
  @ApiOperation({ summary: 'Samples of one metric over a time range, per series' })
  @ApiQueryParams([
    { name: 'project', description: 'Project id (needed with a session; implied by an API key)' },
    { name: 'name', description: 'Metric name', required: true },
    { name: 'from', description: 'Start, epoch ms or ISO 8601', required: true },
    { name: 'to', description: 'End, epoch ms or ISO 8601', required: true },
    { name: 'step', description: 'Bucket width in ms; points are averaged per bucket' },
    { name: 'match', description: 'Label matcher such as service="checkout" or env!="dev"', isArray: true },
  ])
  async query(@ProjectId() projectId: string, @Query() query: Record<string, unknown>): Promise<MetricQueryResponse> {
    const { project: _project, ...rest } = query;
    const request = parseOrThrow(metricQueryRequestSchema, rest, 'metrics query');
    const series = await this.runtime.metrics
      .querySeries(projectId, {
        name: request.name,
        matchers: request.match,
        from: request.from,
        to: request.to,
        step: request.step,
        maxSeries: MAX_SERIES,
        maxPoints: MAX_POINTS,
      })
      .catch((error: unknown) => {
        throw error instanceof TelemetryQueryError ? new DomainError('QUERY_LIMIT_EXCEEDED', error.message) : error;
      });
    return { name: request.name, from: request.from, to: request.to, step: request.step ?? null, series };
  }

  @Get('names')
  @RequireScope('read')
  @ApiOperation({ summary: 'Names of the metrics this project has sent' })
  @ApiQueryParams([{ name: 'project', description: 'Project id (needed with a session; implied by an API key)' }])
  async names(@ProjectId() projectId: string): Promise<MetricNamesResponse> {
    return { names: await this.runtime.metrics.listMetricNames(projectId) };
  }
}
