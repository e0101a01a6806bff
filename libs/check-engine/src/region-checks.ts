import type { CheckRecord, ConfigStore } from '@vigil/config-store';
import type { ScheduleBatch } from '@vigil/probing';
import { batchOfCheck, schedulerId } from './check-schedules';

/**
 * A prober's view of the checks its region runs, by batch: loaded from Postgres at start and
 * again whenever the API's checks version moved (check-schedules.ts `changed`), so a batch's job
 * finds its members in memory instead of one job, one definition read and one claim per check.
 */
export class RegionChecks {
  private byBatch = new Map<string, CheckRecord[]>();
  private batchList: ScheduleBatch[] = [];
  private loadedVersion: number | null = null;

  constructor(
    private readonly store: ConfigStore,
    private readonly region: string,
  ) {}

  /** Whether checks were loaded at this version (the version is read before the checks, so a change in between reloads again). */
  isAt(version: number): boolean {
    return this.loadedVersion === version;
  }

  /** Reloads every check of the region; answers the ids now run here. */
  async load(version: number): Promise<Set<string>> {
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
    this.byBatch = byBatch;
    this.batchList = batches;
    this.loadedVersion = version;
    return new Set(checks.map((check) => check.id));
  }

  batches(): readonly ScheduleBatch[] {
    return this.batchList;
  }

  members(batch: ScheduleBatch): readonly CheckRecord[] {
    return this.byBatch.get(schedulerId(batch)) ?? [];
  }
}
