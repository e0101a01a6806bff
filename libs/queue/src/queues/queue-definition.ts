import type { DefaultJobOptions } from 'bullmq';
import type { z } from 'zod';

/**
 * One queue, declared once: its name, the zod schema of each job's payload, and the options
 * every job gets unless the caller overrides them. The API enqueues and the worker processes
 * through the same declaration, so a payload is checked against one schema on both sides.
 *
 * Jobs are keyed by name (one queue carries several kinds of job, as BullMQ intends), so a
 * handler can switch on `job.name` and get the matching payload type.
 */
export interface QueueDefinition<Jobs extends Record<string, z.ZodType> = Record<string, z.ZodType>> {
  readonly name: string;
  readonly jobs: Jobs;
  readonly defaultJobOptions: DefaultJobOptions;
}

/** Declares a queue, keeping the literal job names and schemas in its type. */
export function defineQueue<const Jobs extends Record<string, z.ZodType>>(definition: QueueDefinition<Jobs>): QueueDefinition<Jobs> {
  return definition;
}

export type JobName<D extends QueueDefinition> = keyof D['jobs'] & string;

/** The payload of job `N` after validation (zod output). */
export type JobPayload<D extends QueueDefinition, N extends JobName<D>> = z.output<D['jobs'][N]>;

/** What may be enqueued as job `N` (zod input: defaults may be left out). */
export type JobInput<D extends QueueDefinition, N extends JobName<D>> = z.input<D['jobs'][N]>;
