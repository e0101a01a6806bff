import { Inject, Injectable } from '@nestjs/common';
import type { MetricBatch } from '@vigil/ingest';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';
import { LateDataMarks, LateDataWatch } from '@vigil/slo-engine';

/**
 * Late data for SLOs (docs/slo.md, Late data): every acknowledged metric batch is checked for
 * samples of metrics an SLI reads whose minute may be recorded already; the recorder is told in
 * Redis and re-records those minutes at its next pass. Not awaited by the ingest request: the
 * write is acknowledged already, and a mark lost to a Redis outage leaves the minute as first
 * recorded (the rest of its samples were in place then).
 */
@Injectable()
export class SloLateDataService {
  readonly watch: LateDataWatch;

  constructor(@Inject(RUNTIME) private readonly runtime: VigilRuntime) {
    this.watch = new LateDataWatch(runtime.store, new LateDataMarks(runtime.redis.client));
  }

  onWritten(projectId: string, batch: MetricBatch): void {
    this.watch.onWritten(projectId, batch).catch((error: unknown) => this.runtime.logger.warn({ err: error, projectId }, 'could not mark late SLI data'));
  }

  /**
   * An SLO changed here: watch its metrics at once. Never fails the request: the change is
   * committed already (a 500 would make a client retry a create into a 409), and a failed reload
   * is retried by the watch's own refresh within SLO_METRICS_REFRESH_MS.
   */
  async changed(): Promise<void> {
    await this.watch.refresh().catch((error: unknown) => this.runtime.logger.warn({ err: error }, 'could not reload the metrics SLOs read; retried within a minute'));
  }
}
