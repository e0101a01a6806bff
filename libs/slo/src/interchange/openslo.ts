import { type SloRequest, type SloRequestInput, sloAlertingSchema, sloRequestSchema, type SloWindow } from '@vigil/contracts';
import { DateTime } from 'luxon';
import { stringify } from 'yaml';
import { SloError, type SloFieldProblem } from '../slo.errors';
import { calendarPeriod } from '../windows';
import { checkSliOf } from '../check-sli';
import { checkSliFromRatio, checkSources, isCheckSource } from './openslo-check-source';
import { queriesOfSli, sliFromQueries } from './sli-mapping';
import { isRecord, readYamlDocuments } from './yaml-documents';

/**
 * OpenSLO v1 (https://github.com/OpenSLO/OpenSLO) import and export (docs/slo.md, Import and
 * export). What maps onto a Vigil SLO:
 * - `kind: SLO` documents (an `indicatorRef` may name a `kind: SLI` document of the same text;
 *   other kinds — Service, DataSource, AlertPolicy… — carry nothing Vigil reads and are skipped);
 * - `budgetingMethod: Occurrences` (events, as Vigil counts them); Timeslices are refused;
 * - `ratioMetric` with `good` or `bad` and `total` whose metric sources are Prometheus queries of
 *   the supported shape (see promql-sli.ts), or a check SLI's `VigilCheck` sources
 *   (openslo-check-source.ts); `thresholdMetric` and `raw` ratios are refused;
 * - one objective (`target` 0…1 or `targetPercent`);
 * - a rolling window of whole days (`30d`, `4w`, up to 90 days) or a calendar `1M`/`1Q` in its
 *   `timeZone` (periods follow the calendar; `startTime` is written on export, not enforced).
 * Vigil's alerting settings travel in the annotation `vigil.dev/alerting` (JSON), so an export
 * imported again gives the same SLO.
 */

export const OPENSLO_ALERTING_ANNOTATION = 'vigil.dev/alerting';

export interface ImportResult {
  slos: SloRequest[];
}

type Doc = Record<string, unknown>;

function slug(text: string): string {
  const value = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
  return value === '' ? 'slo' : value;
}

/** Parses OpenSLO YAML into SLO requests; throws INVALID_IMPORT naming every problem's path. */
export function importOpenSlo(text: string): ImportResult {
  const read = readYamlDocuments(text);
  if (!read.ok) throw new SloError('INVALID_IMPORT', `The OpenSLO document is ${read.problem.message}.`, [read.problem]);
  const problems: SloFieldProblem[] = [];
  const docs = read.documents;
  const path = (index: number) => (docs.length > 1 ? `documents[${index}]` : 'document');
  const slis = new Map<string, Doc>();
  docs.forEach((doc, index) => {
    if (!isRecord(doc) || doc['apiVersion'] !== 'openslo/v1') {
      problems.push({ path: `${path(index)}.apiVersion`, message: 'must be openslo/v1' });
      return;
    }
    const name = isRecord(doc['metadata']) ? doc['metadata']['name'] : undefined;
    if (doc['kind'] === 'SLI' && typeof name === 'string') slis.set(name, doc);
  });
  const slos: SloRequest[] = [];
  docs.forEach((doc, index) => {
    if (isRecord(doc) && doc['apiVersion'] === 'openslo/v1' && doc['kind'] === 'SLO') {
      const mapped = mapSlo(doc, path(index), slis, problems);
      if (mapped) slos.push(mapped);
    }
  });
  if (problems.length === 0 && slos.length === 0) problems.push({ path: 'document', message: 'holds no `kind: SLO` document' });
  if (problems.length > 0) throw new SloError('INVALID_IMPORT', `The OpenSLO document cannot be imported: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}.`, problems);
  return { slos };
}

function mapSlo(doc: Doc, at: string, slis: ReadonlyMap<string, Doc>, problems: SloFieldProblem[]): SloRequest | undefined {
  const before = problems.length;
  const metadata = isRecord(doc['metadata']) ? doc['metadata'] : {};
  const spec = isRecord(doc['spec']) ? doc['spec'] : {};
  const name = typeof metadata['displayName'] === 'string' ? metadata['displayName'] : typeof metadata['name'] === 'string' ? metadata['name'] : undefined;
  if (name === undefined) problems.push({ path: `${at}.metadata.name`, message: 'is required' });
  const method = spec['budgetingMethod'];
  if (method === undefined) problems.push({ path: `${at}.spec.budgetingMethod`, message: 'is required: Occurrences (Vigil counts events)' });
  else if (method !== 'Occurrences') problems.push({ path: `${at}.spec.budgetingMethod`, message: `${String(method)}: Vigil counts events (Occurrences); Timeslices and RatioTimeslices are not supported` });
  const sli = mapIndicator(doc, spec, at, slis, problems);
  const objective = mapObjective(spec['objectives'], `${at}.spec.objectives`, problems);
  const window = mapWindow(spec['timeWindow'], `${at}.spec.timeWindow`, problems);
  const annotations = isRecord(metadata['annotations']) ? metadata['annotations'] : {};
  let alerting: unknown = undefined;
  const alertingText = annotations[OPENSLO_ALERTING_ANNOTATION];
  if (typeof alertingText === 'string') {
    try {
      alerting = JSON.parse(alertingText);
    } catch {
      problems.push({ path: `${at}.metadata.annotations.${OPENSLO_ALERTING_ANNOTATION}`, message: 'is not valid JSON' });
    }
  }
  if (problems.length > before) return undefined;
  const candidate: SloRequestInput = {
    name: name as string,
    description: typeof spec['description'] === 'string' ? spec['description'] : '',
    service: typeof spec['service'] === 'string' ? spec['service'] : '',
    sli: sli as SloRequestInput['sli'],
    objective: objective as number,
    window: window as SloWindow,
    ...(alerting === undefined ? {} : { alerting: alerting as SloRequestInput['alerting'] }),
  };
  const parsed = sloRequestSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push({ path: `${at} (as a Vigil SLO: ${issue.path.join('.') || 'SLO'})`, message: issue.message });
    return undefined;
  }
  return parsed.data;
}

function mapIndicator(doc: Doc, spec: Doc, at: string, slis: ReadonlyMap<string, Doc>, problems: SloFieldProblem[]): unknown {
  let indicator = spec['indicator'];
  let path = `${at}.spec.indicator`;
  if (indicator === undefined && typeof spec['indicatorRef'] === 'string') {
    indicator = slis.get(spec['indicatorRef']);
    path = `${at}.spec.indicatorRef`;
    if (indicator === undefined) {
      problems.push({ path, message: `names the SLI "${spec['indicatorRef']}", which this text does not define (add its kind: SLI document)` });
      return undefined;
    }
  }
  const indicatorSpec = isRecord(indicator) && isRecord(indicator['spec']) ? indicator['spec'] : undefined;
  if (!indicatorSpec) {
    problems.push({ path, message: 'an indicator (or an indicatorRef to a kind: SLI document) is required' });
    return undefined;
  }
  if (indicatorSpec['thresholdMetric'] !== undefined) {
    problems.push({ path: `${path}.spec.thresholdMetric`, message: 'threshold metrics are not supported: write the SLI as a ratioMetric of good (or bad) and total events' });
    return undefined;
  }
  const ratio = indicatorSpec['ratioMetric'];
  if (!isRecord(ratio)) {
    problems.push({ path: `${path}.spec.ratioMetric`, message: 'is required (good or bad, and total)' });
    return undefined;
  }
  if (ratio['raw'] !== undefined) {
    problems.push({ path: `${path}.spec.ratioMetric.raw`, message: 'precomputed ratios are not supported: Vigil needs the event counts (good or bad, and total)' });
    return undefined;
  }
  if (ratio['counter'] === false) {
    problems.push({ path: `${path}.spec.ratioMetric.counter`, message: 'must be true: Vigil sums counter increases' });
    return undefined;
  }
  if (isCheckSource(ratio['good'])) return checkSliFromRatio(ratio, `${path}.spec.ratioMetric`, problems);
  const role = ratio['good'] !== undefined ? 'good' : 'bad';
  if ((ratio['good'] === undefined) === (ratio['bad'] === undefined)) {
    problems.push({ path: `${path}.spec.ratioMetric.good`, message: 'give exactly one of good and bad' });
    return undefined;
  }
  const numerator = queryOf(ratio[role], `${path}.spec.ratioMetric.${role}`, problems);
  const total = queryOf(ratio['total'], `${path}.spec.ratioMetric.total`, problems);
  if (numerator === undefined || total === undefined) return undefined;
  const mapped = sliFromQueries({ role, numerator, total });
  if (!mapped.ok) {
    problems.push({ path: mapped.path, message: mapped.message });
    return undefined;
  }
  return mapped.sli;
}

function queryOf(side: unknown, path: string, problems: SloFieldProblem[]): { text: string; path: string } | undefined {
  const source = isRecord(side) && isRecord(side['metricSource']) ? side['metricSource'] : undefined;
  const spec = source && isRecord(source['spec']) ? source['spec'] : undefined;
  const type = source?.['type'];
  if (!source || !spec) {
    problems.push({ path: `${path}.metricSource`, message: 'is required, with a type and a spec.query' });
    return undefined;
  }
  if (typeof type !== 'string' || type.toLowerCase() !== 'prometheus') {
    problems.push({ path: `${path}.metricSource.type`, message: `${String(type ?? 'missing')}: Vigil reads its own telemetry through Prometheus queries; use type Prometheus with spec.query` });
    return undefined;
  }
  if (typeof spec['query'] !== 'string') {
    problems.push({ path: `${path}.metricSource.spec.query`, message: 'a PromQL query is required' });
    return undefined;
  }
  return { text: spec['query'], path: `${path}.metricSource.spec.query` };
}

function mapObjective(objectives: unknown, path: string, problems: SloFieldProblem[]): number | undefined {
  if (!Array.isArray(objectives) || objectives.length !== 1 || !isRecord(objectives[0])) {
    problems.push({ path, message: 'exactly one objective is supported (write one SLO per objective)' });
    return undefined;
  }
  const objective = objectives[0];
  if (typeof objective['targetPercent'] === 'number') return objective['targetPercent'];
  if (typeof objective['target'] === 'number') return Number((objective['target'] * 100).toPrecision(12));
  problems.push({ path: `${path}[0].target`, message: 'target (0…1) or targetPercent is required' });
  return undefined;
}

const DURATION = /^(\d+)([mhdwMQY])$/;

function mapWindow(windows: unknown, path: string, problems: SloFieldProblem[]): SloWindow | undefined {
  if (!Array.isArray(windows) || windows.length !== 1 || !isRecord(windows[0])) {
    problems.push({ path, message: 'exactly one time window is required' });
    return undefined;
  }
  const window = windows[0];
  const match = typeof window['duration'] === 'string' ? DURATION.exec(window['duration']) : null;
  if (!match) {
    problems.push({ path: `${path}[0].duration`, message: 'must be a duration such as 30d, 4w, 1M or 1Q' });
    return undefined;
  }
  const count = Number(match[1]);
  const unit = match[2] as string;
  const calendar = window['calendar'];
  const rolling = window['isRolling'] === true || (window['isRolling'] === undefined && calendar === undefined);
  if (rolling) {
    const days = unit === 'd' ? count : unit === 'w' ? count * 7 : undefined;
    if (days === undefined || days < 1 || days > 90) {
      problems.push({ path: `${path}[0].duration`, message: `${String(window['duration'])}: rolling windows are whole days or weeks, 1 to 90 days` });
      return undefined;
    }
    return { kind: 'rolling', days };
  }
  const timeZone = isRecord(calendar) && typeof calendar['timeZone'] === 'string' ? calendar['timeZone'] : 'UTC';
  if (count === 1 && (unit === 'M' || unit === 'Q')) return { kind: 'calendar', unit: unit === 'M' ? 'month' : 'quarter', timeZone };
  problems.push({ path: `${path}[0].duration`, message: `${String(window['duration'])}: calendar windows are a month (1M) or a quarter (1Q)` });
  return undefined;
}

/** One SLO as an OpenSLO v1 document (plain data; `renderOpenSlo` writes YAML). `now` dates a calendar window's startTime. */
export function exportOpenSlo(slo: SloRequest, now: number): Doc {
  const check = checkSliOf(slo.sli);
  const queries = queriesOfSli(slo.sli, '5m');
  const source = (query: string) => ({ metricSource: { type: 'Prometheus', spec: { query } } });
  const ratioMetric = check ? { counter: true, ...checkSources(check) } : queries ? { counter: true, [queries.role]: source(queries.numerator), total: source(queries.total) } : undefined;
  if (!ratioMetric) throw new SloError('UNSUPPORTED_SLI', `SLIs of kind ${slo.sli.kind} have no OpenSLO form.`, [{ path: 'sli.kind', message: 'not exportable' }]);
  const alerting = sloAlertingSchema.parse(slo.alerting);
  return {
    apiVersion: 'openslo/v1',
    kind: 'SLO',
    metadata: { name: slug(slo.name), displayName: slo.name, annotations: { [OPENSLO_ALERTING_ANNOTATION]: JSON.stringify(alerting) } },
    spec: {
      ...(slo.description ? { description: slo.description } : {}),
      ...(slo.service ? { service: slo.service } : {}),
      indicator: {
        metadata: { name: `${slug(slo.name)}-sli` },
        spec: { ratioMetric },
      },
      timeWindow: [windowOf(slo.window, now)],
      budgetingMethod: 'Occurrences',
      objectives: [{ displayName: slo.name, target: Number((slo.objective / 100).toPrecision(12)) }],
    },
  };
}

function windowOf(window: SloWindow, now: number): Doc {
  if (window.kind === 'rolling') return { duration: window.days % 7 === 0 ? `${window.days / 7}w` : `${window.days}d`, isRolling: true };
  const { start } = calendarPeriod(window.unit, window.timeZone, now);
  const startTime = DateTime.fromMillis(start, { zone: window.timeZone }).toFormat('yyyy-MM-dd HH:mm:ss');
  return { duration: window.unit === 'month' ? '1M' : '1Q', isRolling: false, calendar: { startTime, timeZone: window.timeZone } };
}

/** Documents as one YAML text (several separated by `---`). */
export function renderYamlDocuments(documents: readonly unknown[]): string {
  return documents.map((document) => stringify(document, { lineWidth: 0 })).join('---\n');
}
