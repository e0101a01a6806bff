import type { ConfigStore } from '@vigil/config-store';
import type { Assessment } from '@vigil/probing';
import type { NewCheckResult } from '@vigil/telemetry-store';

/** Where results go: the runtime's group-commit writer (its `submitCheckResults`). */
export interface CheckResultSink {
  submitCheckResults(results: readonly NewCheckResult[], options?: { background?: boolean }): Promise<void>;
}

const RETENTION_CACHE_MS = 60_000;

/**
 * Writes one result with its project's retention (cached a minute per process: raw results
 * follow the project's telemetry retention; the daily rollup keeps 400 days regardless).
 */
export class CheckResultWriter {
  private readonly retention = new Map<string, { days: number; at: number }>();

  constructor(
    private readonly store: ConfigStore,
    private readonly sink: CheckResultSink,
  ) {}

  /**
   * Resolves once the row is stored. `background`: the caller does not wait for it (a probe run),
   * so it may share a later, larger insert (the writer's checkResultsRoundGapMs).
   */
  async write(check: { id: string; projectId: string }, region: string, at: number, assessment: Assessment, options: { background?: boolean } = {}): Promise<void> {
    await this.sink.submitCheckResults(
      [{ projectId: check.projectId, checkId: check.id, region, time: at, status: assessment.status, statusCode: assessment.statusCode, latencyMs: assessment.latencyMs, error: assessment.error, retentionDays: await this.retentionDays(check.projectId, at) }],
      options,
    );
  }

  private async retentionDays(projectId: string, now: number): Promise<number> {
    const cached = this.retention.get(projectId);
    if (cached !== undefined && now - cached.at < RETENTION_CACHE_MS) return cached.days;
    const days = (await this.store.projects.findIngestSettings(projectId))?.retentionDays ?? 30;
    this.retention.set(projectId, { days, at: now });
    return days;
  }
}
