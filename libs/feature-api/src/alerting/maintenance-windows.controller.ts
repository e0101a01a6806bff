import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { maintenanceWindowProblems, windowActivity } from '@vigil/alerting';
import type { MaintenanceWindowRecord } from '@vigil/config-store';
import { type MaintenanceWindow, type MaintenanceWindowRequest, maintenanceWindowRequestSchema } from '@vigil/contracts';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';
import { DomainError, parseOrThrow } from '@vigil/server-kit';
import { ProjectId, RequireScope } from '../auth/access.guard';
import { ApiJsonBody, ApiQueryParams, PROJECT_QUERY_PARAM } from '../http/openapi';
import { maintenanceWindowView } from './alerting-views';
import { invalidFields } from './matcher-validation';


function view(window: MaintenanceWindowRecord, now: number): MaintenanceWindow {
  const activity = windowActivity(window, now);
  return maintenanceWindowView(window, { activeNow: activity.active, nextStart: activity.nextStart === null ? null : new Date(activity.nextStart) });
}

/** Recurring maintenance windows: mute matching alerts on a cron schedule in a time zone. */
@ApiTags('alerting')
@ApiBearerAuth()
@Controller('api/v1/maintenance-windows')
export class MaintenanceWindowsController {
  constructor(@Inject(RUNTIME) private readonly runtime: VigilRuntime) {}

  @Get()
  @RequireScope('read')
  @ApiOperation({ summary: 'The maintenance windows, whether each is on now and its next start' })
  @ApiQueryParams([PROJECT_QUERY_PARAM])
  async list(@ProjectId() projectId: string): Promise<{ windows: MaintenanceWindow[] }> {
    const now = Date.now();
    return { windows: (await this.runtime.store.maintenanceWindows.listForProject(projectId)).map((window) => view(window, now)) };
  }

  @Post()
  @HttpCode(201)
  @RequireScope('configure')
  @ApiOperation({ summary: 'Create a maintenance window (5-field cron, duration, IANA time zone)' })
  @ApiQueryParams([PROJECT_QUERY_PARAM])
  @ApiJsonBody(maintenanceWindowRequestSchema)
  async create(@ProjectId() projectId: string, @Body() body: unknown): Promise<MaintenanceWindow> {
    return view(await this.runtime.store.maintenanceWindows.create(projectId, validated(body)), Date.now());
  }

  @Put(':id')
  @RequireScope('configure')
  @ApiOperation({ summary: 'Replace a maintenance window' })
  @ApiQueryParams([PROJECT_QUERY_PARAM])
  @ApiJsonBody(maintenanceWindowRequestSchema)
  async replace(@ProjectId() projectId: string, @Param('id') id: string, @Body() body: unknown): Promise<MaintenanceWindow> {
    const window = await this.runtime.store.maintenanceWindows.replace(projectId, id, validated(body));
    if (!window) throw new DomainError('NOT_FOUND', 'This project has no maintenance window with that id.');
    return view(window, Date.now());
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireScope('configure')
  @ApiOperation({ summary: 'Delete a maintenance window' })
  @ApiQueryParams([PROJECT_QUERY_PARAM])
  async delete(@ProjectId() projectId: string, @Param('id') id: string): Promise<void> {
    if (!(await this.runtime.store.maintenanceWindows.delete(projectId, id))) throw new DomainError('NOT_FOUND', 'This project has no maintenance window with that id.');
  }
}

function validated(body: unknown): MaintenanceWindowRequest {
  const request = parseOrThrow(maintenanceWindowRequestSchema, body, 'maintenance window');
  const problems = maintenanceWindowProblems(request);
  if (problems.length > 0) throw invalidFields('maintenance window', problems);
  return request;
}
