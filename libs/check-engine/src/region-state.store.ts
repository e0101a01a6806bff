import type { CheckStatus } from '@vigil/contracts';
import type { RegionState } from '@vigil/probing';
import type { ChainableCommander, Redis } from 'ioredis';
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
/** The script as an ioredis command (EVALSHA once loaded on a connection; EVAL when Redis lost it). */
const RECORD_COMMAND = 'vigilRecordRegionState';
/**
 * How long a state waits for others to share its round trip. A prober at 10,000 checks every 30 s
 * records ~330 states a second; one pipeline per 50 ms carries ~16 of them in one write, where one
 * write each cost the prober more CPU than its HTTP request (and woke Redis as often). 50 ms is
 * nothing beside a check's interval (10 s at least), and the probe's latency is measured before.
 */
const RECORD_BATCH_MS = 50;
/** A batch this large goes at once. */
const RECORD_BATCH_MAX = 256;

type RecordReply = [replaced: string | null, all: string[]];
type RecordingPipeline = ChainableCommander & { [RECORD_COMMAND](key: string, region: string, state: string, ttlMs: string): ChainableCommander };

interface QueuedRecord {
  key: string;
  region: string;
  text: string;
  resolve: (reply: RecordReply) => void;
  reject: (error: unknown) => void;
}

/**
 * Every region's last word on a check, in Redis (one hash per check): results of one check
 * arrive from several regions and several prober processes, and most of them change nothing, so
 * they are kept where a write costs microseconds; Postgres is written only when the check's state
 * changes. Losing this hash (a Redis flush) costs at most `retries` runs of memory.
 */
export class RegionStateStore {
  private queued: QueuedRecord[] = [];
  private flushTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly keys: CheckRedisKeys,
  ) {
    redis.defineCommand(RECORD_COMMAND, { numberOfKeys: 1, lua: RECORD });
  }

  /** The region's last state of the check, as stored (JSON text; null when none). */
  async previousText(checkId: string, region: string): Promise<string | null> {
    return this.redis.hget(this.keys.regions(checkId), region);
  }

  /**
   * Stores the region's new state (one script, so the four commands are one step in Redis; the
   * states recorded within RECORD_BATCH_MS share one pipeline); answers the state it replaced
   * (JSON text, so a caller that assumed it can tell whether another writer came between), the
   * text written, every region's state and the cached summary.
   */
  async record(checkId: string, state: RegionState): Promise<{ replaced: string | null; written: string; regions: RegionState[]; stored: StoredSummary | null }> {
    const written = JSON.stringify(state);
    const [replaced, all] = await this.enqueue(this.keys.regions(checkId), state.region, written);
    const regions: RegionState[] = [];
    let stored: StoredSummary | null = null;
    for (let index = 0; index + 1 < all.length; index += 2) {
      const text = all[index + 1] as string;
      if (all[index] === SUMMARY_FIELD) stored = JSON.parse(text) as StoredSummary;
      else regions.push(JSON.parse(text) as RegionState);
    }
    return { replaced, written, regions, stored };
  }

  private enqueue(key: string, region: string, text: string): Promise<RecordReply> {
    return new Promise<RecordReply>((resolve, reject) => {
      this.queued.push({ key, region, text, resolve, reject });
      if (this.queued.length >= RECORD_BATCH_MAX) this.flush();
      else this.flushTimer ??= setTimeout(() => this.flush(), RECORD_BATCH_MS);
    });
  }

  /** One pipeline for the queued states; each caller gets its own reply or error. */
  private flush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const batch = this.queued;
    this.queued = [];
    const pipeline = this.redis.pipeline() as RecordingPipeline;
    for (const one of batch) pipeline[RECORD_COMMAND](one.key, one.region, one.text, String(TTL_MS));
    pipeline.exec().then(
      (replies) => {
        batch.forEach((one, index) => {
          const [error, reply] = replies?.[index] ?? [new Error('Redis answered no reply for a recorded region state'), null];
          if (error !== null) one.reject(error);
          else one.resolve(reply as RecordReply);
        });
      },
      (error: unknown) => {
        for (const one of batch) one.reject(error);
      },
    );
  }

  async remember(checkId: string, summary: StoredSummary): Promise<void> {
    await this.redis.hset(this.keys.regions(checkId), SUMMARY_FIELD, JSON.stringify(summary));
  }

  /** A deleted, paused or redefined check starts over. */
  async forget(checkId: string): Promise<void> {
    await this.redis.del(this.keys.regions(checkId));
  }
}
