import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ProberWorker } from '@vigil/check-engine';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';

/** Uptime checks in this prober process (docs/checks.md): its region's runs and the push sweep. */
@Injectable()
export class ChecksProcessor implements OnApplicationBootstrap, OnModuleDestroy {
  private worker: ProberWorker | undefined;

  constructor(@Inject(RUNTIME) private readonly runtime: VigilRuntime) {}

  async onApplicationBootstrap(): Promise<void> {
    const { store, ingestWriter, redis, outboundPolicy, logger, config, publicUrl, selfMetrics } = this.runtime;
    this.worker = new ProberWorker({ store, results: ingestWriter, redisUrl: redis.url, redis: redis.client, region: config.PROBER_REGION, concurrency: config.PROBER_CONCURRENCY, outboundPolicy, logger, publicUrl, metrics: selfMetrics });
    await this.worker.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.worker?.close();
  }
}
