import { Inject, Injectable } from '@nestjs/common';
import { RawThresholdCache } from '@vigil/alert-engine';
import type { MetricBatch } from '@vigil/ingest';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';
import { AlertingQueueService } from './alerting-queue.service';

/**
 * Raw-threshold breaches do not wait for the next tick (docs/alerting.md): every acknowledged
 * metric batch is checked against the project's raw-threshold rules, and a breached rule is
 * queued for an immediate evaluation (one per rule and interval, however many samples breach).
 * The queueing is not awaited: the write is acknowledged already, and the scheduled evaluation
 * stays the source of truth if Redis is slow.
 */
@Injectable()
export class RawThresholdService {
  readonly cache: RawThresholdCache;

  constructor(
    @Inject(RUNTIME) private readonly runtime: VigilRuntime,
    private readonly queue: AlertingQueueService,
  ) {
    this.cache = new RawThresholdCache(runtime.store);
  }

  onWritten(projectId: string, batch: MetricBatch): void {
    const breached = this.cache.check(projectId, batch);
    if (breached.length === 0) return;
    this.queue.evaluateNow(breached, 'breach').catch((error: unknown) => this.runtime.logger.warn({ err: error, projectId }, 'could not queue an immediate evaluation of breached rules'));
  }
}
