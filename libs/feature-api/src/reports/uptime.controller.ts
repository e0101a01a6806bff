import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { checkUptimeRequestSchema, type CheckUptimeReport, type CheckUptimeResponse, type ProjectUptimeReport, uptimeReportRequestSchema } from '@vigil/contracts';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';
import { parseOrThrow } from '@vigil/server-kit';
import type { FastifyReply } from 'fastify';
import { ProjectId, RequireScope } from '../auth/access.guard';
import { ApiQueryParams, PROJECT_QUERY_PARAM } from '../http/openapi';
import { reportFilename, uptimeReportCsv } from './uptime-csv';
import { UptimeService } from './uptime.service';

const RULE_PARAMS = [
  { name: 'maintenance', description: 'exclude (default: left out of the period), up (counted as up time), count (ordinary time)' },
  { name: 'degraded', description: 'up (default) or down: how time in a degraded incident counts' },
  { name: 'minIncidentSeconds', description: 'Incidents shorter than this are not counted (0 … 86400, default 0)' },
];
const MONTH_PARAMS = [
  { name: 'month', description: 'Calendar month, YYYY-MM', required: true },
  { name: 'timezone', description: 'IANA time zone the month is in (default UTC)' },
  { name: 'format', description: 'json (default) or csv (a download)' },
];

function withoutProject(query: Record<string, unknown>): Record<string, unknown> {
  const { project: _project, ...rest } = query;
  return rest;
}

/** A CSV answer is a download named after what it reports. */
function sendCsv(reply: FastifyReply, filename: string, body: string): string {
  void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`);
  return body;
}

/**
 * Uptime figures and monthly reports (docs/checks.md, Uptime and reports), read scope. Figures
 * come from incidents and maintenance windows, counted by the rules given; response times from
 * the daily rollup and the raw results of partial days.
 */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/v1')
export class UptimeController {
  constructor(
    @Inject(RUNTIME) private readonly runtime: VigilRuntime,
    private readonly uptime: UptimeService,
  ) {}

  @Get('checks/:id/uptime')
  @RequireScope('read')
  @ApiOperation({ summary: "A check's uptime, downtime, incidents, MTTR, MTBF and response-time p50/p95 over a window ending now (24h, 7d, 30d, 90d) or from/to" })
  @ApiQueryParams([PROJECT_QUERY_PARAM, { name: 'window', description: '24h, 7d, 30d or 90d (ending now)' }, { name: 'from', description: 'Epoch ms (instead of window)' }, { name: 'to', description: 'Epoch ms (instead of window)' }, ...RULE_PARAMS])
  checkUptime(@ProjectId() projectId: string, @Param('id') id: string, @Query() query: Record<string, unknown>): Promise<CheckUptimeResponse> {
    return this.uptime.checkUptime(projectId, id, parseOrThrow(checkUptimeRequestSchema, withoutProject(query), 'uptime query'), Date.now());
  }

  @Get('reports/uptime')
  @RequireScope('read')
  @ApiOperation({ summary: "The project's monthly uptime report: every check's figures for a calendar month in a time zone (JSON or CSV)" })
  @ApiProduces('application/json', 'text/csv')
  @ApiQueryParams([PROJECT_QUERY_PARAM, ...MONTH_PARAMS, ...RULE_PARAMS])
  async projectReport(@ProjectId() projectId: string, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) reply: FastifyReply): Promise<ProjectUptimeReport | string> {
    const request = parseOrThrow(uptimeReportRequestSchema, withoutProject(query), 'report query');
    const report = await this.uptime.projectReport(projectId, request, Date.now());
    if (request.format === 'json') return report;
    const project = await this.runtime.store.projects.findById(projectId);
    return sendCsv(reply, reportFilename(project?.slug ?? 'project', request.month), uptimeReportCsv(report, report.checks));
  }

  @Get('reports/uptime/checks/:id')
  @RequireScope('read')
  @ApiOperation({ summary: "One check's monthly uptime report with its incidents (JSON or CSV)" })
  @ApiProduces('application/json', 'text/csv')
  @ApiQueryParams([PROJECT_QUERY_PARAM, ...MONTH_PARAMS, ...RULE_PARAMS])
  async checkReport(@ProjectId() projectId: string, @Param('id') id: string, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) reply: FastifyReply): Promise<CheckUptimeReport | string> {
    const request = parseOrThrow(uptimeReportRequestSchema, withoutProject(query), 'report query');
    const report = await this.uptime.checkReport(projectId, id, request, Date.now());
    if (request.format === 'json') return report;
    return sendCsv(reply, reportFilename(report.check.checkName, request.month), uptimeReportCsv(report, [report.check]));
  }
}
