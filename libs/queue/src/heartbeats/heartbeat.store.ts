import type { Redis } from 'ioredis';
import type { HeartbeatComponent } from '../queues/heartbeat.schema';

const HEARTBEATS_KEY = 'heartbeats';

/**
 * Keeps the last time each component (worker, prober) proved it could take a job, for
 * GET /api/v1/system/status. One Redis hash; a Lua script keeps the newest time, so a slow
 * replica finishing late never moves a heartbeat backwards.
 */
export class HeartbeatStore {
  private readonly key: string;

  constructor(
    private readonly redis: Redis,
    options: { keyPrefix?: string } = {},
  ) {
    this.key = `${options.keyPrefix ?? 'vigil:'}${HEARTBEATS_KEY}`;
  }

  async record(component: HeartbeatComponent, at: Date): Promise<void> {
    await this.redis.eval(KEEP_NEWEST, 1, this.key, component, String(at.getTime()));
  }

  async readAll(): Promise<Partial<Record<HeartbeatComponent, Date>>> {
    const fields = await this.redis.hgetall(this.key);
    const result: Partial<Record<HeartbeatComponent, Date>> = {};
    for (const component of ['worker', 'prober'] as const) {
      const millis = Number(fields[component]);
      if (fields[component] !== undefined && Number.isFinite(millis)) result[component] = new Date(millis);
    }
    return result;
  }
}

const KEEP_NEWEST = `
local current = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
if tonumber(ARGV[2]) > current then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end
return 0`;
