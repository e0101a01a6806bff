import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type CheckCreatedResponse,
  checkDaysBatchRequestSchema,
  type CheckDaysBatchResponse,
  checkDaysRequestSchema,
  type CheckLatestResponse,
  checkLatestRequestSchema,
  LATEST_RESULT_WINDOW_MS,
  checkListRequestSchema,
  type CheckListResponse,
  checkRequestSchema,
  checkResultsRequestSchema,
  type CheckView,
  incidentListRequestSchema,
} from '@vigil/contracts';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';
import { parseOrThrow } from '@vigil/server-kit';
import { CheckResultRepository, runInLane } from '@vigil/telemetry-store';
import { ProjectId, RequireScope } from '../auth/access.guard';
import { ApiJsonBody, ApiQueryParams } from '../http/openapi';
import { CheckService, notFound } from './check.service';
import { incidentView } from './check-views';

const PROJECT_PARAM = { name: 'project', description: 'Project id (needed with a session; implied by an API key)' };
const RANGE_PARAMS = [
  { name: 'from', description: 'Epoch ms', required: true },
  { name: 'to', description: 'Epoch ms', required: true },
];

function withoutProject(query: Record<string, unknown>): Record<string, unknown> {
  const { project: _project, ...rest } = query;
  return rest;
}

/**
 * Uptime checks (docs/checks.md): read with `read`, written with `configure`. Every write is
 * validated against the contract and the check's dependencies; an invalid field is a 400 naming
 * it. A change reaches the probers' schedules at once.
 */
@ApiTags('checks')
@ApiBearerAuth()
@Controller('api/v1/checks')
export class ChecksController {
  private readonly results: CheckResultRepository;

  constructor(
    @Inject(RUNTIME) private readonly runtime: VigilRuntime,
    private readonly checks: CheckService,
  ) {
    this.results = new CheckResultRepository(runtime.telemetry);
  }

  @Get()
  @RequireScope('read')
  @ApiOperation({ summary: "The project's checks by name with their state, a page at a time" })
  @ApiQueryParams([PROJECT_PARAM, { name: 'status', description: 'pending, up, degraded, down, paused' }, { name: 'kind', description: 'http, tcp, dns, push' }, { name: 'q', description: 'Words in the name' }, { name: 'ids', description: 'Only these checks (ids separated by commas, at most 200)' }, { name: 'offset', description: 'Checks to skip (default 0)' }, { name: 'limit', description: '1 … 500, default 100' }])
  list(@ProjectId() projectId: string, @Query() query: Record<string, unknown>): Promise<CheckListResponse> {
    return this.checks.list(projectId, parseOrThrow(checkListRequestSchema, withoutProject(query), 'checks query'));
  }

  @Get('days')
  @RequireScope('read')
  @ApiOperation({ summary: 'Counts by status per UTC day (regions summed) of many checks over a range, in one request: the list\'s 90-day bars' })
  @ApiQueryParams([PROJECT_PARAM, ...RANGE_PARAMS, { name: 'ids', description: 'Check ids separated by commas (1 … 200); ids of other projects answer nothing', required: true }])
  async listManyDays(@ProjectId() projectId: string, @Query() query: Record<string, unknown>): Promise<CheckDaysBatchResponse> {
    const { ids, ...range } = parseOrThrow(checkDaysBatchRequestSchema, withoutProject(query), 'days query');
    // The query is scoped to the project, so another project's ids simply have no rows.
    return { days: await runInLane('interactive', () => this.results.dayCounts(projectId, ids, range)) };
  }

  @Get('latest')
  @RequireScope('read')
  @ApiOperation({ summary: 'The newest result of many checks in each region (last 25 h), in one request: the list\'s last latency, a check\'s regions' })
  @ApiQueryParams([PROJECT_PARAM, { name: 'ids', description: 'Check ids separated by commas (1 … 200); ids of other projects answer nothing', required: true }])
  async listLatest(@ProjectId() projectId: string, @Query() query: Record<string, unknown>): Promise<CheckLatestResponse> {
    const { ids } = parseOrThrow(checkLatestRequestSchema, withoutProject(query), 'latest query');
    return { latest: await runInLane('interactive', () => this.results.latest(projectId, ids, Date.now() - LATEST_RESULT_WINDOW_MS)) };
  }

  @Get(':id')
  @RequireScope('read')
  @ApiOperation({ summary: 'One check with its state (regions, push pings)' })
  @ApiQueryParams([PROJECT_PARAM])
  get(@ProjectId() projectId: string, @Param('id') id: string): Promise<CheckView> {
    return this.checks.get(projectId, id);
  }

  @Post()
  @HttpCode(201)
  @RequireScope('configure')
  @ApiOperation({ summary: 'Create a check; a push check answers its ping URL once' })
  @ApiQueryParams([PROJECT_PARAM])
  @ApiJsonBody(checkRequestSchema)
  async create(@ProjectId() projectId: string, @Body() body: unknown): Promise<CheckCreatedResponse> {
    return this.checks.create(projectId, await this.checks.validate(projectId, parseOrThrow(checkRequestSchema, body, 'check'), null));
  }

  @Put(':id')
  @RequireScope('configure')
  @ApiOperation({ summary: 'Replace a check (its kind stays); disabling pauses it and ends an open incident' })
  @ApiQueryParams([PROJECT_PARAM])
  @ApiJsonBody(checkRequestSchema)
  async replace(@ProjectId() projectId: string, @Param('id') id: string, @Body() body: unknown): Promise<CheckView> {
    return this.checks.replace(projectId, id, await this.checks.validate(projectId, parseOrThrow(checkRequestSchema, body, 'check'), id));
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireScope('configure')
  @ApiOperation({ summary: 'Delete a check, its state and incidents (its results stay until they expire)' })
  @ApiQueryParams([PROJECT_PARAM])
  delete(@ProjectId() projectId: string, @Param('id') id: string): Promise<void> {
    return this.checks.delete(projectId, id);
  }

  @Post(':id/run')
  @HttpCode(202)
  @RequireScope('configure')
  @ApiOperation({ summary: 'Run a check now in every region that runs it; results arrive as usual' })
  @ApiQueryParams([PROJECT_PARAM])
  async run(@ProjectId() projectId: string, @Param('id') id: string): Promise<{ queued: string[] }> {
    return { queued: await this.checks.runNow(projectId, id) };
  }

  @Post(':id/rotate-push-token')
  @RequireScope('configure')
  @ApiOperation({ summary: "A push check's new ping URL (shown once); the old one stops working" })
  @ApiQueryParams([PROJECT_PARAM])
  rotatePushToken(@ProjectId() projectId: string, @Param('id') id: string): Promise<CheckCreatedResponse> {
    return this.checks.rotatePushToken(projectId, id);
  }

  @Get(':id/results')
  @RequireScope('read')
  @ApiOperation({ summary: "A check's results over a range, newest first (raw; kept as long as the project's telemetry)" })
  @ApiQueryParams([PROJECT_PARAM, ...RANGE_PARAMS, { name: 'region', description: 'Only this region' }, { name: 'limit', description: '1 … 10000, default 1000' }])
  async listResults(@ProjectId() projectId: string, @Param('id') id: string, @Query() query: Record<string, unknown>) {
    const range = parseOrThrow(checkResultsRequestSchema, withoutProject(query), 'results query');
    if ((await this.runtime.store.checks.find(projectId, id)) === null) throw notFound();
    return { results: await runInLane('interactive', () => this.results.list(projectId, id, range)) };
  }

  @Get(':id/days')
  @RequireScope('read')
  @ApiOperation({ summary: "A check's daily rollup (UTC days, per region) over a range: counts by status and latency; kept 400 days" })
  @ApiQueryParams([PROJECT_PARAM, ...RANGE_PARAMS])
  async listDays(@ProjectId() projectId: string, @Param('id') id: string, @Query() query: Record<string, unknown>) {
    const range = parseOrThrow(checkDaysRequestSchema, withoutProject(query), 'days query');
    if ((await this.runtime.store.checks.find(projectId, id)) === null) throw notFound();
    const days = await runInLane('interactive', () => this.results.days(projectId, [id], range));
    return { days: days.map(({ checkId: _checkId, ...day }) => day) };
  }

  @Get(':id/incidents')
  @RequireScope('read')
  @ApiOperation({ summary: "A check's incidents overlapping a range, newest first" })
  @ApiQueryParams([PROJECT_PARAM, ...RANGE_PARAMS, { name: 'limit', description: '1 … 1000, default 200' }])
  async listIncidents(@ProjectId() projectId: string, @Param('id') id: string, @Query() query: Record<string, unknown>) {
    const range = parseOrThrow(incidentListRequestSchema, withoutProject(query), 'incidents query');
    if ((await this.runtime.store.checks.find(projectId, id)) === null) throw notFound();
    return { incidents: (await this.runtime.store.incidents.list(projectId, { ...range, checkIds: [id] })).map(incidentView) };
  }
}

/** Every incident of the project over a range (reports, status pages), newest first. */
@ApiTags('checks')
@ApiBearerAuth()
@Controller('api/v1/incidents')
export class IncidentsController {
  constructor(@Inject(RUNTIME) private readonly runtime: VigilRuntime) {}

  @Get()
  @RequireScope('read')
  @ApiOperation({ summary: "The project's check incidents overlapping a range, newest first" })
  @ApiQueryParams([PROJECT_PARAM, ...RANGE_PARAMS, { name: 'checkId', description: 'Only this check' }, { name: 'limit', description: '1 … 1000, default 200' }])
  async list(@ProjectId() projectId: string, @Query() query: Record<string, unknown>) {
    const { checkId, ...range } = parseOrThrow(incidentListRequestSchema, withoutProject(query), 'incidents query');
    return { incidents: (await this.runtime.store.incidents.list(projectId, { ...range, ...(checkId === undefined ? {} : { checkIds: [checkId] }) })).map(incidentView) };
  }
}
