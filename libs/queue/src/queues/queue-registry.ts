import { deliverPayloadSchema, evaluateRulesPayloadSchema, evaluateTickPayloadSchema, flushGroupsPayloadSchema, sweepDeliveriesPayloadSchema } from './alerting.schema';
import { heartbeatPayloadSchema } from './heartbeat.schema';
import { deleteProjectPayloadSchema, resumeDeletionsPayloadSchema } from './projects.schema';
import { defineQueue } from './queue-definition';
import { recordSlisPayloadSchema } from './slo.schema';

/**
 * Every queue Vigil uses. Adding a job means adding its schema here; processors and
 * producers get the types from this one place.
 */

/** Upkeep done by worker replicas: heartbeats now; retention, rollups and reports later. */
export const maintenanceQueue = defineQueue({
  name: 'maintenance',
  jobs: { heartbeat: heartbeatPayloadSchema },
  defaultJobOptions: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 1_000 },
    // Enough history to debug with, bounded so a job every few seconds cannot fill Redis.
    removeOnComplete: { age: 24 * 3600, count: 1_000 },
    removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
  },
});

/** Reserved for the prober: check runs will live here, one scheduler per check and region. */
export const probesQueue = defineQueue({
  name: 'probes',
  jobs: { heartbeat: heartbeatPayloadSchema },
  defaultJobOptions: {
    // A missed check run is superseded by the next one; retrying late would skew results.
    attempts: 1,
    removeOnComplete: { age: 3600, count: 1_000 },
    removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
  },
});

/**
 * Alert evaluation (docs/alerting.md): ticks per interval, immediate evaluations of breached
 * rules, and notification group flushes. Evaluations are not retried: the next tick supersedes
 * a failed one, and a late retry would evaluate a stale `now`.
 */
export const alertingQueue = defineQueue({
  name: 'alerting',
  jobs: { 'evaluate-tick': evaluateTickPayloadSchema, 'evaluate-rules': evaluateRulesPayloadSchema, 'flush-groups': flushGroupsPayloadSchema },
  defaultJobOptions: {
    attempts: 1,
    removeOnComplete: { age: 3600, count: 1_000 },
    removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
  },
});

/**
 * Notification delivery: one job per attempt, its id derived from the delivery and attempt, so
 * a re-queued attempt is not queued twice. Retries are scheduled by the delivery logic itself
 * (full jitter, Retry-After), not by BullMQ's backoff, and recorded in Postgres first.
 */
export const notificationsQueue = defineQueue({
  name: 'notifications',
  jobs: { deliver: deliverPayloadSchema, 'sweep-deliveries': sweepDeliveriesPayloadSchema },
  defaultJobOptions: {
    attempts: 1,
    removeOnComplete: { age: 24 * 3600, count: 10_000 },
    removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
  },
});

/**
 * Project deletions (docs/teams.md): a Postgres mark is the truth (a project stays marked until
 * it is gone), these jobs carry the work, and `resume-deletions` re-queues marked projects at
 * start-up and every minute, so a deletion cut short by a restart or a lost Redis finishes.
 * Completed jobs are removed at once, so the same project can be queued again later (the sweep).
 */
export const projectsQueue = defineQueue({
  name: 'projects',
  jobs: { 'delete-project': deleteProjectPayloadSchema, 'sweep-project-telemetry': deleteProjectPayloadSchema, 'resume-deletions': resumeDeletionsPayloadSchema },
  defaultJobOptions: {
    attempts: 5,
    backoff: { type: 'exponential', delay: 5_000 },
    removeOnComplete: true,
    removeOnFail: { age: 7 * 24 * 3600, count: 1_000 },
  },
});

/**
 * SLI recording (docs/slo.md): one pass a minute across all replicas. Not retried: the next pass
 * records from where the last one stopped, and a late retry would only repeat its work.
 */
export const sloQueue = defineQueue({
  name: 'slo',
  jobs: { 'record-slis': recordSlisPayloadSchema },
  defaultJobOptions: {
    attempts: 1,
    removeOnComplete: { age: 3600, count: 1_000 },
    removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
  },
});

export const queueDefinitions = [maintenanceQueue, probesQueue, alertingQueue, notificationsQueue, projectsQueue, sloQueue] as const;
