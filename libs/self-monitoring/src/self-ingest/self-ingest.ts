import type { ProjectRepository } from '@vigil/config-store';
import { decodeVigilMetrics, DEFAULT_INGEST_LIMITS } from '@vigil/ingest';
import type { Logger } from '@vigil/server-kit';
import { performance } from 'node:perf_hooks';
import { DEFAULT_SERIES_LIMITS, type GroupCommitWriter, type SeriesLimiter } from '@vigil/telemetry-store';
import type { SelfMetrics } from '../self-metrics';
import { type ExportedFamily, selfSamples, type StartedSeries } from './metric-samples';

const DAY_MS = 86_400_000;

export interface SelfIngestOptions {
  metrics: SelfMetrics;
  /** The project Vigil's own metrics go to (self-monitoring-project.ts). */
  projectId: string;
  /** Read each round: a project deleted meanwhile is not written to, a changed retention applies. */
  projects: Pick<ProjectRepository, 'findIngestSettings'>;
  seriesLimiter: Pick<SeriesLimiter, 'admit'>;
  writer: Pick<GroupCommitWriter, 'submit'>;
  /** Labels every sample gets: `service`, `instance`, `component`. */
  identity: Readonly<Record<string, string>>;
  intervalMs: number;
  logger: Logger;
  now?: () => number;
  /** When this process's counters were all 0 (epoch ms; default: the process's start). */
  startedAt?: number;
}

/** What one round wrote. */
export interface SelfIngestRound {
  samples: number;
  refused: number;
}

/**
 * Self-monitoring (docs/operations.md): every `intervalMs` this process's own metrics — the families
 * `/metrics` shows — go into its own store through the ingest path every protocol uses: the Vigil
 * JSON decoder and its limits, the series limiter, group commit. Counted like any ingest, as
 * protocol `self`. One round at a time: a round still running when the next is due makes that one
 * skip. A failed round is logged once (and again after a success), never thrown.
 */
export class SelfIngest {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private failing = false;
  private warnedMissingProject = false;
  private readonly now: () => number;
  /** Cumulative series written so far, and when (see selfSamples). */
  private started: StartedSeries;

  constructor(private readonly options: SelfIngestOptions) {
    this.now = options.now ?? Date.now;
    this.started = { known: new Set(), since: options.startedAt ?? Math.floor(performance.timeOrigin) };
  }

  start(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.round()
        .then(() => this.recovered(), (error: unknown) => this.failed(error))
        .finally(() => (this.running = undefined));
    }, this.options.intervalMs);
    // Never the reason the process stays up.
    this.timer.unref();
  }

  /** Stops the timer and waits for a round in progress, so its write lands before the writer closes. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One round now: collects, writes, resolves once stored (or throws). Undefined when the project is gone. */
  async round(): Promise<SelfIngestRound | undefined> {
    const { metrics, projectId } = this.options;
    const settings = await this.options.projects.findIngestSettings(projectId);
    if (!settings) {
      if (!this.warnedMissingProject) this.options.logger.warn({ projectId }, 'the self-monitoring project is gone: Vigil’s own metrics are not written until a restart creates it again (or set VIGIL_SELF_MONITORING=off)');
      this.warnedMissingProject = true;
      return undefined;
    }
    const now = this.now();
    const { samples, metadata, cumulative } = selfSamples((await metrics.registry.getMetricsAsJSON()) as unknown as ExportedFamily[], this.options.identity, now, this.started);
    const limits = { ...DEFAULT_INGEST_LIMITS, maxAgeMs: Math.min(DEFAULT_INGEST_LIMITS.maxAgeMs, settings.retentionDays * DAY_MS) };
    const decoded = decodeVigilMetrics({ samples }, limits, now);
    decoded.metadata.push(...metadata);
    const { batch } = await this.options.seriesLimiter.admit(projectId, decoded, DEFAULT_SERIES_LIMITS);
    await metrics.ingest.countWrite('self', 'metrics', batch.sampleCount, batch.rejected, () =>
      batch.sampleCount > 0 ? this.options.writer.submit(projectId, batch, settings.retentionDays) : Promise.resolve(),
    );
    this.started = { known: cumulative, since: now };
    return { samples: batch.sampleCount, refused: batch.rejected.count };
  }

  private recovered(): void {
    if (this.failing) this.options.logger.info('self-monitoring writes again');
    this.failing = false;
  }

  private failed(error: unknown): void {
    if (!this.failing) this.options.logger.warn({ err: error }, 'self-monitoring could not write Vigil’s own metrics; it tries again every interval');
    this.failing = true;
  }
}
