import type { CheckRecord, ScheduledCheck } from '@vigil/config-store';
import { batchOf, batchStartMs, type ScheduleBatch, scheduleOffsetMs } from '@vigil/probing';
import { createQueue, type QueueConnectionOptions, type QueueHandle, regionProbesQueue, scheduleRepeatable } from '@vigil/queue';
import type { Redis } from 'ioredis';
import type { CheckRedisKeys } from './redis-keys';

type RegionQueue = ReturnType<typeof regionProbesQueue>;

const BATCH_PREFIX = 'batch:';

export function schedulerId(batch: ScheduleBatch): string {
  return `${BATCH_PREFIX}${batch.everyMs}:${batch.index}`;
}

/** Whether a check runs in a region: enabled, probed (not push), and the region is its or it lists none. */
export function runsIn(check: Pick<CheckRecord, 'enabled' | 'kind' | 'regions'>, region: string): boolean {
  return check.enabled && check.kind !== 'push' && (check.regions.length === 0 || check.regions.includes(region));
}

export function toScheduled(check: Pick<CheckRecord, 'id' | 'intervalSeconds' | 'regions' | 'updatedAt'>): ScheduledCheck {
  return { id: check.id, intervalSeconds: check.intervalSeconds ?? 60, regions: check.regions, version: check.updatedAt.getTime() };
}

export function intervalMs(check: Pick<CheckRecord, 'intervalSeconds'>): number {
  return (check.intervalSeconds ?? 60) * 1000;
}

/** The batch a check runs in: its interval's slot that holds its stable offset. */
export function batchOfCheck(check: Pick<CheckRecord, 'id' | 'intervalSeconds'>): ScheduleBatch {
  const everyMs = intervalMs(check);
  return batchOf(scheduleOffsetMs(check.id, everyMs), everyMs);
}

/**
 * The BullMQ job schedulers of a region's checks (docs/checks.md, Scheduling): one per batch —
 * the checks of one interval whose stable offsets fall in one slot of it — in the region's queue
 * (`probes-<region>`, id `batch:<everyMs>:<index>`), firing at the slot's start every interval.
 * The API only bumps a version when a check changes (`changed`, one INCR); the probers of each
 * region notice it within a second, reload their checks and bring the schedulers in line
 * (`syncRegion`) — and do so every few minutes anyway, so a Redis that lost them heals.
 */
export class CheckSchedules {
  private readonly queues = new Map<string, QueueHandle<RegionQueue>>();

  constructor(
    private readonly redisUrl: string,
    private readonly redis: Redis,
    private readonly keys: CheckRedisKeys,
    private readonly connection: QueueConnectionOptions = {},
  ) {}

  queue(region: string): QueueHandle<RegionQueue> {
    let handle = this.queues.get(region);
    if (handle === undefined) {
      handle = createQueue(regionProbesQueue(region), this.redisUrl, this.connection);
      this.queues.set(region, handle);
    }
    return handle;
  }

  /** A check was created, changed or deleted: every region's probers reload their checks within a second. */
  async changed(): Promise<void> {
    await this.redis.incr(this.keys.checksVersion());
  }

  /** The version probers compare with the one their checks were loaded at. */
  async version(): Promise<number> {
    return Number((await this.redis.get(this.keys.checksVersion())) ?? 0);
  }

  /**
   * The region's schedulers made equal to the batches its checks fall in: missing ones added,
   * others removed (with any left from per-check scheduling). Present ones are left alone, so
   * their next run keeps its time.
   */
  async syncRegion(region: string, batches: readonly ScheduleBatch[]): Promise<{ upserted: number; removed: number }> {
    const queue = this.queue(region);
    const existing = new Set<string>();
    const total = await queue.queue.getJobSchedulersCount();
    for (let start = 0; start < total; start += 1_000) {
      for (const scheduler of await queue.queue.getJobSchedulers(start, start + 999)) existing.add(scheduler.key);
    }
    let upserted = 0;
    const wanted = new Set<string>();
    for (const batch of batches) {
      const id = schedulerId(batch);
      wanted.add(id);
      if (existing.has(id)) continue;
      await scheduleRepeatable(queue, 'batch', batch.everyMs, { everyMs: batch.everyMs, index: batch.index }, { schedulerId: id, offsetMs: batchStartMs(batch) });
      upserted += 1;
    }
    let removed = 0;
    for (const id of existing) {
      if (wanted.has(id)) continue;
      await queue.queue.removeJobScheduler(id);
      removed += 1;
    }
    return { upserted, removed };
  }

  /** "Run now": one extra run in the region, outside the once-per-interval claim. */
  async runNow(region: string, check: ScheduledCheck, now: number): Promise<void> {
    await this.queue(region).add('run', { checkId: check.id, version: check.version, manual: true }, { jobId: `run-now.${check.id}.${now}` });
  }

  async close(): Promise<void> {
    for (const handle of this.queues.values()) await handle.close();
    this.queues.clear();
  }
}
