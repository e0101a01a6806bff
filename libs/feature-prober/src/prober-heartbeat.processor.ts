import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { createQueue, createWorker, probesQueue, scheduleRepeatable, type QueueHandle, type WorkerHandle } from '@vigil/queue';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';

const HEARTBEAT_EVERY_MS = 15_000;

/**
 * The prober's own liveness signal on the `probes` queue, the queue checks will run on:
 * a prober replica that can take jobs records its heartbeat, shown by /api/v1/system/status.
 */
@Injectable()
export class ProberHeartbeatProcessor implements OnApplicationBootstrap, OnModuleDestroy {
  private queue: QueueHandle<typeof probesQueue> | undefined;
  private worker: WorkerHandle | undefined;

  constructor(@Inject(RUNTIME) private readonly runtime: VigilRuntime) {}

  async onApplicationBootstrap(): Promise<void> {
    const connection = this.runtime.redis.url;
    this.queue = createQueue(probesQueue, connection);
    this.worker = createWorker(probesQueue, connection, async (job) => {
      await this.runtime.heartbeats.record(job.data.component, new Date());
    });
    await scheduleRepeatable(this.queue, 'heartbeat', HEARTBEAT_EVERY_MS, { component: 'prober' });
  }

  async onModuleDestroy(): Promise<void> {
    await this.worker?.close();
    await this.queue?.close();
  }
}
