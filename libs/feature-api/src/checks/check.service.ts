import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { generatePushToken } from '@vigil/auth';
import { CheckAlerts, CheckRedisKeys, CheckResultWriter, CheckSchedules, CheckStateService, ProberRegions, PushService, RegionStateStore, toScheduled } from '@vigil/check-engine';
import { alertRuleRequestSchema, type CheckListRequest, type CheckListResponse, type CheckRequest, type CheckView } from '@vigil/contracts';
import type { CheckRecord, CheckWithState } from '@vigil/config-store';
import { checkDefinitionProblems } from '@vigil/probing';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';
import { DomainError } from '@vigil/server-kit';
import { invalidFields } from '../alerting/matcher-validation';
import { checkView } from './check-views';

/** The rule a project's first check brings along (docs/checks.md, Alerting), so a check alerts without more set-up. */
export const DEFAULT_CHECK_RULE_NAME = 'Checks down';

/**
 * What the checks API needs beyond storage: validation the contract cannot do (dependencies),
 * push tokens (shown once, stored as SHA-256), the check's schedules in every region at once,
 * pausing (which ends an open incident), "run now", and the push endpoints' service. The prober
 * does the probing; nothing here waits on a target.
 */
@Injectable()
export class CheckService implements OnModuleDestroy {
  readonly push: PushService;
  private readonly states: CheckStateService;
  private readonly schedules: CheckSchedules;
  private readonly regions: ProberRegions;
  private readonly regionStates: RegionStateStore;
  private readonly alerts: CheckAlerts;

  constructor(@Inject(RUNTIME) private readonly runtime: VigilRuntime) {
    const connection = { onError: (error: Error) => runtime.logger.warn({ err: error }, 'probes queue error') };
    const keys = new CheckRedisKeys();
    this.alerts = new CheckAlerts(runtime.store, runtime.redis.url, connection);
    this.states = new CheckStateService(runtime.store, (change) => this.alerts.changed(change));
    this.push = new PushService(runtime.store, this.states, new CheckResultWriter(runtime.store, runtime.ingestWriter));
    this.schedules = new CheckSchedules(runtime.redis.url, runtime.redis.client, keys, connection);
    this.regions = new ProberRegions(runtime.redis.client, keys);
    this.regionStates = new RegionStateStore(runtime.redis.client, keys);
  }

  async onModuleDestroy(): Promise<void> {
    await this.schedules.close();
    await this.alerts.close();
  }

  /** Dependencies must name a check of the project and make no cycle; status ranges must be ranges. */
  async validate(projectId: string, request: CheckRequest, checkId: string | null): Promise<CheckRequest> {
    const problems = checkDefinitionProblems(request, checkId, request.parentId === null ? [] : await this.runtime.store.checks.dependencyNodes(projectId));
    if (problems.length > 0) throw invalidFields('check', problems);
    return request;
  }

  async create(projectId: string, request: CheckRequest): Promise<{ check: CheckView; pushUrl: string | null }> {
    const firstCheck = (await this.runtime.store.checks.countForProject(projectId)) === 0;
    const token = request.kind === 'push' ? generatePushToken() : null;
    const check = await this.runtime.store.checks.create(projectId, request, new Date(), token === null ? undefined : { hash: token.hash, prefix: token.prefix });
    if (firstCheck) await this.ensureDefaultRule(projectId);
    await this.schedule();
    return { check: await this.view(check), pushUrl: token === null ? null : this.pushUrl(token.key) };
  }

  async replace(projectId: string, id: string, request: CheckRequest): Promise<CheckView> {
    const before = await this.runtime.store.checks.find(projectId, id);
    if (before === null) throw notFound();
    if (before.kind !== request.kind) throw new DomainError('CONFLICT', `A check's kind cannot change (this one is ${before.kind}); create a new ${request.kind} check instead.`, { errors: [{ path: 'kind', message: `must stay ${before.kind}` }] });
    const check = (await this.runtime.store.checks.replace(projectId, id, request)) as CheckRecord;
    if (before.enabled !== check.enabled) {
      await this.regionStates.forget(id);
      await this.states.setEnabled(check, check.enabled, Date.now());
    }
    await this.schedule();
    return this.get(projectId, id);
  }

  async delete(projectId: string, id: string): Promise<void> {
    const check = await this.runtime.store.checks.find(projectId, id);
    if (check === null) throw notFound();
    const groups = await this.runtime.store.failoverGroups.namesUsingCheck(projectId, id);
    if (groups.length > 0) throw new DomainError('CONFLICT', `This check watches a target of the failover group(s) ${groups.map((name) => `"${name}"`).join(', ')}; change those groups first.`);
    const slos = await this.runtime.store.slos.namesReadingCheck(projectId, id);
    if (slos.length > 0) throw new DomainError('CONFLICT', `The SLO(s) ${slos.map((name) => `"${name}"`).join(', ')} read this check's results; change or delete those SLOs first.`);
    if (!(await this.runtime.store.checks.delete(projectId, id))) throw notFound();
    await this.schedules.changed();
    await this.regionStates.forget(id);
  }

  async get(projectId: string, id: string): Promise<CheckView> {
    const check = await this.runtime.store.checks.findWithState(projectId, id);
    if (check === null) throw notFound();
    return this.view(check);
  }

  async list(projectId: string, query: CheckListRequest): Promise<CheckListResponse> {
    const page = await this.runtime.store.checks.list(projectId, query);
    const parents = await this.parentsOf(projectId, page.checks);
    return { checks: page.checks.map((check) => checkView(check, check.parentId === null ? undefined : parents.get(check.parentId))), total: page.total };
  }

  /** One extra run in every region that runs the check (the results arrive like any other). */
  async runNow(projectId: string, id: string): Promise<string[]> {
    const check = await this.runtime.store.checks.find(projectId, id);
    if (check === null) throw notFound();
    if (check.kind === 'push') throw new DomainError('CONFLICT', 'A push check is not run by Vigil: its job pings it.');
    if (!check.enabled) throw new DomainError('CONFLICT', 'This check is paused; enable it to run it.');
    const now = Date.now();
    const regions = check.regions.length > 0 ? check.regions : await this.regions.list(now);
    for (const region of regions) await this.schedules.runNow(region, toScheduled(check), now);
    return regions;
  }

  /** A new ping URL for a push check; the old one stops working at once. */
  async rotatePushToken(projectId: string, id: string): Promise<{ check: CheckView; pushUrl: string }> {
    const token = generatePushToken();
    if (!(await this.runtime.store.checks.setPushToken(projectId, id, { hash: token.hash, prefix: token.prefix }))) {
      throw new DomainError('NOT_FOUND', 'This project has no push check with that id.');
    }
    return { check: await this.get(projectId, id), pushUrl: this.pushUrl(token.key) };
  }

  private pushUrl(token: string): string {
    return `${this.runtime.publicUrl}/api/v1/push/${token}`;
  }

  /** Every region's probers reload their checks within a second (one INCR: the schedules are theirs to keep, docs/checks.md). */
  private async schedule(): Promise<void> {
    await this.schedules.changed();
  }

  private async view(check: CheckRecord | CheckWithState): Promise<CheckView> {
    const withState = 'state' in check ? check : await this.runtime.store.checks.findWithState(check.projectId, check.id);
    if (withState === null) throw notFound();
    const parents = await this.parentsOf(check.projectId, [withState]);
    return checkView(withState, withState.parentId === null ? undefined : parents.get(withState.parentId));
  }

  private async parentsOf(projectId: string, checks: readonly CheckWithState[]): Promise<Map<string, CheckWithState>> {
    const ids = [...new Set(checks.flatMap((check) => (check.parentId === null ? [] : [check.parentId])))];
    return new Map((await this.runtime.store.checks.findManyWithState(projectId, ids)).map((parent) => [parent.id, parent]));
  }

  private async ensureDefaultRule(projectId: string): Promise<void> {
    const rules = await this.runtime.store.alertRules.listForProject(projectId);
    if (rules.some((rule) => rule.kind === 'check_down')) return;
    await this.runtime.store.alertRules.create(
      projectId,
      alertRuleRequestSchema.parse({
        name: DEFAULT_CHECK_RULE_NAME,
        kind: 'check_down',
        description: "Made with the project's first check: every check, critical while down. Narrow it with checkIds or labels, or delete it.",
        spec: {},
        intervalSeconds: 60,
      }),
    );
  }
}

export function notFound(): DomainError {
  return new DomainError('NOT_FOUND', 'This project has no check with that id.');
}
