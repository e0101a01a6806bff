import type { ConfigStore } from '@vigil/config-store';
import type { OutboundPolicy, Resolver } from '@vigil/outbound-guard';
import { createQueue, createWorker, pushChecksQueue, type QueueConnectionOptions, type QueueHandle, regionProbesQueue, scheduleRepeatable, type WorkerHandle } from '@vigil/queue';
import type { SelfMetrics } from '@vigil/self-monitoring';
import type { Logger } from '@vigil/server-kit';
import type { Redis } from 'ioredis';
import { CheckAlerts } from './check-alerts';
import { type CheckResultSink, CheckResultWriter } from './check-results';
import { CheckSchedules } from './check-schedules';
import { CheckStateService } from './check-state.service';
import { FailoverEngine } from './failover.engine';
import { ProbeRunner } from './probe-runner';
import { ProberRegions } from './prober-regions';
import { PushService } from './push.service';
import { RegionChecks } from './region-checks';
import { CheckRedisKeys } from './redis-keys';
import { RegionStateStore } from './region-state.store';

export interface ProberWorkerOptions {
  store: ConfigStore;
  /** The runtime's group-commit writer: results share inserts with each other (and ingest's write lane). */
  results: CheckResultSink;
  redisUrl: string;
  /** A command connection (claims, region states). */
  redis: Redis;
  /** The dashboard's address (links in failover notifications). */
  publicUrl?: string;
  /** This prober's region (PROBER_REGION). */
  region: string;
  outboundPolicy: OutboundPolicy;
  logger: Logger;
  resolver?: Resolver;
  /** BullMQ and key prefix (tests keep files apart); default `vigil`. */
  queuePrefix?: string;
  /** How often the region's checks are reloaded and its schedules brought in line however quiet the API was (default 5 min: the healer). */
  syncEveryMs?: number;
  /** How often the API's checks version is looked at (default 1 s): a change reloads the checks. */
  versionEveryMs?: number;
  /**
   * Probes run at once by this process (default 512, PROBER_CONCURRENCY): probes wait on the
   * network, not the CPU, so the slots must cover the due rate × a run's time (10,000 checks every
   * 30 s need ~333 runs a second; 32 slots completed 221 in bench/prober; with 256, on a machine
   * at load 12, a run held its slot ~0.76 s, so 256 slots barely covered 333 a second and a
   * backlog built while the checks were created never drained).
   */
  concurrency?: number;
  /** How often push deadlines are swept (default 5 s). */
  sweepEveryMs?: number;
  /** Where the prober's own metrics go (`/metrics`). */
  metrics?: Pick<SelfMetrics, 'probes'>;
}

const ALIVE_EVERY_MS = 10_000;

/**
 * The prober side of uptime checks (docs/checks.md): takes its region's batches of checks from
 * `probes-<region>` (BullMQ job schedulers, one per batch), keeps the region's checks in memory
 * — reloaded from Postgres when the API's checks version moves (looked at every second), and
 * every few minutes anyway, each time with the batch schedulers brought in line, so a Redis that
 * lost them heals — sweeps push deadlines, and says its region is alive. A plain class, so tests
 * run several (regions) in one process.
 */
export class ProberWorker {
  readonly schedules: CheckSchedules;
  readonly states: CheckStateService;
  readonly push: PushService;
  readonly runner: ProbeRunner;
  readonly failover: FailoverEngine;
  private readonly checks: RegionChecks;
  private refreshing: Promise<unknown> | undefined;
  private readonly alerts: CheckAlerts;
  private readonly regions: ProberRegions;
  private readonly connection: QueueConnectionOptions;
  private workers: WorkerHandle[] = [];
  private sweepQueue: QueueHandle<typeof pushChecksQueue> | undefined;
  private timers: NodeJS.Timeout[] = [];

  constructor(private readonly options: ProberWorkerOptions) {
    this.connection = { onError: (error) => options.logger.warn({ err: error }, 'probes queue error'), ...(options.queuePrefix ? { prefix: options.queuePrefix } : {}) };
    const keys = new CheckRedisKeys(options.queuePrefix);
    this.alerts = new CheckAlerts(options.store, options.redisUrl, this.connection);
    this.states = new CheckStateService(options.store, (change) => this.alerts.changed(change));
    const results = new CheckResultWriter(options.store, options.results);
    this.schedules = new CheckSchedules(options.redisUrl, options.redis, keys, this.connection);
    this.checks = new RegionChecks(options.store, options.region);
    this.regions = new ProberRegions(options.redis, keys);
    this.push = new PushService(options.store, this.states, results);
    this.failover = new FailoverEngine(options.store, options.redis, keys, options.redisUrl, this.connection, options.publicUrl);
    this.runner = new ProbeRunner({
      store: options.store,
      redis: options.redis,
      keys,
      region: options.region,
      outboundPolicy: options.outboundPolicy,
      ...(options.resolver ? { resolver: options.resolver } : {}),
      results,
      regionStates: new RegionStateStore(options.redis, keys),
      states: this.states,
      failover: this.failover,
      concurrency: options.concurrency ?? 512,
      onRunFailed: (checkId, error) => options.logger.warn({ err: error, checkId }, 'a check run failed'),
      ...(options.metrics ? { metrics: options.metrics } : {}),
      onResultNotStored: (error) => options.logger.warn({ err: error }, 'could not store a check result'),
    });
  }

  async start(): Promise<void> {
    const { region, redisUrl, logger } = this.options;
    await this.regions.alive(region, Date.now());
    await this.syncSchedules();
    this.sweepQueue = createQueue(pushChecksQueue, redisUrl, this.connection);
    await scheduleRepeatable(this.sweepQueue, 'sweep', this.options.sweepEveryMs ?? 5_000, {});
    this.workers = [
      // A batch's job waits for its checks' offsets and for probe slots (the runner's), so worker slots are cheap.
      createWorker(regionProbesQueue(region), redisUrl, async (job) => (job.name === 'batch' ? this.runner.runBatch(job.data, this.checks.members(job.data), Date.now()) : this.runner.run(job.data)), { ...this.connection, concurrency: this.options.concurrency ?? 512 }),
      createWorker(pushChecksQueue, redisUrl, async () => ({ down: await this.push.sweep(Date.now()) }), { ...this.connection, concurrency: 1 }),
    ];
    const every = (ms: number, what: string, work: () => Promise<unknown>) =>
      this.timers.push(
        setInterval(() => {
          work().catch((error: unknown) => logger.warn({ err: error }, what));
        }, ms),
      );
    every(ALIVE_EVERY_MS, 'could not record that this prober is alive', () => this.regions.alive(region, Date.now()));
    every(this.options.versionEveryMs ?? 1_000, 'could not reload the checks after a change', () => this.refresh(false));
    every(this.options.syncEveryMs ?? 300_000, 'could not bring the check schedules in line with the checks', () => this.syncSchedules());
  }

  /** The region's checks reloaded and its batch schedulers made equal to the batches they fall in. */
  async syncSchedules(): Promise<{ upserted: number; removed: number } | null> {
    return this.refresh(true);
  }

  /**
   * One reload at a time; unless forced (start, the healer), only when the API's checks version
   * moved, and the schedulers are read back only when the set of batches changed.
   */
  private async refresh(force: boolean): Promise<{ upserted: number; removed: number } | null> {
    while (this.refreshing !== undefined) await this.refreshing.catch(() => undefined);
    const work = (async () => {
      const version = await this.schedules.version();
      if (!force && !this.checks.wants(version)) return null;
      const { checkIds, batchesChanged } = await this.checks.load(version);
      this.runner.keepOnly(checkIds);
      return force || batchesChanged ? this.schedules.syncRegion(this.options.region, this.checks.batches()) : null;
    })();
    this.refreshing = work;
    try {
      return await work;
    } finally {
      this.refreshing = undefined;
    }
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    this.runner.stop();
    for (const worker of this.workers) await worker.close();
    this.workers = [];
    await this.sweepQueue?.close();
    await this.schedules.close();
    await this.alerts.close();
    await this.failover.close();
  }
}
