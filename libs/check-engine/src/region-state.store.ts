import type { CheckStatus } from '@vigil/contracts';
import type { RegionState } from '@vigil/probing';
import type { Redis } from 'ioredis';
import type { CheckRedisKeys } from './redis-keys';

/** What Postgres last stored for the check, cached beside its regions: equal → no write needed. */
export interface StoredSummary {
  status: CheckStatus;
  trouble: boolean;
}

const SUMMARY_FIELD = '_check';
/** A check nobody probes any more is forgotten after a week. */
const TTL_MS = 7 * 86_400_000;
/** The region's state written; answers the one it replaced and the whole hash. */
const RECORD = `
local replaced = redis.call('HGET', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return { replaced, redis.call('HGETALL', KEYS[1]) }`;

/**
 * Every region's last word on a check, in Redis (one hash per check): results of one check
 * arrive from several regions and several prober processes, and most of them change nothing, so
 * they are kept where a write costs microseconds; Postgres is written only when the check's state
 * changes. Losing this hash (a Redis flush) costs at most `retries` runs of memory.
 */
export class RegionStateStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: CheckRedisKeys,
  ) {}

  /** The region's last state of the check, as stored (JSON text; null when none). */
  async previousText(checkId: string, region: string): Promise<string | null> {
    return this.redis.hget(this.keys.regions(checkId), region);
  }

  /**
   * Stores the region's new state in one round trip (one script: a MULTI of four commands cost
   * the prober more in ioredis than the probe itself); answers the state it replaced (JSON text,
   * so a caller that assumed it can tell whether another writer came between), every region's
   * state and the cached summary.
   */
  async record(checkId: string, state: RegionState): Promise<{ replaced: string | null; regions: RegionState[]; stored: StoredSummary | null }> {
    const [replaced, all] = (await this.redis.eval(RECORD, 1, this.keys.regions(checkId), state.region, JSON.stringify(state), String(TTL_MS))) as [string | null, string[]];
    const regions: RegionState[] = [];
    let stored: StoredSummary | null = null;
    for (let index = 0; index + 1 < all.length; index += 2) {
      const text = all[index + 1] as string;
      if (all[index] === SUMMARY_FIELD) stored = JSON.parse(text) as StoredSummary;
      else regions.push(JSON.parse(text) as RegionState);
    }
    return { replaced, regions, stored };
  }

  async remember(checkId: string, summary: StoredSummary): Promise<void> {
    await this.redis.hset(this.keys.regions(checkId), SUMMARY_FIELD, JSON.stringify(summary));
  }

  /** A deleted, paused or redefined check starts over. */
  async forget(checkId: string): Promise<void> {
    await this.redis.del(this.keys.regions(checkId));
  }
}
