import { Body, Controller, Delete, Get, Header, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  bucketBoundsResponseSchema,
  labelMatcherSchema,
  metricNameSchema,
  parseLabelMatcher,
  type Slo,
  type SloDetail,
  sloImportRequestSchema,
  type SloImportResponse,
  type SloListResponse,
  sloPresetsResponseSchema,
  sloPreviewRequestSchema,
  type SloPreviewResponse,
  sloRequestSchema,
} from '@vigil/contracts';
import { parseOrThrow } from '@vigil/server-kit';
import { z } from 'zod';
import { ProjectId, RequireScope } from '../auth/access.guard';
import { ApiJsonBody, ApiQueryParams } from '../http/openapi';
import { SloQueriesService } from './slo-queries.service';
import { SloService } from './slo.service';

const PROJECT_PARAM = { name: 'project', description: 'Project id (needed with a session; implied by an API key)' };
const atSchema = z.strictObject({ at: z.coerce.number().int().nonnegative().optional() });
const matchList = z.union([z.string(), z.array(z.string())]).optional().transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]));
const boundsQuery = z.strictObject({
  histogram: metricNameSchema,
  match: matchList.pipe(z.array(z.string().transform((text, ctx) => parseLabelMatcher(text) ?? (ctx.addIssue({ code: 'custom', message: `not a label matcher: ${text}` }), z.NEVER)).pipe(labelMatcherSchema)).max(20)),
});
const presetsQuery = z.strictObject({ service: z.string().min(1).max(2048) });

function withoutProject(query: Record<string, unknown>): Record<string, unknown> {
  const { project: _project, ...rest } = query;
  return rest;
}

/**
 * SLOs (docs/slo.md): read with `read`, written with `configure` (editors and above, and API keys
 * that carry it). Every write is validated by the contract and the SLO checks; an invalid field
 * is a 400 naming it. An SLO keeps its alert rules, visible (not editable) under /alert-rules.
 */
@ApiTags('slos')
@ApiBearerAuth()
@Controller('api/v1/slos')
export class SlosController {
  constructor(
    private readonly slos: SloService,
    private readonly queries: SloQueriesService,
  ) {}

  @Get()
  @RequireScope('read')
  @ApiOperation({ summary: "The project's SLOs with SLI, budget left, 1-hour burn rate and alert state, by name" })
  @ApiQueryParams([PROJECT_PARAM])
  list(@ProjectId() projectId: string): Promise<SloListResponse> {
    return this.slos.list(projectId, Date.now());
  }

  @Post()
  @HttpCode(201)
  @RequireScope('configure')
  @ApiOperation({ summary: 'Create an SLO (and its alert rules); recording starts at the next minute and history is re-recorded from the telemetry' })
  @ApiQueryParams([PROJECT_PARAM])
  @ApiJsonBody(sloRequestSchema)
  create(@ProjectId() projectId: string, @Body() body: unknown): Promise<Slo> {
    return this.slos.create(projectId, parseOrThrow(sloRequestSchema, body, 'SLO'));
  }

  @Post('preview')
  @HttpCode(200)
  @RequireScope('read')
  @ApiOperation({ summary: 'An SLI (saved or not) over a range, straight from the telemetry, per step' })
  @ApiQueryParams([PROJECT_PARAM])
  @ApiJsonBody(sloPreviewRequestSchema)
  async preview(@ProjectId() projectId: string, @Body() body: unknown): Promise<SloPreviewResponse> {
    const request = parseOrThrow(sloPreviewRequestSchema, body, 'SLI preview');
    const { sli, checkQuorum } = await this.slos.validateSli(projectId, request.sli);
    return this.queries.preview(projectId, sli, request.from, request.to, checkQuorum);
  }

  @Get('bucket-bounds')
  @RequireScope('read')
  @ApiOperation({ summary: "A histogram's bucket bounds (numerically: le 1 and 1.0 are one), for a latency SLI's threshold" })
  @ApiQueryParams([PROJECT_PARAM, { name: 'histogram', description: 'The base name (x for x_bucket)', required: true }, { name: 'match', description: 'label matcher, repeatable', isArray: true }])
  async bucketBounds(@ProjectId() projectId: string, @Query() query: Record<string, unknown>): Promise<z.infer<typeof bucketBoundsResponseSchema>> {
    const request = parseOrThrow(boundsQuery, withoutProject(query), 'bucket bounds query');
    return { histogram: request.histogram, bounds: await this.queries.bucketBounds(projectId, request.histogram, request.match) };
  }

  @Get('presets')
  @RequireScope('read')
  @ApiOperation({ summary: 'Availability and latency SLIs for a service, from the HTTP conventions the Overview detects' })
  @ApiQueryParams([PROJECT_PARAM, { name: 'service', description: 'service (or job) label value', required: true }])
  presets(@ProjectId() projectId: string, @Query() query: Record<string, unknown>): Promise<z.infer<typeof sloPresetsResponseSchema>> {
    return this.queries.presets(projectId, parseOrThrow(presetsQuery, withoutProject(query), 'presets query').service);
  }

  @Post('import')
  @HttpCode(200)
  @RequireScope('configure')
  @ApiOperation({ summary: 'Import OpenSLO v1 or Sloth YAML: a dry run (default) shows the SLOs it would create; dryRun: false creates them, all or none' })
  @ApiQueryParams([PROJECT_PARAM])
  @ApiJsonBody(sloImportRequestSchema)
  import(@ProjectId() projectId: string, @Body() body: unknown): Promise<SloImportResponse> {
    return this.slos.import(projectId, parseOrThrow(sloImportRequestSchema, body, 'SLO import'));
  }

  @Get('openslo')
  @RequireScope('read')
  @Header('content-type', 'application/yaml; charset=utf-8')
  @ApiOperation({ summary: "Every SLO of the project as OpenSLO v1 YAML (one document each)" })
  @ApiQueryParams([PROJECT_PARAM])
  async exportAll(@ProjectId() projectId: string): Promise<string> {
    return this.slos.exportOpenSlo(await this.queries.all(projectId), Date.now());
  }

  @Get(':id')
  @RequireScope('read')
  @ApiOperation({ summary: 'One SLO with its budget, burn rates, burn-down and burn-rate series over its window, and its alerts' })
  @ApiQueryParams([PROJECT_PARAM, { name: 'at', description: 'Figures as of this time (epoch ms; default now)' }])
  detail(@ProjectId() projectId: string, @Param('id') id: string, @Query() query: Record<string, unknown>): Promise<SloDetail> {
    const { at } = parseOrThrow(atSchema, withoutProject(query), 'SLO query');
    return this.slos.detail(projectId, id, at ?? Date.now());
  }

  @Get(':id/openslo')
  @RequireScope('read')
  @Header('content-type', 'application/yaml; charset=utf-8')
  @ApiOperation({ summary: 'One SLO as OpenSLO v1 YAML' })
  @ApiQueryParams([PROJECT_PARAM])
  async exportOne(@ProjectId() projectId: string, @Param('id') id: string): Promise<string> {
    return this.slos.exportOpenSlo([await this.slos.find(projectId, id)], Date.now());
  }

  @Put(':id')
  @RequireScope('configure')
  @ApiOperation({ summary: 'Replace an SLO; a changed SLI is recorded anew (history re-recorded from the telemetry)' })
  @ApiQueryParams([PROJECT_PARAM])
  @ApiJsonBody(sloRequestSchema)
  replace(@ProjectId() projectId: string, @Param('id') id: string, @Body() body: unknown): Promise<Slo> {
    return this.slos.replace(projectId, id, parseOrThrow(sloRequestSchema, body, 'SLO'));
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireScope('configure')
  @ApiOperation({ summary: 'Delete an SLO and its alert rules (the alert history stays)' })
  @ApiQueryParams([PROJECT_PARAM])
  async delete(@ProjectId() projectId: string, @Param('id') id: string): Promise<void> {
    await this.slos.delete(projectId, id);
  }
}
