import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ingestMetricsRequestSchema, type IngestMetricsResponse } from '@vigil/contracts';
import { parseOrThrow } from '@vigil/server-kit';
import { AuditExempt } from '../audit/audit-draft';
import { ProjectId, RequireScope } from '../auth/access.guard';
import { ApiJsonBody, ApiQueryParams, PROJECT_QUERY_PARAM } from '../http/openapi';
import { MetricIngestService } from './metric-ingest.service';

@ApiTags('ingest')
@ApiBearerAuth()
// Every route ingests into one project: the key's, or the one a session names.
@ApiQueryParams([PROJECT_QUERY_PARAM])
@AuditExempt('ingest writes telemetry, not configuration')
@Controller('api/v1/ingest')
export class IngestController {
  constructor(private readonly metrics: MetricIngestService) {}

  @Post('metrics')
  @HttpCode(200)
  @RequireScope('ingest')
  @ApiOperation({ summary: 'Store metric samples (Vigil JSON); answers after they are written; 400 when every sample is refused' })
  @ApiJsonBody(ingestMetricsRequestSchema)
  ingestMetrics(@ProjectId() projectId: string, @Body() body: unknown): Promise<IngestMetricsResponse> {
    return this.metrics.ingest(projectId, parseOrThrow(ingestMetricsRequestSchema, body, 'metrics payload'));
  }
}
