import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { enqueueProjectDeletion } from '@vigil/project-lifecycle';
import { createQueue, projectsQueue, type QueueHandle } from '@vigil/queue';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';

/**
 * The API's side of project deletion: after the project is marked, its deletion job is queued so
 * the worker starts at once. If this fails (Redis down), the worker's `resume-deletions` finds the
 * mark within a minute; the deletion is not lost either way.
 */
@Injectable()
export class ProjectDeletionQueueService implements OnModuleDestroy {
  private handle: QueueHandle<typeof projectsQueue> | undefined;

  constructor(@Inject(RUNTIME) private readonly runtime: VigilRuntime) {}

  async enqueue(projectId: string): Promise<void> {
    this.handle ??= createQueue(projectsQueue, this.runtime.redis.url, { onError: (error) => this.runtime.logger.warn({ err: error }, 'projects queue error') });
    await enqueueProjectDeletion(this.handle, projectId).catch((error: unknown) => {
      this.runtime.logger.warn({ err: error, projectId }, 'could not queue a project deletion; the worker resumes it within a minute');
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.handle?.close();
  }
}
