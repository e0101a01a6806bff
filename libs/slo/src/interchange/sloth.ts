import { type BurnRateWindow, type SloRequest, type SloRequestInput, sloRequestSchema } from '@vigil/contracts';
import { WORKBOOK_BURN_RATES } from '../alert-conditions';
import { SloError, type SloFieldProblem } from '../slo.errors';
import { sliFromQueries } from './sli-mapping';
import { isRecord, readYamlDocuments } from './yaml-documents';

/**
 * Sloth specs (`version: prometheus/v1`, https://sloth.dev) imported as Vigil SLOs (docs/slo.md):
 * - `sli.events.error_query` / `total_query` of the supported PromQL shape become a `bad`/`total`
 *   ratio SLI (`{{.window}}` stands for any range); `sli.raw` and `sli.plugin` are refused;
 * - `objective` is a percentage, as in Vigil; the window is Sloth's default 30 days;
 * - alerting as Sloth generates it: the workbook's page (critical) and ticket (warning) pairs;
 *   `page_alert.disable` / `ticket_alert.disable` drop them; the spec's, SLO's and alerting's
 *   labels and the alerting annotations go on every alert.
 */
export function importSloth(text: string): { slos: SloRequest[] } {
  const read = readYamlDocuments(text);
  if (!read.ok) throw new SloError('INVALID_IMPORT', `The Sloth spec is ${read.problem.message}.`, [read.problem]);
  const problems: SloFieldProblem[] = [];
  const slos: SloRequest[] = [];
  read.documents.forEach((spec, index) => {
    const at = read.documents.length > 1 ? `documents[${index}]` : 'spec';
    if (!isRecord(spec) || spec['version'] !== 'prometheus/v1') {
      problems.push({ path: `${at}.version`, message: 'must be prometheus/v1 (a Sloth spec)' });
      return;
    }
    const service = typeof spec['service'] === 'string' ? spec['service'] : '';
    const specLabels = stringRecord(spec['labels']);
    const list = spec['slos'];
    if (!Array.isArray(list) || list.length === 0) {
      problems.push({ path: `${at}.slos`, message: 'must list at least one SLO' });
      return;
    }
    list.forEach((slo, position) => {
      const mapped = mapSlo(slo, `${at}.slos[${position}]`, service, specLabels, problems);
      if (mapped) slos.push(mapped);
    });
  });
  if (problems.length > 0) throw new SloError('INVALID_IMPORT', `The Sloth spec cannot be imported: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}.`, problems);
  return { slos };
}

function stringRecord(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, String(item)]));
}

function mapSlo(slo: unknown, at: string, service: string, specLabels: Record<string, string>, problems: SloFieldProblem[]): SloRequest | undefined {
  if (!isRecord(slo)) {
    problems.push({ path: at, message: 'must be an object' });
    return undefined;
  }
  const before = problems.length;
  const sli = isRecord(slo['sli']) ? slo['sli'] : {};
  if (sli['raw'] !== undefined) problems.push({ path: `${at}.sli.raw`, message: 'error-ratio queries are not supported: Vigil needs event counts (sli.events with error_query and total_query)' });
  else if (sli['plugin'] !== undefined) problems.push({ path: `${at}.sli.plugin`, message: 'SLI plugins are not supported: write sli.events with error_query and total_query' });
  const events = isRecord(sli['events']) ? sli['events'] : undefined;
  if (!events && sli['raw'] === undefined && sli['plugin'] === undefined) problems.push({ path: `${at}.sli.events`, message: 'is required (error_query and total_query)' });
  let mapped: ReturnType<typeof sliFromQueries> | undefined;
  if (events) {
    const errorQuery = events['error_query'];
    const totalQuery = events['total_query'];
    if (typeof errorQuery !== 'string') problems.push({ path: `${at}.sli.events.error_query`, message: 'is required' });
    if (typeof totalQuery !== 'string') problems.push({ path: `${at}.sli.events.total_query`, message: 'is required' });
    if (typeof errorQuery === 'string' && typeof totalQuery === 'string') {
      mapped = sliFromQueries({ role: 'bad', numerator: { text: errorQuery, path: `${at}.sli.events.error_query` }, total: { text: totalQuery, path: `${at}.sli.events.total_query` } });
      if (!mapped.ok) problems.push({ path: mapped.path, message: mapped.message });
    }
  }
  const alerting = isRecord(slo['alerting']) ? slo['alerting'] : {};
  const pageOff = isRecord(alerting['page_alert']) && alerting['page_alert']['disable'] === true;
  const ticketOff = isRecord(alerting['ticket_alert']) && alerting['ticket_alert']['disable'] === true;
  if (problems.length > before || !mapped?.ok) return undefined;
  const burnRates: BurnRateWindow[] = WORKBOOK_BURN_RATES.filter((pair) => (pair.severity === 'critical' ? !pageOff : !ticketOff)).map((pair) => ({ ...pair }));
  const candidate: SloRequestInput = {
    name: String(slo['name'] ?? ''),
    description: typeof slo['description'] === 'string' ? slo['description'] : '',
    service,
    sli: mapped.sli,
    objective: slo['objective'] as number,
    window: { kind: 'rolling', days: 30 },
    alerting: {
      burnRates,
      labels: { ...specLabels, ...stringRecord(slo['labels']), ...stringRecord(alerting['labels']) },
      annotations: stringRecord(alerting['annotations']),
    },
  };
  const parsed = sloRequestSchema.safeParse(candidate);
  if (!parsed.success) {
    const names: Record<string, string> = { name: 'name', objective: 'objective', description: 'description' };
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? '');
      problems.push({ path: names[field] ? `${at}.${names[field]}` : `${at} (as a Vigil SLO: ${issue.path.join('.')})`, message: issue.message });
    }
    return undefined;
  }
  return parsed.data;
}
