import type { HeartbeatComponent } from '../queues/heartbeat.schema';
import { createQueue, createWorker, scheduleRepeatable } from '../queues/queue-factory';
import type { maintenanceQueue, probesQueue } from '../queues/queue-registry';
import type { HeartbeatStore } from './heartbeat.store';

export interface HeartbeatJob {
  /** Stops taking jobs (a heartbeat in progress finishes), then closes the queue. */
  close(): Promise<void>;
}

/**
 * Proves a component can take jobs from its queue: a job scheduler enqueues `heartbeat`
 * every `everyMs` (once across all replicas) and whichever replica takes it records the
 * time in `heartbeats`, which GET /api/v1/system/status shows.
 */
export async function startHeartbeatJob(options: {
  queue: typeof maintenanceQueue | typeof probesQueue;
  component: HeartbeatComponent;
  redisUrl: string;
  heartbeats: HeartbeatStore;
  everyMs: number;
  onError: (error: Error) => void;
}): Promise<HeartbeatJob> {
  const { queue: definition, component, redisUrl, heartbeats, everyMs, onError } = options;
  const queue = createQueue(definition, redisUrl, { onError });
  const worker = createWorker(definition, redisUrl, async (job) => heartbeats.record(job.data.component, new Date()), { onError });
  await scheduleRepeatable(queue, 'heartbeat', everyMs, { component });
  return {
    close: async () => {
      await worker.close();
      await queue.close();
    },
  };
}
