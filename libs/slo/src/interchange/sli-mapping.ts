import type { LabelMatcher, Sli, SliSelector } from '@vigil/contracts';
import { formatSliQuery, parseSliQuery, SUPPORTED_SHAPE, type SliQuery } from './promql-sli';
import { parseBucketBound } from '@vigil/metrics-query';

/**
 * Turning the two PromQL queries of an imported SLO (good or bad, and total) into a Vigil SLI,
 * and back. Shared by the OpenSLO and Sloth importers.
 *
 * A good query over `x_bucket` with `le="<bound>"` and a total over `x_count` (or `x_bucket` with
 * `le="+Inf"`) with otherwise the same matchers is a latency SLI; anything else of the supported
 * shape is a ratio SLI.
 */
export type SliFromQueries = { ok: true; sli: Sli } | { ok: false; path: string; message: string };

export interface QueryInput {
  role: 'good' | 'bad';
  numerator: { text: string; path: string };
  total: { text: string; path: string };
}

function refuse(path: string, text: string, reason: string): SliFromQueries {
  return { ok: false, path, message: `the query \`${text.trim()}\` is not supported: ${reason}. Vigil reads ${SUPPORTED_SHAPE}` };
}

const key = (matchers: readonly LabelMatcher[]) => matchers.map((m) => `${m.label}${m.op}${JSON.stringify(m.value)}`).sort().join(',');

export function sliFromQueries(input: QueryInput): SliFromQueries {
  const numerator = parseSliQuery(input.numerator.text);
  if (!numerator.ok) return refuse(input.numerator.path, input.numerator.text, numerator.reason);
  const total = parseSliQuery(input.total.text);
  if (!total.ok) return refuse(input.total.path, input.total.text, total.reason);
  if ([...numerator.query.by].sort().join(',') !== [...total.query.by].sort().join(',')) {
    return { ok: false, path: input.total.path, message: `both queries must group by the same labels (\`by (${numerator.query.by.join(', ')})\` and \`by (${total.query.by.join(', ')})\`)` };
  }
  if (input.role === 'good') {
    const latency = latencyOf(numerator.query, total.query);
    if (latency) return { ok: true, sli: latency };
  }
  const selector = (query: SliQuery): SliSelector => ({ name: query.name, matchers: query.matchers });
  return {
    ok: true,
    sli: { kind: 'ratio', ...(input.role === 'good' ? { good: selector(numerator.query) } : { bad: selector(numerator.query) }), total: selector(total.query), groupBy: numerator.query.by },
  };
}

function latencyOf(good: SliQuery, total: SliQuery): Sli | undefined {
  if (!good.name.endsWith('_bucket')) return undefined;
  const histogram = good.name.slice(0, -'_bucket'.length);
  const le = good.matchers.filter((m) => m.label === 'le');
  const bound = le.length === 1 && le[0]?.op === '=' ? parseBucketBound(le[0].value) : undefined;
  if (bound === undefined || !Number.isFinite(bound) || bound <= 0) return undefined;
  const rest = good.matchers.filter((m) => m.label !== 'le');
  const totalLe = total.matchers.filter((m) => m.label === 'le');
  const totalRest = total.matchers.filter((m) => m.label !== 'le');
  const countSeries = total.name === `${histogram}_count` && totalLe.length === 0;
  const infBucket = total.name === good.name && totalLe.length === 1 && totalLe[0]?.op === '=' && parseBucketBound(totalLe[0].value) === Infinity;
  if ((!countSeries && !infBucket) || key(rest) !== key(totalRest)) return undefined;
  return { kind: 'latency', histogram, matchers: rest, threshold: bound, groupBy: good.by };
}

/** The two queries an SLI is written as for Prometheus-based tools (`range` e.g. `5m` or `{{.window}}`). */
export function queriesOfSli(sli: Sli, range: string): { role: 'good' | 'bad'; numerator: string; total: string } | undefined {
  switch (sli.kind) {
    case 'ratio': {
      const numerator = sli.good ?? sli.bad;
      if (!numerator) return undefined;
      return {
        role: sli.good ? 'good' : 'bad',
        numerator: formatSliQuery({ ...numerator, by: sli.groupBy }, range),
        total: formatSliQuery({ ...sli.total, by: sli.groupBy }, range),
      };
    }
    case 'latency': {
      const name = `${sli.histogram}_bucket`;
      return {
        role: 'good',
        numerator: formatSliQuery({ name, matchers: [...sli.matchers, { label: 'le', op: '=', value: String(sli.threshold) }], by: sli.groupBy }, range),
        total: formatSliQuery({ name, matchers: [...sli.matchers, { label: 'le', op: '=', value: '+Inf' }], by: sli.groupBy }, range),
      };
    }
    case 'check_probes':
    case 'check_uptime':
      return undefined;
  }
}
