import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createRedisClient } from '../redis-connection';
import { HeartbeatStore } from './heartbeat.store';
import type { HeartbeatComponent } from '../queues/heartbeat.schema';

const client = createRedisClient(inject('redisUrl'));
const keyPrefix = `t_${randomUUID()}:`;
let store: HeartbeatStore;

beforeAll(() => {
  store = new HeartbeatStore(client, { keyPrefix });
});
afterAll(async () => {
  await client.quit();
});

describe('HeartbeatStore', () => {
  it('is empty until a component records', async () => {
    expect(await store.readAll()).toEqual({});
  });

  it('keeps the newest time per component', async () => {
    await store.record('worker', new Date('2025-01-01T00:00:10Z'));
    await store.record('worker', new Date('2025-01-01T00:00:05Z')); // a late replica
    await store.record('prober', new Date('2025-01-01T00:00:07Z'));
    expect(await store.readAll()).toEqual({ worker: new Date('2025-01-01T00:00:10Z'), prober: new Date('2025-01-01T00:00:07Z') });
    expect(await client.exists(`${keyPrefix}heartbeats`)).toBe(1);
  });

  it('uses the vigil: prefix by default', async () => {
    // A component name of its own: other int files' workers and probers share this Redis and
    // record their real heartbeats under the default prefix at any moment.
    const component = 'heartbeat-prefix-test' as HeartbeatComponent;
    await new HeartbeatStore(client).record(component, new Date('2025-01-01T00:00:00Z'));
    expect(await client.hget('vigil:heartbeats', component)).toBe(String(Date.parse('2025-01-01T00:00:00Z')));
    await client.hdel('vigil:heartbeats', component);
  });
});
