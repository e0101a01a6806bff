import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { type HeartbeatJob, probesQueue, startHeartbeatJob } from '@vigil/queue';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';

/** The prober's liveness on the probes queue, shown by /api/v1/system/status. */
@Injectable()
export class ProberHeartbeatProcessor implements OnApplicationBootstrap, OnModuleDestroy {
  private job: HeartbeatJob | undefined;

  constructor(@Inject(RUNTIME) private readonly runtime: VigilRuntime) {}

  async onApplicationBootstrap(): Promise<void> {
    this.job = await startHeartbeatJob({
      queue: probesQueue,
      component: 'prober',
      redisUrl: this.runtime.redis.url,
      heartbeats: this.runtime.heartbeats,
      everyMs: 15_000,
      onError: (error) => this.runtime.logger.warn({ err: error }, 'probes queue error'),
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.job?.close();
  }
}
