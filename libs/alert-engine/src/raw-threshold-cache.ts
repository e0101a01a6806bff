import { RawThresholdIndex, type SeriesLike } from '@vigil/alerting';
import type { ConfigStore } from '@vigil/config-store';

/** Rules change rarely; other replicas' changes reach this process within this long. */
export const RAW_INDEX_REFRESH_MS = 15_000;

/**
 * The ingest side of "raw-threshold breaches do not wait for the next tick" (docs/alerting.md):
 * per project, an index of the enabled raw-threshold rules, rebuilt when this process changes a
 * rule and at most every 15 s otherwise (a refresh runs in the background; checks never wait for
 * Postgres). A project without such rules costs one Map lookup per batch.
 */
export class RawThresholdCache {
  private indexes = new Map<string, RawThresholdIndex>();
  private intervals = new Map<string, number>();
  private loadedAt = 0;
  private refreshing: Promise<void> | undefined;

  constructor(
    private readonly store: ConfigStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** The project's rules whose thresholds some sample of the batch breaches, with their intervals. */
  check(projectId: string, batch: { series: readonly SeriesLike[]; sampleSeries: ArrayLike<number>; sampleValues: ArrayLike<number>; sampleCount: number }): { id: string; intervalSeconds: number }[] {
    // A failed refresh (Postgres away) keeps the indexes it had; the next batch tries again later.
    if (this.now() - this.loadedAt > RAW_INDEX_REFRESH_MS) this.refresh().catch(() => undefined);
    const index = this.indexes.get(projectId);
    if (!index || batch.sampleCount === 0) return [];
    return [...index.checkColumnar(batch.series, batch.sampleSeries, batch.sampleValues, batch.sampleCount)].map((id) => ({ id, intervalSeconds: this.intervals.get(id) ?? 60 }));
  }

  /** Rebuilds the indexes now (after a rule changed here), and resolves when they are in place. */
  refresh(): Promise<void> {
    this.refreshing ??= this.load().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async load(): Promise<void> {
    this.loadedAt = this.now();
    const rules = await this.store.alertRules.listEnabled();
    const byProject = new Map<string, typeof rules>();
    for (const rule of rules) if (rule.kind === 'metric_threshold') byProject.set(rule.projectId, [...(byProject.get(rule.projectId) ?? []), rule]);
    this.indexes = new Map([...byProject].map(([projectId, projectRules]) => [projectId, RawThresholdIndex.build(projectRules)]));
    this.intervals = new Map(rules.map((rule) => [rule.id, rule.intervalSeconds]));
  }
}
