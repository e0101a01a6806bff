import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ProjectDeletionWorker } from '@vigil/project-lifecycle';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';

/** Project deletions (docs/teams.md) in this worker process, resumed at start-up. */
@Injectable()
export class ProjectDeletionProcessor implements OnApplicationBootstrap, OnModuleDestroy {
  private worker: ProjectDeletionWorker | undefined;

  constructor(@Inject(RUNTIME) private readonly runtime: VigilRuntime) {}

  async onApplicationBootstrap(): Promise<void> {
    const { store, telemetry, redis, logger } = this.runtime;
    this.worker = new ProjectDeletionWorker({ store, telemetry, redisUrl: redis.url, logger });
    await this.worker.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.worker?.close();
  }
}
