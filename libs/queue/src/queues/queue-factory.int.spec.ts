import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { HeartbeatStore } from '../heartbeats/heartbeat.store';
import { createRedisClient } from '../redis-connection';
import { createQueue, createWorker, type QueueHandle, scheduleRepeatable, type WorkerHandle } from './queue-factory';
import { maintenanceQueue } from './queue-registry';

const redisUrl = inject('redisUrl');
const opened: { close(): Promise<void> }[] = [];
// Workers close before queues, as apps do, so no job is cut off mid-way.
afterEach(async () => {
  for (const handle of opened.splice(0).reverse()) await handle.close();
});

/** A key prefix of its own per test, so tests (and test files) never see each other's jobs. */
function isolated() {
  const prefix = `t_${randomUUID()}`;
  const errors: Error[] = [];
  const options = { prefix, onError: (error: Error) => errors.push(error) };
  return {
    prefix,
    errors,
    queue: () => remember(createQueue(maintenanceQueue, redisUrl, options)),
    worker: (handler: Parameters<typeof createWorker<typeof maintenanceQueue>>[2]) => remember(createWorker(maintenanceQueue, redisUrl, handler, options)),
  };
}

function remember<T extends QueueHandle<typeof maintenanceQueue> | WorkerHandle>(handle: T): T {
  opened.push(handle);
  return handle;
}

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(50);
  }
}

describe('queues on a real Redis', () => {
  it('runs a scheduled heartbeat once per interval across replicas and records it', async () => {
    const setup = isolated();
    const client = createRedisClient(redisUrl);
    opened.push({ close: async () => void (await client.quit()) });
    const heartbeats = new HeartbeatStore(client, { keyPrefix: `${setup.prefix}:` });
    setup.worker(async (job) => heartbeats.record(job.data.component, new Date()));

    // Two replicas start up and both schedule the heartbeat.
    const replicaA = setup.queue();
    const replicaB = setup.queue();
    expect(await scheduleRepeatable(replicaA, 'heartbeat', 200, { component: 'worker' })).toEqual({});
    expect(await scheduleRepeatable(replicaB, 'heartbeat', 200, { component: 'worker' })).toEqual({});
    expect(await replicaA.queue.getJobSchedulersCount()).toBe(1);

    const recorded = await eventually(async () => (await heartbeats.readAll()).worker);
    expect(Date.now() - recorded.getTime()).toBeLessThan(10_000);
    await eventually(async () => ((await replicaA.queue.getCompletedCount()) >= 2 ? true : undefined));
    expect(setup.errors).toEqual([]);
  });

  it('says which interval a replica with another one replaced (the last to start sets it)', async () => {
    const setup = isolated();
    const replicaA = setup.queue();
    const replicaB = setup.queue();
    expect(await scheduleRepeatable(replicaA, 'heartbeat', 60_000, { component: 'worker' })).toEqual({});
    expect(await scheduleRepeatable(replicaB, 'heartbeat', 2_000, { component: 'worker' })).toEqual({ replacedEveryMs: 60_000 });
    expect((await replicaA.queue.getJobScheduler('heartbeat'))?.every).toBe(2_000);
    expect(await scheduleRepeatable(replicaA, 'heartbeat', 2_000, { component: 'worker' }, { offsetMs: 500 })).toEqual({});
  });

  it('fails a job whose payload does not match, once, and keeps processing', async () => {
    const setup = isolated();
    const seen: string[] = [];
    setup.worker(async (job) => void seen.push(job.data.component));
    const handle = setup.queue();

    // Bypasses handle.add (which validates) the way an outdated producer would.
    const bad = await handle.queue.add('heartbeat', { component: 'scheduler' });
    const good = await handle.add('heartbeat', { component: 'prober' });
    const failed = await eventually(async () => ((await handle.queue.getJobState(bad.id as string)) === 'failed' ? handle.queue.getJob(bad.id as string) : undefined));
    expect(failed?.failedReason).toMatch(/^Invalid payload for job "heartbeat" on queue "maintenance": component: /);
    // Unrecoverable: not retried although the queue allows 3 attempts.
    expect(failed?.attemptsMade).toBe(1);
    await eventually(async () => ((await handle.queue.getJobState(good.id as string)) === 'completed' ? true : undefined));
    expect(seen).toEqual(['prober']);
    expect(setup.errors).toEqual([]);
  });

  it('fails a job with an undeclared name', async () => {
    const setup = isolated();
    setup.worker(async () => undefined);
    const handle = setup.queue();
    const stray = await handle.queue.add('reindex', {});
    const failed = await eventually(async () => ((await handle.queue.getJobState(stray.id as string)) === 'failed' ? handle.queue.getJob(stray.id as string) : undefined));
    expect(failed?.failedReason).toBe('Queue "maintenance" has no job "reindex" (declared: heartbeat)');
  });

  it('refuses to enqueue or schedule an invalid payload', async () => {
    const handle = isolated().queue();
    // @ts-expect-error -- the type forbids it; the check also holds for untyped callers.
    await expect(handle.add('heartbeat', { component: 'scheduler' })).rejects.toThrow(/Invalid payload for job "heartbeat"/);
    // @ts-expect-error -- likewise
    await expect(scheduleRepeatable(handle, 'heartbeat', 1_000, {})).rejects.toThrow(/component/);
    expect(await handle.queue.getJobCountByTypes('wait', 'delayed')).toBe(0);
  });

  it('gives each job to exactly one of two workers', async () => {
    const setup = isolated();
    const processed: string[] = [];
    const handler = async (job: { id?: string }) => {
      processed.push(job.id as string);
      await sleep(5);
    };
    setup.worker(handler);
    setup.worker(handler);
    const handle = setup.queue();
    const jobs = await handle.queue.addBulk(Array.from({ length: 20 }, () => ({ name: 'heartbeat', data: { component: 'worker' } })));
    await eventually(async () => ((await handle.queue.getCompletedCount()) === jobs.length ? true : undefined));
    expect(processed.sort()).toEqual(jobs.map((job) => job.id as string).sort());
  });

  it('runs a scheduled job on the grid of its interval plus the offset, and moves a scheduler left on another phase onto it', async () => {
    const handle = isolated().queue();
    // No worker: the scheduler's next run is only read. A scheduler created the old way runs on
    // the phase of its creation time.
    await handle.queue.upsertJobScheduler('tick-60', { every: 60_000 }, { name: 'heartbeat', data: { component: 'worker' } });
    const next = async () => Number((await handle.queue.getJobScheduler('tick-60'))?.next);
    const created = await next();
    await scheduleRepeatable(handle, 'heartbeat', 60_000, { component: 'worker' }, { schedulerId: 'tick-60', offsetMs: 500 });
    const aligned = await next();
    expect(aligned % 60_000).toBe(500);
    expect(aligned - created).toBeLessThanOrEqual(60_000);
    expect(await handle.queue.getJobSchedulersCount()).toBe(1);
    // Scheduling again (a restart, another replica) keeps it.
    await scheduleRepeatable(handle, 'heartbeat', 60_000, { component: 'worker' }, { schedulerId: 'tick-60', offsetMs: 500 });
    expect(await next()).toBe(aligned);
    await expect(scheduleRepeatable(handle, 'heartbeat', 1_000, { component: 'worker' }, { offsetMs: 1_000 })).rejects.toThrow(/offsetMs/);
  });
});
