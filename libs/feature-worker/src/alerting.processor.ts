import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { AlertingWorker } from '@vigil/alert-engine';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';

/** Alert evaluation, notification flushes and deliveries (docs/alerting.md) in this worker process. */
@Injectable()
export class AlertingProcessor implements OnApplicationBootstrap, OnModuleDestroy {
  private worker: AlertingWorker | undefined;

  constructor(@Inject(RUNTIME) private readonly runtime: VigilRuntime) {}

  async onApplicationBootstrap(): Promise<void> {
    const { store, telemetry, redis, secretKey, outboundPolicy, publicUrl, logger, selfMetrics } = this.runtime;
    this.worker = new AlertingWorker({ store, telemetry, redisUrl: redis.url, secretKey, outboundPolicy, publicUrl, logger, metrics: selfMetrics });
    await this.worker.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.worker?.close();
  }
}
