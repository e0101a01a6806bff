import { deliverPayloadSchema, evaluateRulesPayloadSchema, evaluateTickPayloadSchema, flushGroupsPayloadSchema, sweepDeliveriesPayloadSchema } from './alerting.schema';
import { heartbeatPayloadSchema } from './heartbeat.schema';
import { runBatchPayloadSchema, runCheckPayloadSchema, sweepPushPayloadSchema } from './probes.schema';
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

/**
 * The prober's heartbeat. Check runs live in one queue per region (`regionProbesQueue`), so each
 * region runs each check once; the push-check sweep in `pushChecksQueue`.
 */
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

/** Push checks whose deadline passed, swept every few seconds by whichever prober takes the job. */
export const pushChecksQueue = defineQueue({
  name: 'push-checks',
  jobs: { sweep: sweepPushPayloadSchema },
  defaultJobOptions: { attempts: 1, removeOnComplete: { age: 600, count: 100 }, removeOnFail: { age: 24 * 3600, count: 1_000 } },
});

const regionQueues = new Map<string, ReturnType<typeof defineRegionQueue>>();

function defineRegionQueue(region: string) {
  return defineQueue({
    name: `probes-${region}`,
    jobs: { batch: runBatchPayloadSchema, run: runCheckPayloadSchema },
    defaultJobOptions: {
      // A missed run is superseded by the next one; retrying late would skew results.
      attempts: 1,
      removeOnComplete: { age: 600, count: 1_000 },
      removeOnFail: { age: 24 * 3600, count: 1_000 },
    },
  });
}

/**
 * Check runs of one region: one job scheduler per batch of checks (id `batch:<everyMs>:<index>`,
 * job `batch`) and "run now" jobs (`run`), processed by the probers of that region only, so each
 * check runs once per interval per region however many probers share it.
 */
export function regionProbesQueue(region: string): ReturnType<typeof defineRegionQueue> {
  let definition = regionQueues.get(region);
  if (definition === undefined) {
    if (!/^[a-z0-9][a-z0-9-]{0,31}$/.test(region)) throw new Error(`"${region}" is not a region name (1–32 lower-case letters, digits or -)`);
    definition = defineRegionQueue(region);
    regionQueues.set(region, definition);
  }
  return definition;
}

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

export const queueDefinitions = [maintenanceQueue, probesQueue, pushChecksQueue, alertingQueue, notificationsQueue, projectsQueue, sloQueue] as const;
