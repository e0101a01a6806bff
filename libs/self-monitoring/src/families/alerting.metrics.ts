import { Counter, Histogram, type Registry } from 'prom-client';

/** What started an evaluation: its interval's tick, or an immediate one (a breach seen at ingest, a changed rule). */
export type EvaluationTrigger = 'tick' | 'immediate';

/** The outcome of one evaluation call, as the alert engine summarises it. */
export interface EvaluationCounts {
  evaluated: number;
  failed: number;
}

/**
 * The alert engine's evaluations (docs/alerting.md, Evaluation): how late they start against when
 * they were due, how long they take, how many rules they evaluate and fail. A tick's lag growing
 * towards its interval means evaluations fall behind.
 */
export class AlertingMetrics {
  private readonly lag: Histogram<'trigger'>;
  private readonly duration: Histogram<'trigger'>;
  private readonly evaluations: Counter;
  private readonly failures: Counter;

  constructor(registry: Registry) {
    const registers = [registry];
    this.lag = new Histogram({
      name: 'vigil_alert_evaluation_lag_seconds',
      help: 'Time from when an evaluation was due (its tick, or when it was queued) to when it started, by trigger.',
      labelNames: ['trigger'] as const,
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers,
    });
    this.duration = new Histogram({
      name: 'vigil_alert_evaluation_duration_seconds',
      help: 'Time one evaluation took (every rule it claimed, all projects: queries, state, notifications), by trigger.',
      labelNames: ['trigger'] as const,
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.evaluations = new Counter({ name: 'vigil_alert_rule_evaluations_total', help: 'Alert rules evaluated by this process.', registers });
    this.failures = new Counter({
      name: 'vigil_alert_rule_evaluation_failures_total',
      help: 'Alert rule evaluations that failed (invalid spec, or reading its data failed); their alerts stay as they were.',
      registers,
    });
  }

  observeEvaluation(trigger: EvaluationTrigger, lagSeconds: number, durationSeconds: number, counts: EvaluationCounts): void {
    this.lag.observe({ trigger }, Math.max(0, lagSeconds));
    this.duration.observe({ trigger }, durationSeconds);
    this.evaluations.inc(counts.evaluated + counts.failed);
    this.failures.inc(counts.failed);
  }
}
