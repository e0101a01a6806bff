import type { ConfigStore } from '@vigil/config-store';
import {
  createQueue,
  createWorker,
  projectDeletionJobId,
  projectsQueue,
  projectSweepJobId,
  type QueueConnectionOptions,
  type QueueHandle,
  type QueueJob,
  scheduleRepeatable,
  type WorkerHandle,
} from '@vigil/queue';
import type { Logger } from '@vigil/server-kit';
import type { TelemetryStore } from '@vigil/telemetry-store';
import { ProjectDeletion } from './project-deletion';

export interface ProjectDeletionWorkerOptions {
  store: ConfigStore;
  telemetry: TelemetryStore;
  redisUrl: string;
  logger: Logger;
  /** BullMQ key prefix (tests keep files apart); default `vigil`. */
  queuePrefix?: string;
  /** Delay of the second pass over a deleted project's telemetry (default 60 s). */
  sweepDelayMs?: number;
}

const RESUME_EVERY_MS = 60_000;
const DEFAULT_SWEEP_DELAY_MS = 60_000;
const STALLED_AFTER_MS = 10_000;

/**
 * Runs project deletions in the worker: a deletion job per marked project (queued by the API and
 * again by `resume-deletions`, at start-up and every minute, so one cut short by a restart or a
 * Redis that lost it finishes), and a second pass over the telemetry a minute later. A plain
 * class rather than a Nest provider, so tests can start, crash and restart one.
 */
export class ProjectDeletionWorker {
  private readonly deletion: ProjectDeletion;
  private queue: QueueHandle<typeof projectsQueue> | undefined;
  private worker: WorkerHandle | undefined;

  constructor(private readonly options: ProjectDeletionWorkerOptions) {
    this.deletion = new ProjectDeletion(options.store, options.telemetry, options.logger);
  }

  async start(): Promise<void> {
    const connection: QueueConnectionOptions = { prefix: this.options.queuePrefix, onError: (error) => this.options.logger.warn({ err: error }, 'projects queue error') };
    this.queue = createQueue(projectsQueue, this.options.redisUrl, connection);
    // A deletion cut short by a killed process runs again within 20 s (stalled after 10 s, checked every 10 s), not BullMQ's minute.
    this.worker = createWorker(projectsQueue, this.options.redisUrl, (job) => this.handle(job), { ...connection, stalledAfterMs: STALLED_AFTER_MS });
    this.worker.worker.on('failed', (job, error) => this.options.logger.error({ err: error, projectId: (job?.data as { projectId?: string } | undefined)?.projectId, attempt: job?.attemptsMade }, 'a project deletion step failed; it is retried'));
    await scheduleRepeatable(this.queue, 'resume-deletions', RESUME_EVERY_MS, {});
    // Start-up resumes what a previous run left unfinished, without waiting for the schedule.
    await this.queue.add('resume-deletions', {});
  }

  async close(): Promise<void> {
    await this.worker?.close();
    await this.queue?.close();
  }

  private async handle(job: QueueJob<typeof projectsQueue>): Promise<void> {
    switch (job.name) {
      case 'delete-project': {
        const outcome = await this.deletion.run(job.data.projectId);
        if (outcome === 'deleted') {
          await this.queue?.add('sweep-project-telemetry', job.data, { jobId: projectSweepJobId(job.data.projectId), delay: this.options.sweepDelayMs ?? DEFAULT_SWEEP_DELAY_MS });
        }
        return;
      }
      case 'sweep-project-telemetry':
        return this.deletion.sweep(job.data.projectId);
      case 'resume-deletions': {
        for (const { id } of await this.options.store.projects.listDeleting()) await enqueueProjectDeletion(this.queue as QueueHandle<typeof projectsQueue>, id);
        return;
      }
    }
  }
}

/**
 * Queues the deletion of a marked project, once: a job already waiting or running for it is kept.
 * One that failed every attempt (kept a week for inspection) would make BullMQ ignore the new one,
 * so it is removed first and the deletion is tried afresh.
 */
export async function enqueueProjectDeletion(queue: QueueHandle<typeof projectsQueue>, projectId: string): Promise<void> {
  const jobId = projectDeletionJobId(projectId);
  const previous = await queue.queue.getJob(jobId);
  if (previous && (await previous.isFailed())) await previous.remove();
  await queue.add('delete-project', { projectId }, { jobId });
}
