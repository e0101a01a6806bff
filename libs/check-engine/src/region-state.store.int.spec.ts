import { applyResult, type Assessment } from '@vigil/probing';
import { createRedisClient } from '@vigil/queue';
import { startTestRedis, type TestRedis } from '@vigil/testing';
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CheckRedisKeys } from './redis-keys';
import { RegionStateStore } from './region-state.store';

const up: Assessment = { status: 'up', statusCode: 200, latencyMs: 12, error: '' };
const down: Assessment = { status: 'down', statusCode: 503, latencyMs: 40, error: 'status 503' };
const AT = Date.UTC(2026, 11, 5, 7, 0, 0);

describe('RegionStateStore against a real Redis', () => {
  let server: TestRedis;
  let redis: Redis;
  let keys: CheckRedisKeys;
  let store: RegionStateStore;

  beforeAll(async () => {
    server = await startTestRedis();
    redis = createRedisClient(server.url);
    keys = new CheckRedisKeys(`test-${randomUUID()}`);
    store = new RegionStateStore(redis, keys);
  });

  afterAll(async () => {
    redis?.disconnect();
    await server?.stop();
  });

  it('records states made at once in one round trip, each answered with its own check', async () => {
    const pipelines = vi.spyOn(redis, 'pipeline');
    const [a, b] = [randomUUID(), randomUUID()];
    const first = applyResult(undefined, 'eu', up, 0, AT);
    // b allows one retry: its first failure is pending.
    const [aEu, aUs, bEu] = await Promise.all([
      store.record(a, first),
      store.record(a, applyResult(undefined, 'us', down, 0, AT)),
      store.record(b, applyResult(undefined, 'eu', down, 1, AT)),
    ]);
    expect(pipelines).toHaveBeenCalledTimes(1);
    pipelines.mockRestore();

    expect(aEu).toMatchObject({ replaced: null, written: JSON.stringify(first), stored: null });
    expect(aEu.regions).toEqual([first]);
    // In order: the second state of check a sees the first one beside it (a hash: no order of its own).
    expect(aUs.regions.map((region) => [region.region, region.status]).sort()).toEqual([
      ['eu', 'up'],
      ['us', 'down'],
    ]);
    expect(bEu.regions.map((region) => [region.region, region.status, region.failures])).toEqual([['eu', 'pending', 1]]);

    await store.remember(a, { status: 'up', trouble: false });
    const next = applyResult(first, 'eu', up, 0, AT + 30_000);
    const again = await store.record(a, next);
    expect(again.replaced).toBe(aEu.written);
    expect(again.stored).toEqual({ status: 'up', trouble: false });
    expect(await store.previousText(a, 'eu')).toBe(again.written);
  });

  it('loads its script again when Redis lost it (SCRIPT FLUSH, a restart without data)', async () => {
    const check = randomUUID();
    await store.record(check, applyResult(undefined, 'eu', up, 0, AT));
    await redis.script('FLUSH');
    const after = await store.record(check, applyResult(undefined, 'eu', down, 0, AT + 1_000));
    expect(after.regions.map((region) => region.status)).toEqual(['down']);
  });

  it('fails only the record whose command failed, not the others of its round trip', async () => {
    const broken = randomUUID();
    const fine = randomUUID();
    await redis.set(keys.regions(broken), 'not a hash');
    const [brokenResult, fineResult] = await Promise.allSettled([store.record(broken, applyResult(undefined, 'eu', up, 0, AT)), store.record(fine, applyResult(undefined, 'eu', up, 0, AT))]);
    expect(brokenResult.status).toBe('rejected');
    expect(String((brokenResult as PromiseRejectedResult).reason)).toContain('WRONGTYPE');
    expect(fineResult).toMatchObject({ status: 'fulfilled', value: { replaced: null } });
  });
});
