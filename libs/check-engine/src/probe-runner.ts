import type { CheckRecord, ConfigStore } from '@vigil/config-store';
import type { OutboundPolicy, Resolver } from '@vigil/outbound-guard';
import { executeProbe } from '@vigil/probe-executors';
import { applyResult, type Assessment, assessProbe, decideVerdict, type ProbedCheckSpec, runSlot, scheduleOffsetMs, staleAfterMs } from '@vigil/probing';
import type { Redis } from 'ioredis';
import type { SelfMetrics } from '@vigil/self-monitoring';
import { runsIn } from './check-schedules';
import type { CheckResultWriter } from './check-results';
import type { CheckStateService } from './check-state.service';
import type { FailoverEngine } from './failover.engine';
import type { CheckRedisKeys } from './redis-keys';
import type { RegionStateStore } from './region-state.store';

export interface RunRequest {
  checkId: string;
  /** The check's updatedAt (ms) when the job was scheduled: the cached definition is used while equal. */
  version: number;
  manual: boolean;
}

export type RunOutcome = { ran: true; status: string } | { ran: false; reason: 'not-here' | 'already-ran' };

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
  /** Told when a result could not be stored in ClickHouse (the run itself is not failed: see `run`). */
  onResultNotStored: (error: unknown) => void;
  now?: () => number;
}

/**
 * One run of one check in this prober's region: claim the run slot (one run per interval per
 * region, however many probers take jobs and even when two schedulers fired), probe through the
 * outbound guard, judge, queue the result (group commit), update the region's state in Redis and,
 * only when the regions' verdict differs from what Postgres holds, the check's state and incident.
 */
export class ProbeRunner {
  private readonly definitions = new Map<string, CheckRecord>();
  private readonly now: () => number;

  constructor(private readonly options: ProbeRunnerOptions) {
    this.now = options.now ?? Date.now;
  }

  async run(request: RunRequest): Promise<RunOutcome> {
    const { region } = this.options;
    const check = await this.definition(request.checkId, request.version);
    if (check === null || !runsIn(check, region)) return { ran: false, reason: 'not-here' };
    if (!request.manual) {
      const startedAt = this.now();
      if (!(await this.claim(check, startedAt))) return { ran: false, reason: 'already-ran' };
      this.options.metrics?.probes.observeLag(check.kind, lateByMs(check, startedAt) / 1000);
    }
    const probed = { kind: check.kind, spec: check.spec } as ProbedCheckSpec;
    const observation = await executeProbe(probed, { policy: this.options.outboundPolicy, timeoutMs: check.timeoutMs ?? 10_000, ...(this.options.resolver ? { resolver: this.options.resolver } : {}) });
    const at = this.now();
    const assessment = assessProbe(probed, observation, at);
    // The result joins the writer's next round (rounds are spaced about a second apart), and the
    // run does not wait for it: a run holds one of the worker's few concurrency slots, and
    // 10,000 checks every 30 s need them back at once. The state and failover below do not read
    // ClickHouse; a failed insert is reported, and a retried run would have been a late run anyway.
    this.options.results.write(check, region, at, assessment, { background: true }).catch(this.options.onResultNotStored);
    await this.settle(check, region, assessment, at);
    // Failover counts every result (its own fall/rise, not the check's retries), after the check's own state is safe.
    await this.options.failover?.observe(check.id, region, assessment.status, at);
    return { ran: true, status: assessment.status };
  }

  /** The region's new state in Redis and, only when the regions' verdict differs from what Postgres holds, the check's state and incident. */
  private async settle(check: CheckRecord, region: string, assessment: Assessment, at: number): Promise<void> {
    const previous = await this.options.regionStates.previous(check.id, region);
    const state = applyResult(previous, region, assessment, check.retries ?? 0, at);
    const { regions, stored } = await this.options.regionStates.record(check.id, state);
    const verdict = decideVerdict(regions, { quorum: check.quorum ?? 1, staleAfterMs: staleAfterMs(check.intervalSeconds ?? 60, check.timeoutMs ?? 10_000) }, at);
    const trouble = verdict.troubleSince !== null;
    if (stored !== null && stored.trouble === trouble && (verdict.status === 'pending' || stored.status === verdict.status)) return;
    const changed = await this.options.states.applyVerdict(check, verdict, regions, at);
    if (changed !== null) await this.options.regionStates.remember(check.id, { status: changed.state.status, trouble });
  }

  /** The slot's claim in Redis (SET NX with the interval as expiry): false when this region already ran it. */
  private async claim(check: CheckRecord, now: number): Promise<boolean> {
    const everyMs = (check.intervalSeconds ?? 60) * 1000;
    const slot = runSlot(now, everyMs, scheduleOffsetMs(check.id, everyMs));
    const claimed = await this.options.redis.set(this.options.keys.claim(check.id, this.options.region, slot), '1', 'PX', everyMs * 2, 'NX');
    return claimed === 'OK';
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

/** How long after its run slot's due time a scheduled run started. */
function lateByMs(check: CheckRecord, now: number): number {
  const everyMs = (check.intervalSeconds ?? 60) * 1000;
  const offsetMs = scheduleOffsetMs(check.id, everyMs);
  return now - (runSlot(now, everyMs, offsetMs) * everyMs + offsetMs);
}
