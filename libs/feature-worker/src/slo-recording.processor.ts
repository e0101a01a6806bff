import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';
import { SloRecordingWorker } from '@vigil/slo-engine';

/** SLI recording every SLO_RECORDING_INTERVAL_MS (docs/slo.md, Recording) in this worker process. */
@Injectable()
export class SloRecordingProcessor implements OnApplicationBootstrap, OnModuleDestroy {
  private worker: SloRecordingWorker | undefined;

  constructor(@Inject(RUNTIME) private readonly runtime: VigilRuntime) {}

  async onApplicationBootstrap(): Promise<void> {
    const { store, telemetry, redis, logger, config } = this.runtime;
    this.worker = new SloRecordingWorker({ store, telemetry, redisUrl: redis.url, redis: redis.client, logger, everyMs: config.SLO_RECORDING_INTERVAL_MS });
    await this.worker.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.worker?.close();
  }
}
