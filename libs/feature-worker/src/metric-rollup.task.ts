import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';
import { MetricRollup } from '@vigil/telemetry-store';

/** How often the rollup looks for closed and stale hours; an hour closes 5 min after its end. */
const EVERY_MS = 60_000;

/**
 * Builds the hourly metric rollup off the insert path (docs/architecture.md "Rollup watermark"):
 * closes hours past the watermark and rebuilds stale ones. One replica at a time: the run holds
 * a lock every worker shares, and a worker that finds it taken skips its turn (the holder is
 * doing the work). Interrupted runs are safe to repeat, so a stop need not wait for long.
 */
@Injectable()
export class MetricRollupTask implements OnModuleDestroy {
  private readonly rollup: MetricRollup;
  private running: Promise<void> | undefined;

  constructor(@Inject(RUNTIME) private readonly runtime: VigilRuntime) {
    this.rollup = new MetricRollup(runtime.telemetry);
  }

  @Interval(EVERY_MS)
  tick(): Promise<void> {
    this.running ??= this.runOnce().finally(() => (this.running = undefined));
    return this.running;
  }

  async onModuleDestroy(): Promise<void> {
    await this.running;
  }

  private async runOnce(): Promise<void> {
    try {
      const outcome = await this.runtime.locks.tryRun(`vigil:metric-rollup:${this.runtime.telemetry.database}`, () => this.rollup.run(Date.now()));
      if (outcome.acquired && (outcome.value.closedHours > 0 || outcome.value.rebuiltHours > 0)) {
        this.runtime.logger.debug({ rollup: outcome.value }, 'metric rollup advanced');
      }
    } catch (error) {
      // The next tick tries again; until then queries read those hours from the samples.
      this.runtime.logger.warn({ err: error }, 'metric rollup run failed');
    }
  }
}
