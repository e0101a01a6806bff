import type { ConfigStore } from '@vigil/config-store';
import { isLateSample, sliSides } from '@vigil/slo';
import type { Redis } from 'ioredis';

/** project → metric → the oldest late sample's timestamp (epoch ms). */
export type LateMarks = Map<string, Map<string, number>>;

const MEMBER_SEPARATOR = '\u0000';

/**
 * Where the ingest path tells the SLO recorder that samples arrived for minutes it may have
 * recorded already (docs/slo.md, Late data): one Redis sorted set, member `<project>\0<metric>`,
 * score the oldest such sample (ZADD LT keeps the minimum, so a burst of late batches is one
 * member). The recorder takes the whole set atomically and re-records the minutes from each
 * score on; a failed re-recording puts its marks back.
 */
export class LateDataMarks {
  constructor(
    private readonly redis: Redis,
    private readonly key = 'vigil:slo:late-data',
  ) {}

  async mark(projectId: string, oldestByMetric: ReadonlyMap<string, number>): Promise<void> {
    if (oldestByMetric.size === 0) return;
    const pipeline = this.redis.pipeline();
    for (const [metric, oldest] of oldestByMetric) pipeline.zadd(this.key, 'LT', oldest, `${projectId}${MEMBER_SEPARATOR}${metric}`);
    await pipeline.exec();
  }

  /** Every mark, removed from Redis in the same step. */
  async take(): Promise<LateMarks> {
    const results = await this.redis.multi().zrange(this.key, 0, -1, 'WITHSCORES').del(this.key).exec();
    const flat = (results?.[0]?.[1] ?? []) as string[];
    const marks: LateMarks = new Map();
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const [projectId, metric] = (flat[i] as string).split(MEMBER_SEPARATOR) as [string, string];
      const metrics = marks.get(projectId) ?? new Map<string, number>();
      metrics.set(metric, Number(flat[i + 1]));
      marks.set(projectId, metrics);
    }
    return marks;
  }

  /** Puts marks back (a re-recording that failed is tried again at the next tick). */
  async restore(marks: LateMarks): Promise<void> {
    for (const [projectId, metrics] of marks) await this.mark(projectId, metrics);
  }
}

/** Other replicas' SLO changes reach this process within this long. */
export const SLO_METRICS_REFRESH_MS = 15_000;

interface BatchLike {
  series: readonly { name: string }[];
  sampleSeries: ArrayLike<number>;
  sampleTimestamps: ArrayLike<number>;
  sampleCount: number;
}

/**
 * The ingest side of late data: per project, the metric names SLIs read (rebuilt every 15 s in
 * the background; a check never waits for Postgres). An acknowledged batch with samples old
 * enough that their minute may be recorded already (`isLateSample`) marks those metrics with its
 * oldest such sample. A project without SLOs costs one Map lookup per batch.
 */
export class LateDataWatch {
  private metricsByProject = new Map<string, Set<string>>();
  private loadedAt = -Infinity;
  private refreshing: Promise<void> | undefined;
  private queued: Promise<void> | undefined;

  constructor(
    private readonly store: ConfigStore,
    private readonly marks: LateDataMarks,
    private readonly now: () => number = Date.now,
  ) {}

  /** The metrics of the batch holding late samples, with the oldest late sample of each. */
  lateMetrics(projectId: string, batch: BatchLike): Map<string, number> {
    const now = this.now();
    if (now - this.loadedAt > SLO_METRICS_REFRESH_MS) this.refresh().catch(() => undefined);
    const watched = this.metricsByProject.get(projectId);
    const oldest = new Map<string, number>();
    if (!watched || batch.sampleCount === 0) return oldest;
    for (let i = 0; i < batch.sampleCount; i++) {
      const timestamp = batch.sampleTimestamps[i] as number;
      if (!isLateSample(timestamp, now)) continue;
      const name = batch.series[batch.sampleSeries[i] as number]?.name;
      if (name === undefined || !watched.has(name)) continue;
      const known = oldest.get(name);
      if (known === undefined || timestamp < known) oldest.set(name, timestamp);
    }
    return oldest;
  }

  /** Checks an acknowledged batch and marks its late metrics; resolves when marked. */
  async onWritten(projectId: string, batch: BatchLike): Promise<void> {
    const late = this.lateMetrics(projectId, batch);
    if (late.size > 0) await this.marks.mark(projectId, late);
  }

  /**
   * Reloads the SLIs' metric names now (after an SLO changed here). A load already running may
   * have read the SLOs before the change, so one more is queued after it (at most one waits;
   * every caller meanwhile shares it).
   */
  refresh(): Promise<void> {
    if (this.refreshing) {
      this.queued ??= this.refreshing
        .catch(() => undefined)
        .then(() => {
          this.queued = undefined;
          return this.refresh();
        });
      return this.queued;
    }
    this.refreshing = this.load().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async load(): Promise<void> {
    this.loadedAt = this.now();
    const byProject = new Map<string, Set<string>>();
    for (const slo of await this.store.slos.listAll()) {
      const names = byProject.get(slo.projectId) ?? new Set<string>();
      for (const side of sliSides(slo.sli)) names.add(side.metric);
      byProject.set(slo.projectId, names);
    }
    this.metricsByProject = byProject;
  }
}
