import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { type HeartbeatJob, maintenanceQueue, startHeartbeatJob } from '@vigil/queue';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';

/** The worker's liveness on the maintenance queue, shown by GET /api/v1/system/status. */
@Injectable()
export class HeartbeatProcessor implements OnApplicationBootstrap, OnModuleDestroy {
  private job: HeartbeatJob | undefined;

  constructor(@Inject(RUNTIME) private readonly runtime: VigilRuntime) {}

  async onApplicationBootstrap(): Promise<void> {
    this.job = await startHeartbeatJob({
      queue: maintenanceQueue,
      component: 'worker',
      redisUrl: this.runtime.redis.url,
      heartbeats: this.runtime.heartbeats,
      everyMs: 15_000,
      onError: (error) => this.runtime.logger.warn({ err: error }, 'maintenance queue error'),
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.job?.close();
  }
}
