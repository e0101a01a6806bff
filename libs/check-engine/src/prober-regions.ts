import type { Redis } from 'ioredis';
import type { CheckRedisKeys } from './redis-keys';

/** A region whose probers said nothing for this long is not counted as running checks. */
export const REGION_ALIVE_MS = 60_000;

/**
 * Which regions have probers: each prober says so every few seconds. The API reads it to put a
 * new check's schedule in every region at once, and to run a check now everywhere.
 */
export class ProberRegions {
  constructor(
    private readonly redis: Redis,
    private readonly keys: CheckRedisKeys,
  ) {}

  async alive(region: string, now: number): Promise<void> {
    await this.redis.zadd(this.keys.proberRegions(), now, region);
  }

  async list(now: number): Promise<string[]> {
    return (await this.redis.zrangebyscore(this.keys.proberRegions(), now - REGION_ALIVE_MS, '+inf')).sort();
  }
}
