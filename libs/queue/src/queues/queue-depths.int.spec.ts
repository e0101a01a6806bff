import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createRedisClient } from '../redis-connection';
import { createQueue } from './queue-factory';
import { QueueDepths } from './queue-depths';
import { alertingQueue, notificationsQueue, queueDefinitions } from './queue-registry';

const redisUrl = inject('redisUrl');
const client = createRedisClient(redisUrl);
afterAll(async () => {
  await client.quit();
});

describe('QueueDepths', () => {
  it('counts the jobs of every declared queue by state, over the caller’s connection', async () => {
    const prefix = `t_${randomUUID()}`;
    const alerting = createQueue(alertingQueue, redisUrl, { prefix });
    const notifications = createQueue(notificationsQueue, redisUrl, { prefix });
    const depths = new QueueDepths(client, prefix);
    try {
      await alerting.add('flush-groups', {});
      await alerting.add('flush-groups', {});
      await notifications.add('deliver', { deliveryId: randomUUID() }, { delay: 60_000 });
      const read = await depths.read();
      // Four states of every declared queue (the projects queue of deletions included).
      expect(read).toHaveLength(queueDefinitions.length * 4);
      const jobs = (queue: string, state: string) => read.find((depth) => depth.queue === queue && depth.state === state)?.jobs;
      expect(jobs('alerting', 'waiting')).toBe(2);
      expect(jobs('notifications', 'delayed')).toBe(1);
      expect(jobs('maintenance', 'waiting')).toBe(0);
      expect(jobs('probes', 'failed')).toBe(0);
    } finally {
      await depths.close();
      await alerting.close();
      await notifications.close();
    }
    // The shared client is still usable after the readers closed.
    expect(await client.ping()).toBe('PONG');
  });
});
