import { Inject, Injectable } from '@nestjs/common';
import { previewRule, StoreAlertTelemetry } from '@vigil/alert-engine';
import { createRuleKindRegistry, type RuleKindRegistry, validateRuleSpec } from '@vigil/alerting';
import type { AlertRulePreviewResponse, AlertRuleRequest } from '@vigil/contracts';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';
import { DomainError } from '@vigil/server-kit';
import { AlertingQueueService } from './alerting-queue.service';
import { invalidFields } from './matcher-validation';
import { RawThresholdService } from './raw-threshold.service';

/** The longest range a preview covers (the form previews the last 24 h). */
const MAX_PREVIEW_RANGE_MS = 7 * 86_400_000;

/**
 * What the rules API needs beyond storage: the rule kind's own validation (matchers that read
 * the same in RE2 and JS, kinds registered later), telling the worker a rule changed (so it is
 * evaluated at once, not at its next interval) and the ingest index to rebuild, and previews.
 */
@Injectable()
export class AlertRuleService {
  readonly registry: RuleKindRegistry = createRuleKindRegistry();
  private readonly telemetry: StoreAlertTelemetry;

  constructor(
    @Inject(RUNTIME) private readonly runtime: VigilRuntime,
    private readonly queue: AlertingQueueService,
    private readonly rawThresholds: RawThresholdService,
  ) {
    this.telemetry = new StoreAlertTelemetry(runtime.telemetry, 'interactive');
  }

  validate(request: AlertRuleRequest): AlertRuleRequest {
    const result = validateRuleSpec(this.registry, request.kind, request.spec);
    if (!result.ok) throw invalidFields('alert rule', result.problems);
    return request;
  }

  /** A rule was created, changed or deleted here: evaluate it now and rebuild this process's ingest index. */
  async changed(ruleId: string): Promise<void> {
    await this.rawThresholds.cache.refresh();
    const rule = (await this.runtime.store.alertRules.listEnabled([ruleId]))[0];
    if (rule) await this.queue.evaluateNow([rule], 'changed');
  }

  async preview(projectId: string, rule: AlertRuleRequest, from: number, to: number): Promise<AlertRulePreviewResponse> {
    if (to <= from) throw new DomainError('VALIDATION_FAILED', 'Invalid rule preview: to must be after from.', { errors: [{ path: 'to', message: 'must be after from' }] });
    if (to - from > MAX_PREVIEW_RANGE_MS) throw new DomainError('VALIDATION_FAILED', 'Invalid rule preview: the range may span at most 7 days.', { errors: [{ path: 'to', message: 'at most 7 days after from' }] });
    return previewRule(this.registry, this.telemetry, projectId, { id: 'preview', ...rule }, from, to);
  }
}
