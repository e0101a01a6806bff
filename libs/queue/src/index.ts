export { createRedisClient, redactRedisUrl, redisOptionsFromUrl, type RedisConnectionOptions } from './redis-connection';
export { ensureRedis, type EnsureRedisOptions, type RedisRuntime } from './redis-runtime/ensure-redis';
export { defineQueue, type JobInput, type JobName, type JobPayload, type QueueDefinition } from './queues/queue-definition';
export { alertingQueue, maintenanceQueue, notificationsQueue, probesQueue, projectsQueue, pushChecksQueue, queueDefinitions, regionProbesQueue, sloQueue } from './queues/queue-registry';
export { runBatchPayloadSchema, runCheckPayloadSchema, sweepPushPayloadSchema } from './queues/probes.schema';
export { projectDeletionJobId, projectSweepJobId } from './queues/projects.schema';
export { heartbeatComponentSchema, heartbeatPayloadSchema, type HeartbeatComponent, type HeartbeatPayload } from './queues/heartbeat.schema';
export {
  createQueue,
  createWorker,
  DEFAULT_QUEUE_PREFIX,
  scheduleRepeatable,
  type JobHandler,
  type QueueConnectionOptions,
  type QueueHandle,
  type QueueJob,
  type WorkerHandle,
  type WorkerOptions,
} from './queues/queue-factory';
export { HeartbeatStore } from './heartbeats/heartbeat.store';
export { startHeartbeatJob, type HeartbeatJob } from './heartbeats/heartbeat-job';
export { deliveryJobId } from './queues/alerting.schema';
export { QUEUE_JOB_STATES, type QueueDepth, QueueDepths, type QueueJobState } from './queues/queue-depths';
