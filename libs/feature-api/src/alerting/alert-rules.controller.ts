import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type AlertRule,
  type AlertRuleListResponse,
  type AlertRulePreviewResponse,
  alertRulePreviewRequestSchema,
  alertRuleRequestSchema,
} from '@vigil/contracts';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';
import { DomainError, parseOrThrow } from '@vigil/server-kit';
import { AuditExempt } from '../audit/audit-draft';
import { ProjectId, RequireScope } from '../auth/access.guard';
import { ApiJsonBody, ApiQueryParams, PROJECT_QUERY_PARAM } from '../http/openapi';
import { AlertRuleService } from './alert-rule.service';
import { ruleView } from './alerting-views';


/**
 * Alert rules (docs/alerting.md): read with `read`, written with `configure` (editors and above,
 * and API keys that carry it, so rules can live in code). Every write is validated against the
 * contract and the rule kind's own checks; an invalid field is a 400 naming it.
 */
@ApiTags('alerting')
@ApiBearerAuth()
@Controller('api/v1/alert-rules')
export class AlertRulesController {
  constructor(
    @Inject(RUNTIME) private readonly runtime: VigilRuntime,
    private readonly rules: AlertRuleService,
  ) {}

  @Get()
  @RequireScope('read')
  @ApiOperation({ summary: "The project's alert rules with their live state, by name" })
  @ApiQueryParams([PROJECT_QUERY_PARAM])
  async list(@ProjectId() projectId: string): Promise<AlertRuleListResponse> {
    const [rules, instances] = await Promise.all([this.runtime.store.alertRules.listForProject(projectId), this.runtime.store.alertInstances.listForProject(projectId, { states: ['pending', 'firing'] })]);
    return { rules: rules.map((rule) => ruleView(rule, instances)) };
  }

  @Get(':id')
  @RequireScope('read')
  @ApiOperation({ summary: 'One alert rule with its live state' })
  @ApiQueryParams([PROJECT_QUERY_PARAM])
  async get(@ProjectId() projectId: string, @Param('id') id: string): Promise<AlertRule> {
    const rule = await this.runtime.store.alertRules.find(projectId, id);
    if (!rule) throw notFound();
    return ruleView(rule, await this.runtime.store.alertInstances.listForProject(projectId, { ruleId: id, states: ['pending', 'firing'] }));
  }

  @Post()
  @HttpCode(201)
  @RequireScope('configure')
  @ApiOperation({ summary: 'Create an alert rule; it is evaluated from its next interval on' })
  @ApiQueryParams([PROJECT_QUERY_PARAM])
  @ApiJsonBody(alertRuleRequestSchema)
  async create(@ProjectId() projectId: string, @Body() body: unknown): Promise<AlertRule> {
    const request = this.rules.validate(parseOrThrow(alertRuleRequestSchema, body, 'alert rule'));
    const rule = await this.runtime.store.alertRules.create(projectId, request);
    await this.rules.changed(rule.id);
    return ruleView(rule, []);
  }

  @Put(':id')
  @RequireScope('configure')
  @ApiOperation({ summary: 'Replace an alert rule (its alerts keep their state where their label groups remain)' })
  @ApiQueryParams([PROJECT_QUERY_PARAM])
  @ApiJsonBody(alertRuleRequestSchema)
  async replace(@ProjectId() projectId: string, @Param('id') id: string, @Body() body: unknown): Promise<AlertRule> {
    const request = this.rules.validate(parseOrThrow(alertRuleRequestSchema, body, 'alert rule'));
    await this.refuseSloRule(projectId, id);
    const rule = await this.runtime.store.alertRules.replace(projectId, id, request);
    if (!rule) throw notFound();
    await this.rules.changed(rule.id);
    return ruleView(rule, await this.runtime.store.alertInstances.listForProject(projectId, { ruleId: id, states: ['pending', 'firing'] }));
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireScope('configure')
  @ApiOperation({ summary: 'Delete an alert rule and its alerts (their history stays)' })
  @ApiQueryParams([PROJECT_QUERY_PARAM])
  async delete(@ProjectId() projectId: string, @Param('id') id: string): Promise<void> {
    await this.refuseSloRule(projectId, id);
    if (!(await this.runtime.store.alertRules.delete(projectId, id))) throw notFound();
    await this.rules.changed(id);
  }

  @Post('preview')
  @HttpCode(200)
  @RequireScope('read')
  @AuditExempt('a preview reads telemetry and changes nothing')
  @ApiOperation({ summary: 'The values a rule (saved or not) would have compared over a range, and where it would have fired' })
  @ApiQueryParams([PROJECT_QUERY_PARAM])
  @ApiJsonBody(alertRulePreviewRequestSchema)
  async preview(@ProjectId() projectId: string, @Body() body: unknown): Promise<AlertRulePreviewResponse> {
    const request = parseOrThrow(alertRulePreviewRequestSchema, body, 'rule preview');
    return this.rules.preview(projectId, this.rules.validate(request.rule), request.from, request.to);
  }

  /** Rules an SLO keeps change with the SLO only (docs/slo.md, Alerts). */
  private async refuseSloRule(projectId: string, id: string): Promise<void> {
    const rule = await this.runtime.store.alertRules.find(projectId, id);
    if (rule?.sloId) {
      throw new DomainError('CONFLICT', `This rule is kept by an SLO (${rule.sloId}): change or delete it through PUT or DELETE /api/v1/slos/${rule.sloId}.`);
    }
  }
}

function notFound(): DomainError {
  return new DomainError('NOT_FOUND', 'This project has no alert rule with that id.');
}
