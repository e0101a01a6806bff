import { heartbeatPayloadSchema } from './heartbeat.schema';
import { defineQueue } from './queue-definition';

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

export const queueDefinitions = [maintenanceQueue, probesQueue] as const;
