import { Inject, Injectable } from '@nestjs/common';
import { type AlertingFieldProblem, matcherProblems } from '@vigil/alerting';
import type { SloRecord } from '@vigil/config-store';
import type { Sli, Slo, SloDetail, SloImportRequest, SloImportResponse, SloListResponse, SloRequest } from '@vigil/contracts';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';
import { DomainError } from '@vigil/server-kit';
import { checkSli, checkSloDefinition, exportOpenSlo, importOpenSlo, importSloth, renderYamlDocuments, SloError } from '@vigil/slo';
import { requestOf, SloCatalog, SloFigures, summaryOf } from '@vigil/slo-engine';
import { AlertEventRepository } from '@vigil/telemetry-store';
import { invalidFields } from '../alerting/matcher-validation';
import { SloLateDataService } from './slo-late-data.service';
import { checkIdOf, figuresView, sloListView, sloView, summaryView } from './slo-views';

const MAX_ALERT_EVENTS = 100;

/**
 * What the SLO API does beyond parsing (docs/slo.md): the checks the contract cannot make
 * (recordable kinds, matchers RE2 and JavaScript read alike), storing an SLO with the alert rules
 * it keeps, figures from the SLI records, and OpenSLO / Sloth interchange.
 */
@Injectable()
export class SloService {
  private readonly catalog: SloCatalog;
  private readonly figures: SloFigures;
  private readonly events: AlertEventRepository;

  constructor(
    @Inject(RUNTIME) private readonly runtime: VigilRuntime,
    private readonly lateData: SloLateDataService,
  ) {
    this.catalog = new SloCatalog(runtime.store);
    this.figures = new SloFigures(runtime.telemetry);
    this.events = new AlertEventRepository(runtime.telemetry);
  }

  /** Throws a 400 naming every field at fault (paths under `prefix`, e.g. `slos[2].`). */
  async validate(projectId: string, request: SloRequest, prefix = ''): Promise<SloRequest> {
    const problems = [...collect(() => checkSloDefinition(request)), ...sliMatcherProblems(request.sli), ...(await this.checkProblems(projectId, request.sli)).problems];
    if (problems.length > 0) throw invalidFields('SLO', problems.map((problem) => ({ path: `${prefix}${problem.path}`, message: problem.message })));
    return request;
  }

  /** The SLI's checks alone (the form's preview), with the quorum of the check a check SLI reads. */
  async validateSli(projectId: string, sli: Sli): Promise<{ sli: Sli; checkQuorum: number }> {
    const { problems: checkProblems, quorum } = await this.checkProblems(projectId, sli);
    const problems = [...collect(() => checkSli(sli)), ...sliMatcherProblems(sli), ...checkProblems];
    if (problems.length > 0) throw invalidFields('SLI', problems);
    return { sli, checkQuorum: quorum };
  }

  /** A check SLI reads a check of the SLO's own project (another project's check is as unknown as none). */
  private async checkProblems(projectId: string, sli: Sli): Promise<{ problems: AlertingFieldProblem[]; quorum: number }> {
    if (sli.kind !== 'check_probes' && sli.kind !== 'check_uptime') return { problems: [], quorum: 1 };
    const check = await this.runtime.store.checks.find(projectId, sli.checkId);
    if (!check) return { problems: [{ path: 'sli.checkId', message: `this project has no check ${sli.checkId}` }], quorum: 1 };
    return { problems: [], quorum: check.quorum ?? 1 };
  }

  async list(projectId: string, now: number): Promise<SloListResponse> {
    const slos = await this.runtime.store.slos.listForProject(projectId);
    const [figures, firingBySlo, checkNames] = await Promise.all([
      this.figures.summaries(projectId, slos, now),
      this.runtime.store.alertInstances.firingBySlo(projectId),
      this.checkNames(projectId, slos),
    ]);
    return {
      slos: slos.map((slo) => ({ ...sloListView(slo, checkNames), summary: summaryView(figures.get(slo.id), firingBySlo.get(slo.id) ?? []) })),
    };
  }

  async detail(projectId: string, id: string, now: number): Promise<SloDetail> {
    const slo = await this.find(projectId, id);
    // The summary comes from the detail's own figures: two fewer engine reads than asking for it.
    const [figures, rules, checkNames] = await Promise.all([this.figures.detail(projectId, slo, now), this.runtime.store.alertRules.listForSlo(projectId, id), this.checkNames(projectId, [slo])]);
    const instances = await this.runtime.store.alertInstances.listForProject(projectId, { states: ['pending', 'firing'] });
    const view = figuresView(figures, now);
    const alertEvents =
      rules.length === 0 ? [] : await this.events.list(projectId, { from: view.window.from, to: Math.max(view.window.to, now), ruleIds: rules.map((rule) => rule.id), limit: MAX_ALERT_EVENTS });
    return {
      slo: sloView(slo, checkNames),
      summary: summaryView(summaryOf(figures), instances.filter((instance) => rules.some((rule) => rule.id === instance.ruleId))),
      ...view,
      alerts: rules.map((rule) => {
        const own = instances.filter((instance) => instance.ruleId === rule.id);
        const firing = own.filter((instance) => instance.state === 'firing');
        return {
          ruleId: rule.id,
          name: rule.name,
          kind: rule.kind,
          severity: firing.some((instance) => instance.severity === 'critical') ? 'critical' : firing.length > 0 ? 'warning' : null,
          firing: firing.length,
          pending: own.length - firing.length,
          lastValue: own[0]?.lastValue ?? null,
        };
      }),
      alertEvents,
    };
  }

  async create(projectId: string, request: SloRequest): Promise<Slo> {
    const slo = await this.catalog.create(projectId, await this.validate(projectId, request));
    if (!slo) throw nameTaken(request.name);
    await this.lateData.changed();
    return sloView(slo, await this.checkNames(projectId, [slo]));
  }

  async replace(projectId: string, id: string, request: SloRequest): Promise<Slo> {
    const slo = await this.catalog.replace(projectId, id, await this.validate(projectId, request));
    if (slo === undefined) throw notFound();
    if (slo === null) throw nameTaken(request.name);
    await this.lateData.changed();
    return sloView(slo, await this.checkNames(projectId, [slo]));
  }

  async delete(projectId: string, id: string): Promise<void> {
    if (!(await this.catalog.delete(projectId, id))) throw notFound();
    await this.lateData.changed();
  }

  /** OpenSLO or Sloth YAML → SLO requests; created (all or none) unless it is a dry run. */
  async import(projectId: string, request: SloImportRequest): Promise<SloImportResponse> {
    let slos: SloRequest[];
    try {
      slos = (request.format === 'openslo' ? importOpenSlo(request.document) : importSloth(request.document)).slos;
    } catch (error) {
      if (error instanceof SloError) throw invalidFields(`${request.format === 'openslo' ? 'OpenSLO' : 'Sloth'} document`, error.errors);
      throw error;
    }
    for (const [index, slo] of slos.entries()) await this.validate(projectId, slo, `slos[${index}].`);
    const names = new Set<string>();
    const existing = new Set((await this.runtime.store.slos.listForProject(projectId)).map((slo) => slo.name));
    const clashes = slos.flatMap((slo, index) => {
      const clash = existing.has(slo.name) ? 'this project has an SLO of that name' : names.has(slo.name) ? 'the document defines this name twice' : undefined;
      names.add(slo.name);
      return clash ? [{ path: `slos[${index}].name`, message: `${slo.name}: ${clash}` }] : [];
    });
    if (clashes.length > 0) throw new DomainError('CONFLICT', `Nothing imported: ${clashes.map((c) => c.message).join('; ')}.`, { errors: clashes });
    if (request.dryRun) return { dryRun: true, slos, created: [] };
    const created = await this.catalog.createAll(projectId, slos);
    if (!created) throw new DomainError('CONFLICT', 'Nothing imported: an SLO of one of these names was created meanwhile.');
    await this.lateData.changed();
    const checkNames = await this.checkNames(projectId, created);
    return { dryRun: false, slos, created: created.map((slo) => sloView(slo, checkNames)) };
  }

  /** OpenSLO v1 YAML of these SLOs (one document each). */
  exportOpenSlo(slos: readonly SloRecord[], now: number): string {
    return renderYamlDocuments(slos.map((slo) => exportOpenSlo(requestOf(slo), now)));
  }

  /** Id → name of the checks these SLOs' SLIs read (no query when none reads a check). */
  private checkNames(projectId: string, slos: readonly SloRecord[]): Promise<Map<string, string>> {
    const ids = slos.flatMap((slo) => checkIdOf(slo) ?? []);
    return ids.length === 0 ? Promise.resolve(new Map()) : this.runtime.store.checks.namesOf(projectId, ids);
  }

  async find(projectId: string, id: string): Promise<SloRecord> {
    const slo = await this.runtime.store.slos.find(projectId, id);
    if (!slo) throw notFound();
    return slo;
  }
}

/** The problems a check throws as an SloError (and those it returns). */
function collect(check: () => void | AlertingFieldProblem[]): AlertingFieldProblem[] {
  try {
    return check() ?? [];
  } catch (error) {
    if (error instanceof SloError) return [...error.errors];
    throw error;
  }
}

/** Matchers must read the same in RE2 (ClickHouse) and JavaScript (recording matches series in JS). */
function sliMatcherProblems(sli: Sli): AlertingFieldProblem[] {
  if (sli.kind === 'ratio') {
    return (['good', 'bad', 'total'] as const).flatMap((side) => (sli[side] ? matcherProblems(sli[side].matchers, `sli.${side}.matchers`) : []));
  }
  return sli.kind === 'latency' ? matcherProblems(sli.matchers, 'sli.matchers') : [];
}

function notFound(): DomainError {
  return new DomainError('NOT_FOUND', 'This project has no SLO with that id.');
}

function nameTaken(name: string): DomainError {
  return new DomainError('CONFLICT', `This project has an SLO named "${name}" already; SLO names are unique per project.`, { errors: [{ path: 'name', message: 'is taken by another SLO of this project' }] });
}
