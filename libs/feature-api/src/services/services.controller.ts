import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { serviceNameSchema, type ServiceSignalsResponse, servicesRequestSchema, type ServicesResponse } from '@vigil/contracts';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';
import { parseOrThrow } from '@vigil/server-kit';
import { ServiceSignalsRepository } from '@vigil/telemetry-store';
import { ProjectId, RequireScope } from '../auth/access.guard';
import { ApiQueryParams, PROJECT_QUERY_PARAM } from '../http/openapi';

const RANGE_PARAMS = [
  PROJECT_QUERY_PARAM,
  { name: 'from', description: 'Start, epoch ms or ISO 8601', required: true },
  { name: 'to', description: 'End, epoch ms or ISO 8601 (at most 31 days after from)', required: true },
  { name: 'step', description: 'Step of the sparklines in ms (1 s … 1 d); default range / 240' },
];

/** The query string without `project`, which the access guard reads. */
function withoutProject(query: Record<string, unknown>): Record<string, unknown> {
  const { project: _project, ...rest } = query;
  return rest;
}

/** Golden signals (latency, throughput, errors) per service, from HTTP metrics (docs/query.md). */
@ApiTags('services')
@ApiBearerAuth()
@Controller('api/v1/services')
export class ServicesController {
  private readonly signals: ServiceSignalsRepository;

  constructor(@Inject(RUNTIME) runtime: VigilRuntime) {
    this.signals = new ServiceSignalsRepository(runtime.telemetry);
  }

  @Get()
  @RequireScope('read')
  @ApiOperation({ summary: 'Services with latency p50/p95/p99, throughput and error rate over the range, and sparklines' })
  @ApiQueryParams(RANGE_PARAMS)
  async list(@ProjectId() projectId: string, @Query() query: Record<string, unknown>): Promise<ServicesResponse> {
    return this.signals.listServices(projectId, parseOrThrow(servicesRequestSchema, withoutProject(query), 'services query'));
  }

  @Get(':service/signals')
  @RequireScope('read')
  @ApiOperation({ summary: "One service's golden signals per step" })
  @ApiQueryParams(RANGE_PARAMS)
  async signalsOf(@ProjectId() projectId: string, @Param('service') service: string, @Query() query: Record<string, unknown>): Promise<ServiceSignalsResponse> {
    const name = parseOrThrow(serviceNameSchema, service, 'service name');
    return this.signals.serviceSignals(projectId, name, parseOrThrow(servicesRequestSchema, withoutProject(query), 'service signals query'));
  }
}
