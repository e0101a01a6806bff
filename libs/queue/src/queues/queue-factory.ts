import { type Job, type JobsOptions, Queue, UnrecoverableError, Worker } from 'bullmq';
import type { z } from 'zod';
import { redisOptionsFromUrl } from '../redis-connection';
import type { JobInput, JobName, JobPayload, QueueDefinition } from './queue-definition';

/**
 * Prefix of every BullMQ key, so Vigil's queues sit beside its other `vigil:` keys and can
 * share a Redis with other software. Tests pass their own to keep files apart.
 */
export const DEFAULT_QUEUE_PREFIX = 'vigil';

export interface QueueConnectionOptions {
  /** BullMQ key prefix; default `vigil`. */
  prefix?: string;
  /** Connection problems (Redis restarting, network). Default: written to stderr. */
  onError?: (error: Error) => void;
}

/** A job of queue D, typed by its name: `switch (job.name)` narrows `job.data`. */
export type QueueJob<D extends QueueDefinition> = { [N in JobName<D>]: Job<JobPayload<D, N>, unknown, N> }[JobName<D>];

export type JobHandler<D extends QueueDefinition> = (job: QueueJob<D>) => Promise<unknown>;

export interface QueueHandle<D extends QueueDefinition> {
  readonly definition: D;
  /** The BullMQ queue, for inspection (counts, getters) and job schedulers. */
  readonly queue: Queue;
  /** Validates the payload against the declared schema, then enqueues it. */
  add<N extends JobName<D>>(name: N, payload: JobInput<D, N>, options?: JobsOptions): Promise<Job>;
  close(): Promise<void>;
}

export interface WorkerHandle {
  readonly worker: Worker;
  /** Stops taking jobs and waits for the ones in progress to finish. */
  close(): Promise<void>;
}

export function createQueue<D extends QueueDefinition>(definition: D, redisUrl: string, options: QueueConnectionOptions = {}): QueueHandle<D> {
  const queue = new Queue(definition.name, {
    connection: redisOptionsFromUrl(redisUrl),
    prefix: options.prefix ?? DEFAULT_QUEUE_PREFIX,
    defaultJobOptions: definition.defaultJobOptions,
  });
  queue.on('error', options.onError ?? reportTo(definition.name));
  return {
    definition,
    queue,
    add: async (name, payload, jobOptions) => queue.add(name, validatePayload(definition, name, payload, Error), jobOptions),
    close: () => queue.close(),
  };
}

export interface WorkerOptions extends QueueConnectionOptions {
  /** Jobs processed at once by this worker; default 1. */
  concurrency?: number;
  /**
   * How long a running job's lock lasts without renewal (BullMQ renews it at half), and so how soon
   * a job whose process died is found stalled and run again; also the interval of that check.
   * Default BullMQ's 30 s.
   */
  stalledAfterMs?: number;
}

/**
 * A BullMQ worker whose handler only ever sees payloads that match the declared schema. A
 * payload that does not match (an old producer, a hand-made job) fails that job for good, with
 * a message naming the fields, instead of reaching the handler or being retried.
 */
export function createWorker<D extends QueueDefinition>(definition: D, redisUrl: string, handler: JobHandler<D>, options: WorkerOptions = {}): WorkerHandle {
  const worker = new Worker(
    definition.name,
    async (job: Job) => {
      job.data = validatePayload(definition, job.name, job.data, UnrecoverableError);
      return handler(job as QueueJob<D>);
    },
    {
      connection: redisOptionsFromUrl(redisUrl, { blocking: true }),
      prefix: options.prefix ?? DEFAULT_QUEUE_PREFIX,
      concurrency: options.concurrency ?? 1,
      ...(options.stalledAfterMs === undefined ? {} : { lockDuration: options.stalledAfterMs, stalledInterval: options.stalledAfterMs }),
    },
  );
  // An EventEmitter 'error' without a listener would crash the process on a Redis hiccup.
  worker.on('error', options.onError ?? reportTo(definition.name));
  return { worker, close: () => worker.close() };
}

/**
 * Runs job `jobName` every `everyMs` through a BullMQ job scheduler. The scheduler id is the
 * job name (or `schedulerId`), so every replica that calls this upserts the same scheduler and
 * the job runs once per interval, not once per replica.
 *
 * Without `offsetMs` BullMQ counts the interval from when the scheduler was first created. With
 * it the job runs `offsetMs` after each multiple of `everyMs` since the epoch (0 < offsetMs <
 * everyMs), whenever the scheduler was created: work that is due on a grid (alert evaluations
 * at multiples of their interval) then runs just after its grid time instead of up to a whole
 * interval later. A scheduler left on another phase by an earlier version is replaced.
 *
 * One scheduler serves every replica, so the last replica to start sets its interval: the answer
 * says which interval it replaced (`replacedEveryMs`), so a caller whose interval comes from
 * configuration can say that replicas disagree.
 */
export async function scheduleRepeatable<D extends QueueDefinition, N extends JobName<D>>(
  handle: QueueHandle<D>,
  jobName: N,
  everyMs: number,
  payload: JobInput<D, N>,
  options: { schedulerId?: string; offsetMs?: number } = {},
): Promise<{ replacedEveryMs?: number }> {
  const data = validatePayload(handle.definition, jobName, payload, Error);
  const schedulerId = options.schedulerId ?? jobName;
  const { offsetMs } = options;
  if (offsetMs !== undefined && (!Number.isInteger(offsetMs) || offsetMs <= 0 || offsetMs >= everyMs)) throw new Error(`offsetMs must be a whole number of ms in (0, ${everyMs}), got ${offsetMs}`);
  const existing = await handle.queue.getJobScheduler(schedulerId);
  const replaced = existing?.every !== undefined && existing.every !== null && Number(existing.every) !== everyMs ? { replacedEveryMs: Number(existing.every) } : {};
  if (offsetMs === undefined) {
    await handle.queue.upsertJobScheduler(schedulerId, { every: everyMs }, { name: jobName, data });
    return replaced;
  }
  // BullMQ keeps an existing scheduler's phase on upsert (the next run is the previous one +
  // every), so one on another phase is removed first and created again on the grid.
  const next = existing?.next;
  if (typeof next === 'number' && existing?.every === everyMs && (next - offsetMs) % everyMs !== 0) await handle.queue.removeJobScheduler(schedulerId);
  await handle.queue.upsertJobScheduler(schedulerId, { every: everyMs, offset: offsetMs }, { name: jobName, data });
  return replaced;
}

function validatePayload(definition: QueueDefinition, jobName: string, payload: unknown, ErrorType: new (message: string) => Error): unknown {
  const schema = definition.jobs[jobName];
  if (!schema) {
    throw new ErrorType(`Queue "${definition.name}" has no job "${jobName}" (declared: ${Object.keys(definition.jobs).join(', ')})`);
  }
  const result = schema.safeParse(payload);
  if (!result.success) throw new ErrorType(`Invalid payload for job "${jobName}" on queue "${definition.name}": ${describeIssues(result.error)}`);
  return result.data;
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(payload)'}: ${issue.message}`).join('; ');
}

/** Default error listener: one line on stderr; pass `onError` to route it to the app's logger. */
function reportTo(queueName: string): (error: Error) => void {
  return (error) => console.error(`[vigil/queue] ${queueName}: ${error.message}`);
}
