import type { CheckRecord, ScheduledCheck } from '@vigil/config-store';
import { scheduleOffsetMs } from '@vigil/probing';
import { createQueue, type QueueConnectionOptions, type QueueHandle, regionProbesQueue, scheduleRepeatable } from '@vigil/queue';

type RegionQueue = ReturnType<typeof regionProbesQueue>;

export function schedulerId(checkId: string): string {
  return `check:${checkId}`;
}

/** Whether a check runs in a region: enabled, probed (not push), and the region is its or it lists none. */
export function runsIn(check: Pick<CheckRecord, 'enabled' | 'kind' | 'regions'>, region: string): boolean {
  return check.enabled && check.kind !== 'push' && (check.regions.length === 0 || check.regions.includes(region));
}

export function toScheduled(check: Pick<CheckRecord, 'id' | 'intervalSeconds' | 'regions' | 'updatedAt'>): ScheduledCheck {
  return { id: check.id, intervalSeconds: check.intervalSeconds ?? 60, regions: check.regions, version: check.updatedAt.getTime() };
}

/**
 * The BullMQ job schedulers of checks: one per check in each region's queue (`probes-<region>`,
 * id `check:<id>`), every interval, at an offset derived from the check's id (spread, stable).
 * Written by the API when a check changes (so a change applies at once) and brought in line
 * with Postgres by every prober for its region at start and every 30 s (so a Redis that lost
 * them, or a missed change, heals).
 */
export class CheckSchedules {
  private readonly queues = new Map<string, QueueHandle<RegionQueue>>();

  constructor(
    private readonly redisUrl: string,
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

  async put(region: string, check: ScheduledCheck): Promise<void> {
    const everyMs = check.intervalSeconds * 1000;
    await scheduleRepeatable(this.queue(region), 'run', everyMs, { checkId: check.id, version: check.version, manual: false }, { schedulerId: schedulerId(check.id), offsetMs: scheduleOffsetMs(check.id, everyMs) });
  }

  async remove(region: string, checkId: string): Promise<void> {
    await this.queue(region).queue.removeJobScheduler(schedulerId(checkId));
  }

  /** One check in every region given: scheduled where it runs, removed elsewhere. */
  async syncCheck(check: Pick<CheckRecord, 'id' | 'enabled' | 'kind' | 'regions' | 'intervalSeconds' | 'updatedAt'>, regions: readonly string[]): Promise<void> {
    for (const region of new Set([...regions, ...check.regions])) {
      if (runsIn(check, region)) await this.put(region, toScheduled(check));
      else await this.remove(region, check.id);
    }
  }

  /**
   * The region's schedulers made equal to `checks` (what Postgres says runs there): missing or
   * changed ones (interval, version) upserted, others removed. Unchanged ones are left alone, so
   * their next run keeps its time.
   */
  async syncRegion(region: string, checks: readonly ScheduledCheck[]): Promise<{ upserted: number; removed: number }> {
    const queue = this.queue(region).queue;
    const existing = new Map<string, { every: number | undefined; version: number | undefined }>();
    const total = await queue.getJobSchedulersCount();
    for (let start = 0; start < total; start += 1_000) {
      for (const scheduler of await queue.getJobSchedulers(start, start + 999)) {
        const data = scheduler.template?.data as { version?: number } | undefined;
        existing.set(scheduler.key, { every: scheduler.every === undefined ? undefined : Number(scheduler.every), version: data?.version });
      }
    }
    let upserted = 0;
    const wanted = new Set<string>();
    for (const check of checks) {
      const id = schedulerId(check.id);
      wanted.add(id);
      const current = existing.get(id);
      if (current?.every === check.intervalSeconds * 1000 && current.version === check.version) continue;
      await this.put(region, check);
      upserted += 1;
    }
    let removed = 0;
    for (const id of existing.keys()) {
      if (wanted.has(id) || !id.startsWith('check:')) continue;
      await queue.removeJobScheduler(id);
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
