import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { AlertingWorker } from '@vigil/alert-engine';
import { SLO_DATA_SOURCE } from '@vigil/slo';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';
import { SloAlertSource } from '@vigil/slo-engine';

/** Alert evaluation (SLO rules included), notification flushes and deliveries (docs/alerting.md) in this worker process. */
@Injectable()
export class AlertingProcessor implements OnApplicationBootstrap, OnModuleDestroy {
  private worker: AlertingWorker | undefined;

  constructor(@Inject(RUNTIME) private readonly runtime: VigilRuntime) {}

  async onApplicationBootstrap(): Promise<void> {
    const { store, telemetry, redis, secretKey, outboundPolicy, publicUrl, logger, selfMetrics } = this.runtime;
    // SLO rule kinds read the SLI records (docs/slo.md, Alerts).
    const extensions = new Map([[SLO_DATA_SOURCE, new SloAlertSource(store, telemetry)]]);
    this.worker = new AlertingWorker({ store, telemetry, redisUrl: redis.url, secretKey, outboundPolicy, publicUrl, logger, metrics: selfMetrics, extensions });
    await this.worker.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.worker?.close();
  }
}
