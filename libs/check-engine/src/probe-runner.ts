import type { CheckRecord, ConfigStore } from '@vigil/config-store';
import type { OutboundPolicy, Resolver } from '@vigil/outbound-guard';
import { executeProbe } from '@vigil/probe-executors';
import { applyResult, type Assessment, assessProbe, batchCycle, decideVerdict, dueAt, type ProbedCheckSpec, type RegionState, type ScheduleBatch, scheduleOffsetMs, staleAfterMs } from '@vigil/probing';
import type { Redis } from 'ioredis';
import type { SelfMetrics } from '@vigil/self-monitoring';
import { bulkhead, type BulkheadPolicy } from 'cockatiel';
import { runsIn } from './check-schedules';
import type { CheckResultWriter } from './check-results';
import type { CheckStateService } from './check-state.service';
import type { FailoverEngine } from './failover.engine';
import type { CheckRedisKeys } from './redis-keys';
import type { RegionStateStore } from './region-state.store';

export interface RunRequest {
  checkId: string;
  /** The check's updatedAt (ms) when the job was queued: the cached definition is used while equal. */
  version: number;
  manual: boolean;
}

export type RunOutcome = { ran: true; status: string } | { ran: false; reason: 'not-here' | 'superseded' };

export type BatchOutcome = { claimed: false } | { claimed: true; ran: number; failed: number };

export interface ProbeRunnerOptions {
  store: ConfigStore;
  redis: Redis;
  keys: CheckRedisKeys;
  region: string;
  outboundPolicy: OutboundPolicy;
  /** Name resolution for probes (tests; a region with its own view of DNS); default the OS's. */
  resolver?: Resolver;
  results: CheckResultWriter;
  regionStates: RegionStateStore;
  states: CheckStateService;
  /** Failover groups whose targets these checks watch. */
  failover?: FailoverEngine;
  /** Where the lag of scheduled runs is reported (`vigil_probe_lag_seconds`). */
  metrics?: Pick<SelfMetrics, 'probes'>;
  /** Probes run at once by this process (PROBER_CONCURRENCY); the others of a batch wait their turn. */
  concurrency?: number;
  /** Told when a result could not be stored in ClickHouse (the run itself is not failed: see `probe`). */
  onResultNotStored: (error: unknown) => void;
  /** Told when one check of a batch failed (the batch's other checks still run). */
  onRunFailed?: (checkId: string, error: unknown) => void;
  now?: () => number;
}

/**
 * Runs of checks in this prober's region. A batch (check-schedules.ts) is claimed once per cycle
 * and region — one SET NX for all its checks, however many probers take its jobs and even when two
 * schedulers fired — and each of its checks then runs at its own offset within the batch's slot.
 * A run probes through the outbound guard, judges, queues the result (group commit), updates the
 * region's state in Redis and, only when the regions' verdict differs from what Postgres holds,
 * the check's state and incident.
 */
export class ProbeRunner {
  private readonly definitions = new Map<string, CheckRecord>();
  /**
   * The region state this process last wrote per check (JSON): the next run's previous state
   * without a read. The write answers what it replaced, so a state written meanwhile by another
   * prober of the region ("run now") is noticed and the run is judged again from it.
   */
  private readonly lastWritten = new Map<string, string>();
  private readonly slots: BulkheadPolicy;
  private readonly now: () => number;
  /** Checks of batches waiting for their offset: released at once (and skipped) when the prober stops. */
  private readonly waiting = new Set<() => void>();
  private stopped = false;

  constructor(private readonly options: ProbeRunnerOptions) {
    this.now = options.now ?? Date.now;
    this.slots = bulkhead(options.concurrency ?? 512, Number.MAX_SAFE_INTEGER);
  }

  /** One batch's cycle: claimed, then each member at its due time (members are the prober's view of the batch's checks). */
  async runBatch(batch: ScheduleBatch, members: readonly CheckRecord[], firedAt: number): Promise<BatchOutcome> {
    const cycle = batchCycle(batch, firedAt);
    const claim = this.options.keys.batchClaim(this.options.region, batch.everyMs, batch.index, cycle);
    if ((await this.options.redis.set(claim, '1', 'PX', batch.everyMs * 2, 'NX')) !== 'OK') return { claimed: false };
    const outcomes = await Promise.allSettled(members.map((check) => this.runAt(check, dueAt(cycle, batch.everyMs, scheduleOffsetMs(check.id, batch.everyMs)))));
    let failed = 0;
    outcomes.forEach((outcome, index) => {
      if (outcome.status === 'fulfilled') return;
      failed += 1;
      this.options.onRunFailed?.((members[index] as CheckRecord).id, outcome.reason);
    });
    return { claimed: true, ran: members.length - failed, failed };
  }

  /** "Run now": one run outside the batches and their claim. */
  async run(request: RunRequest): Promise<RunOutcome> {
    // A run job of per-check scheduling (before batches) left in a queue: its batch runs it.
    if (!request.manual) return { ran: false, reason: 'superseded' };
    const check = await this.definition(request.checkId, request.version);
    if (check === null || !runsIn(check, this.options.region)) return { ran: false, reason: 'not-here' };
    return this.slots.execute(async () => ({ ran: true, status: await this.probe(check) }));
  }

  /** Forgets what it remembers of checks no longer run here. */
  keepOnly(checkIds: ReadonlySet<string>): void {
    for (const id of this.lastWritten.keys()) if (!checkIds.has(id)) this.lastWritten.delete(id);
    for (const id of this.definitions.keys()) if (!checkIds.has(id)) this.definitions.delete(id);
  }

  /**
   * Stopping: checks still waiting for their offset are not run, so a prober shuts down within a
   * probe's timeout rather than a batch's slot (up to a minute). Their cycle is lost, as it would
   * be with the process gone.
   */
  stop(): void {
    this.stopped = true;
    for (const release of this.waiting) release();
    this.waiting.clear();
  }

  private async runAt(check: CheckRecord, due: number): Promise<void> {
    await this.until(due);
    if (this.stopped) return;
    await this.slots.execute(async () => {
      this.options.metrics?.probes.observeLag(check.kind, Math.max(0, this.now() - due) / 1000);
      await this.probe(check);
    });
  }

  private async until(time: number): Promise<void> {
    const wait = time - this.now();
    if (wait <= 0 || this.stopped) return;
    await new Promise<void>((resolve) => {
      const release = () => {
        clearTimeout(timer);
        this.waiting.delete(release);
        resolve();
      };
      const timer = setTimeout(release, wait);
      this.waiting.add(release);
    });
  }

  private async probe(check: CheckRecord): Promise<string> {
    const { region } = this.options;
    const probed = { kind: check.kind, spec: check.spec } as ProbedCheckSpec;
    const observation = await executeProbe(probed, { policy: this.options.outboundPolicy, timeoutMs: check.timeoutMs ?? 10_000, ...(this.options.resolver ? { resolver: this.options.resolver } : {}) });
    const at = this.now();
    const assessment = assessProbe(probed, observation, at);
    // The result joins the writer's next round (rounds are spaced about a second apart), and the
    // run does not wait for it: a run holds one of the process's concurrency slots, and 10,000
    // checks every 30 s need them back at once. The state and failover below do not read
    // ClickHouse; a failed insert is reported, and a retried run would have been a late run anyway.
    this.options.results.write(check, region, at, assessment, { background: true }).catch(this.options.onResultNotStored);
    await this.settle(check, region, assessment, at);
    // Failover counts every result (its own fall/rise, not the check's retries), after the check's own state is safe.
    await this.options.failover?.observe(check.id, region, assessment.status, at);
    return assessment.status;
  }

  /** The region's new state in Redis and, only when the regions' verdict differs from what Postgres holds, the check's state and incident. */
  private async settle(check: CheckRecord, region: string, assessment: Assessment, at: number): Promise<void> {
    const { regionStates } = this.options;
    let previous = this.lastWritten.get(check.id) ?? (await regionStates.previousText(check.id, region));
    let state = applyResult(parse(previous), region, assessment, check.retries ?? 0, at);
    let recorded = await regionStates.record(check.id, state);
    if (recorded.replaced !== previous) {
      // Another writer came between (or this process forgot): judged again from what it wrote.
      previous = recorded.replaced;
      state = applyResult(parse(previous), region, assessment, check.retries ?? 0, at);
      recorded = await regionStates.record(check.id, state);
    }
    this.lastWritten.set(check.id, recorded.written);
    const { regions, stored } = recorded;
    const verdict = decideVerdict(regions, { quorum: check.quorum ?? 1, staleAfterMs: staleAfterMs(check.intervalSeconds ?? 60, check.timeoutMs ?? 10_000) }, at);
    const trouble = verdict.troubleSince !== null;
    if (stored !== null && stored.trouble === trouble && (verdict.status === 'pending' || stored.status === verdict.status)) return;
    const changed = await this.options.states.applyVerdict(check, verdict, regions, at);
    if (changed !== null) await regionStates.remember(check.id, { status: changed.state.status, trouble });
  }

  /** The check's definition, from Postgres only when the job carries a newer version than the one cached. */
  private async definition(checkId: string, version: number): Promise<CheckRecord | null> {
    const cached = this.definitions.get(checkId);
    if (cached !== undefined && cached.updatedAt.getTime() >= version) return cached;
    const check = await this.options.store.checks.findById(checkId);
    if (check === null) this.definitions.delete(checkId);
    else this.definitions.set(checkId, check);
    return check;
  }
}

function parse(text: string | null | undefined): RegionState | undefined {
  return text === null || text === undefined ? undefined : (JSON.parse(text) as RegionState);
}

