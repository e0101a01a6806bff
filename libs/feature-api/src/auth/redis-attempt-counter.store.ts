import type { AttemptCounterStore } from '@vigil/auth';
import type { Redis } from 'ioredis';

const PREFIX = 'vigil:ratelimit:';

/** Login failure counters in Redis, so every API replica enforces one shared limit. */
export class RedisAttemptCounterStore implements AttemptCounterStore {
  constructor(private readonly redis: Redis) {}

  async increment(key: string, windowMs: number): Promise<void> {
    await this.redis.multi().incr(PREFIX + key).pexpire(PREFIX + key, windowMs, 'NX').exec();
  }

  async read(key: string): Promise<{ count: number; resetInMs: number }> {
    const [[, count], [, ttl]] = (await this.redis.multi().get(PREFIX + key).pttl(PREFIX + key).exec()) as [[null, string | null], [null, number]];
    return { count: Number(count ?? 0), resetInMs: Math.max(0, ttl) };
  }
}
