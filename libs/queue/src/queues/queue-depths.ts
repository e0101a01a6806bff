import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { DEFAULT_QUEUE_PREFIX } from './queue-factory';
import { queueDefinitions } from './queue-registry';

/** The job states an operator watches: backlog (waiting, delayed), work in progress, failures kept. */
export const QUEUE_JOB_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;
export type QueueJobState = (typeof QUEUE_JOB_STATES)[number];

export interface QueueDepth {
  queue: string;
  state: QueueJobState;
  jobs: number;
}

/**
 * Jobs per state in every queue Vigil declares, read from Redis: the same numbers in every
 * process that asks, since the queues are shared. The queues use the caller's client (BullMQ
 * does not close a connection it was given), so reading costs no connection of its own.
 */
export class QueueDepths {
  private readonly queues: Queue[];

  constructor(connection: Redis, prefix: string = DEFAULT_QUEUE_PREFIX) {
    this.queues = queueDefinitions.map((definition) => new Queue(definition.name, { connection, prefix }));
  }

  async read(): Promise<QueueDepth[]> {
    const counts = await Promise.all(this.queues.map((queue) => queue.getJobCounts(...QUEUE_JOB_STATES)));
    return this.queues.flatMap((queue, index) => QUEUE_JOB_STATES.map((state) => ({ queue: queue.name, state, jobs: counts[index]?.[state] ?? 0 })));
  }

  async close(): Promise<void> {
    await Promise.all(this.queues.map((queue) => queue.close()));
  }
}
