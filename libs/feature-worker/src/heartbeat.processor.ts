import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { createQueue, createWorker, maintenanceQueue, scheduleRepeatable, type QueueHandle, type WorkerHandle } from '@vigil/queue';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';

const HEARTBEAT_EVERY_MS = 15_000;

/**
 * Proves the queue wiring end to end: a BullMQ job scheduler enqueues `heartbeat` every
 * 15 s (once across all replicas), and whichever worker takes it records the time, which
 * GET /api/v1/system/status shows.
 */
@Injectable()
export class HeartbeatProcessor implements OnApplicationBootstrap, OnModuleDestroy {
  private queue: QueueHandle<typeof maintenanceQueue> | undefined;
  private worker: WorkerHandle | undefined;

  constructor(@Inject(RUNTIME) private readonly runtime: VigilRuntime) {}

  async onApplicationBootstrap(): Promise<void> {
    const connection = this.runtime.redis.url;
    this.queue = createQueue(maintenanceQueue, connection);
    this.worker = createWorker(maintenanceQueue, connection, async (job) => {
      await this.runtime.heartbeats.record(job.data.component, new Date());
    });
    await scheduleRepeatable(this.queue, 'heartbeat', HEARTBEAT_EVERY_MS, { component: 'worker' });
  }

  async onModuleDestroy(): Promise<void> {
    // Closing the worker first lets a job in progress finish before the connection goes.
    await this.worker?.close();
    await this.queue?.close();
  }
}
