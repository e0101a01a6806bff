import { type CheckSli, checkProbesSliSchema, checkUptimeSliSchema } from '@vigil/contracts';
import type { SloFieldProblem } from '../slo.errors';
import { isRecord } from './yaml-documents';

/**
 * Check SLIs in OpenSLO: the spec has no uptime-check indicator, but a metric source's `type` and
 * `spec` are the data source's own (OpenSLO v1, DataSource). Vigil writes a check SLI as a
 * `ratioMetric` whose good and total sources are `type: VigilCheck` with the same spec — the
 * check's id, `indicator: probes | minutes-up` and how degraded results count — so an export
 * imported again (into the project holding the check) gives the same SLO. Other tools see an
 * unknown source type, as they would for any vendor's.
 */
export const CHECK_SOURCE_TYPE = 'VigilCheck';
const INDICATORS = { check_probes: 'probes', check_uptime: 'minutes-up' } as const;

export function checkSources(sli: CheckSli): { good: unknown; total: unknown } {
  // Two objects, so the YAML writer spells both out rather than as an anchor and an alias.
  const source = () => ({ metricSource: { type: CHECK_SOURCE_TYPE, spec: { checkId: sli.checkId, indicator: INDICATORS[sli.kind], degraded: sli.degraded } } });
  return { good: source(), total: source() };
}

/** Whether a ratio's side names a Vigil check rather than a query. */
export function isCheckSource(side: unknown): boolean {
  return isRecord(side) && isRecord(side['metricSource']) && side['metricSource']['type'] === CHECK_SOURCE_TYPE;
}

/** The check SLI a ratioMetric of VigilCheck sources writes (undefined, with problems, when it does not). */
export function checkSliFromRatio(ratio: Record<string, unknown>, path: string, problems: SloFieldProblem[]): CheckSli | undefined {
  const specOf = (side: unknown) => (isRecord(side) && isRecord(side['metricSource']) && isRecord(side['metricSource']['spec']) ? side['metricSource']['spec'] : undefined);
  const good = specOf(ratio['good']);
  const total = specOf(ratio['total']);
  if (!good || !total || !isCheckSource(ratio['total'])) {
    problems.push({ path: `${path}.good`, message: `a ${CHECK_SOURCE_TYPE} SLI gives good and total, both of type ${CHECK_SOURCE_TYPE} with the same spec` });
    return undefined;
  }
  if (JSON.stringify(good) !== JSON.stringify(total)) {
    problems.push({ path: `${path}.total.metricSource.spec`, message: `must equal the good source's spec (the check and its indicator)` });
    return undefined;
  }
  const kind = good['indicator'] === INDICATORS.check_probes ? 'check_probes' : good['indicator'] === INDICATORS.check_uptime ? 'check_uptime' : undefined;
  if (!kind) {
    problems.push({ path: `${path}.good.metricSource.spec.indicator`, message: `${String(good['indicator'])}: one of probes, minutes-up` });
    return undefined;
  }
  const parsed = (kind === 'check_probes' ? checkProbesSliSchema : checkUptimeSliSchema).safeParse({ kind, checkId: good['checkId'], ...(good['degraded'] === undefined ? {} : { degraded: good['degraded'] }) });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push({ path: `${path}.good.metricSource.spec.${issue.path.join('.')}`, message: issue.message });
    return undefined;
  }
  return parsed.data;
}
