import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { engineStateOf } from '@vigil/alert-engine';
import type { AlertInstanceRecord, DeliveryRecord } from '@vigil/config-store';
import {
  type AlertInstance,
  alertEventListRequestSchema,
  type AlertState,
  alertListRequestSchema,
  type Delivery,
  deliveryListRequestSchema,
} from '@vigil/contracts';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';
import { DomainError, parseOrThrow } from '@vigil/server-kit';
import { AlertEventRepository } from '@vigil/telemetry-store';
import { ProjectId, RequireScope } from '../auth/access.guard';
import { ApiQueryParams, PROJECT_QUERY_PARAM } from '../http/openapi';
import { AlertingQueueService } from './alerting-queue.service';

const STATES: Record<'active' | 'firing' | 'pending' | 'all', readonly AlertState[] | undefined> = { active: ['pending', 'firing'], firing: ['firing'], pending: ['pending'], all: undefined };

/** What alerting produced: alerts with their state, their history, and the notification deliveries. */
@ApiTags('alerting')
@ApiBearerAuth()
@Controller('api/v1')
export class AlertsController {
  private readonly events: AlertEventRepository;

  constructor(
    @Inject(RUNTIME) private readonly runtime: VigilRuntime,
    private readonly queue: AlertingQueueService,
  ) {
    this.events = new AlertEventRepository(runtime.telemetry);
  }

  @Get('alerts')
  @RequireScope('read')
  @ApiOperation({ summary: 'Alerts pending or firing now (state=all: every known instance), newest first' })
  @ApiQueryParams([PROJECT_QUERY_PARAM, { name: 'state', description: 'active (default), firing, pending, all' }, { name: 'ruleId', description: 'Only this rule' }])
  async list(@ProjectId() projectId: string, @Query() query: Record<string, unknown>): Promise<{ alerts: AlertInstance[] }> {
    const { project: _project, ...rest } = query;
    const request = parseOrThrow(alertListRequestSchema, rest, 'alerts query');
    const [instances, rules] = await Promise.all([
      this.runtime.store.alertInstances.listForProject(projectId, { ...(STATES[request.state] ? { states: STATES[request.state] } : {}), ...(request.ruleId ? { ruleId: request.ruleId } : {}) }),
      this.runtime.store.alertRules.listForProject(projectId),
    ]);
    const names = new Map(rules.map((rule) => [rule.id, rule.name]));
    return { alerts: instances.map((instance) => this.view(instance, names.get(instance.ruleId) ?? '')) };
  }

  @Get('alert-events')
  @RequireScope('read')
  @ApiOperation({ summary: 'Transitions of the alerts over a range (the history timeline), newest first' })
  @ApiQueryParams([PROJECT_QUERY_PARAM, { name: 'from', description: 'Epoch ms', required: true }, { name: 'to', description: 'Epoch ms', required: true }, { name: 'ruleId', description: 'Only this rule' }, { name: 'limit', description: '1 … 1000, default 200' }])
  async history(@ProjectId() projectId: string, @Query() query: Record<string, unknown>) {
    const { project: _project, ...rest } = query;
    const request = parseOrThrow(alertEventListRequestSchema, rest, 'alert events query');
    if (request.to < request.from) throw new DomainError('VALIDATION_FAILED', 'Invalid alert events query: to must not be before from.', { errors: [{ path: 'to', message: 'must not be before from' }] });
    return { events: await this.events.list(projectId, request) };
  }

  @Get('deliveries')
  @RequireScope('read')
  @ApiOperation({ summary: 'Notification deliveries with every attempt, newest first' })
  @ApiQueryParams([PROJECT_QUERY_PARAM, { name: 'status', description: 'pending, delivered, failed, dead' }, { name: 'channelId', description: 'Only this channel' }, { name: 'limit', description: '1 … 500, default 100' }])
  async deliveries(@ProjectId() projectId: string, @Query() query: Record<string, unknown>): Promise<{ deliveries: Delivery[] }> {
    const { project: _project, ...rest } = query;
    const request = parseOrThrow(deliveryListRequestSchema, rest, 'deliveries query');
    const [deliveries, channels] = await Promise.all([this.runtime.store.deliveries.listForProject(projectId, request), this.runtime.store.channels.listForProject(projectId)]);
    const names = new Map(channels.map((channel) => [channel.id, channel.name]));
    return { deliveries: deliveries.map((delivery) => deliveryView(delivery, names.get(delivery.channelId) ?? '(deleted channel)')) };
  }

  @Post('deliveries/:id/redeliver')
  @HttpCode(200)
  @RequireScope('configure')
  @ApiOperation({ summary: 'Send a delivery again (same webhook id, so receivers can drop a duplicate)' })
  @ApiQueryParams([PROJECT_QUERY_PARAM])
  async redeliver(@ProjectId() projectId: string, @Param('id') id: string): Promise<Delivery> {
    const delivery = await this.runtime.store.deliveries.redeliver(projectId, id, new Date());
    if (!delivery) throw new DomainError('NOT_FOUND', 'This project has no delivery with that id.');
    await this.queue.deliverNow(delivery.id, delivery.attemptCount);
    const channel = await this.runtime.store.channels.find(projectId, delivery.channelId);
    return deliveryView(delivery, channel?.name ?? '(deleted channel)');
  }

  private view(instance: AlertInstanceRecord, ruleName: string): AlertInstance {
    const iso = (date: Date | null) => date?.toISOString() ?? null;
    return {
      id: instance.id,
      ruleId: instance.ruleId,
      ruleName,
      labels: instance.labels,
      state: instance.state,
      severity: instance.severity,
      since: instance.since.toISOString(),
      firedAt: iso(instance.firedAt),
      resolvedAt: iso(instance.resolvedAt),
      lastValue: instance.lastValue,
      lastEvaluatedAt: instance.lastEvaluatedAt.toISOString(),
      silencedBy: engineStateOf(instance).silencedBy ?? [],
      flapping: instance.flapping,
      evidence: instance.evidence,
      url: `${this.runtime.publicUrl}/alerts/rules/${instance.ruleId}`,
    };
  }
}

function deliveryView(delivery: DeliveryRecord, channelName: string): Delivery {
  return {
    id: delivery.id,
    webhookId: delivery.webhookId,
    channelId: delivery.channelId,
    channelName,
    status: delivery.status,
    kind: delivery.kind,
    title: delivery.title,
    attempts: delivery.attempts,
    nextAttemptAt: delivery.nextAttemptAt?.toISOString() ?? null,
    createdAt: delivery.createdAt.toISOString(),
    deliveredAt: delivery.deliveredAt?.toISOString() ?? null,
  };
}
