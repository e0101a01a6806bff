import type { CheckRecord, ConfigStore } from '@vigil/config-store';
import type { ScheduleBatch } from '@vigil/probing';
import { batchOfCheck, schedulerId } from './check-schedules';

/** A reload waits at least this many times the last one's duration after it, so a stream of creates costs at most ~10 % of a core in reloads. */
const RELOAD_GAP_FACTOR = 10;

/**
 * A prober's view of the checks its region runs, by batch: loaded from Postgres at start and
 * again when the API's checks version moved (check-schedules.ts `changed`), so a batch's job
 * finds its members in memory instead of one job, one definition read and one claim per check.
 */
export class RegionChecks {
  private byBatch = new Map<string, CheckRecord[]>();
  private batchList: ScheduleBatch[] = [];
  private batchKeys = '';
  private loadedVersion: number | null = null;
  private loaded = { at: -Infinity, tookMs: 0 };

  constructor(
    private readonly store: ConfigStore,
    private readonly region: string,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Whether to reload for this version: it differs from the one loaded (read before the checks,
   * so a change in between reloads again), and the last reload is long enough ago — 10,000 checks
   * created one after the other reload a few times, not once a second each.
   */
  wants(version: number): boolean {
    return this.loadedVersion !== version && this.now() - this.loaded.at >= RELOAD_GAP_FACTOR * this.loaded.tookMs;
  }

  /** Reloads every check of the region; answers the ids now run here and whether the set of batches changed. */
  async load(version: number): Promise<{ checkIds: Set<string>; batchesChanged: boolean }> {
    const startedAt = this.now();
    const checks = await this.store.checks.listProbedIn(this.region);
    const byBatch = new Map<string, CheckRecord[]>();
    const batches: ScheduleBatch[] = [];
    for (const check of checks) {
      const batch = batchOfCheck(check);
      const id = schedulerId(batch);
      let members = byBatch.get(id);
      if (members === undefined) {
        members = [];
        byBatch.set(id, members);
        batches.push(batch);
      }
      members.push(check);
    }
    const keys = [...byBatch.keys()].sort().join(' ');
    const batchesChanged = keys !== this.batchKeys;
    this.byBatch = byBatch;
    this.batchList = batches;
    this.batchKeys = keys;
    this.loadedVersion = version;
    this.loaded = { at: this.now(), tookMs: this.now() - startedAt };
    return { checkIds: new Set(checks.map((check) => check.id)), batchesChanged };
  }

  batches(): readonly ScheduleBatch[] {
    return this.batchList;
  }

  members(batch: ScheduleBatch): readonly CheckRecord[] {
    return this.byBatch.get(schedulerId(batch)) ?? [];
  }
}
