import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';
import { SloRecordingWorker } from '@vigil/slo-engine';

/** SLI recording every minute (docs/slo.md, Recording) in this worker process. */
@Injectable()
export class SloRecordingProcessor implements OnApplicationBootstrap, OnModuleDestroy {
  private worker: SloRecordingWorker | undefined;

  constructor(@Inject(RUNTIME) private readonly runtime: VigilRuntime) {}

  async onApplicationBootstrap(): Promise<void> {
    const { store, telemetry, redis, logger } = this.runtime;
    this.worker = new SloRecordingWorker({ store, telemetry, redisUrl: redis.url, redis: redis.client, logger });
    await this.worker.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.worker?.close();
  }
}
