import type { AcrossSeriesAggregation, MetricFn, OverTimeAggregation } from '@vigil/contracts';

/**
 * Prometheus name suffixes and the UCUM unit each stands for (OpenTelemetry's
 * "Prometheus and OpenMetrics compatibility" spec maps units to these words; this is the way back).
 */
const SUFFIX_UNITS: readonly (readonly [string, string])[] = [
  ['seconds', 's'],
  ['milliseconds', 'ms'],
  ['microseconds', 'us'],
  ['nanoseconds', 'ns'],
  ['minutes', 'min'],
  ['hours', 'h'],
  ['days', 'd'],
  ['bytes', 'By'],
  ['kilobytes', 'kBy'],
  ['megabytes', 'MBy'],
  ['gigabytes', 'GBy'],
  ['bits', 'bit'],
  ['ratio', '1'],
  ['percent', '%'],
  ['celsius', 'Cel'],
  ['meters', 'm'],
  ['volts', 'V'],
  ['amperes', 'A'],
  ['joules', 'J'],
  ['watts', 'W'],
  ['grams', 'g'],
  ['hertz', 'Hz'],
];

/** `x_bucket`, `x_count`, `x_sum` belong to histogram `x`; `_total` marks a counter. */
function stripFamilySuffix(name: string): { base: string; part: 'bucket' | 'count' | 'sum' | undefined } {
  const match = /^(.*)_(bucket|count|sum)$/.exec(name);
  return match ? { base: match[1] as string, part: match[2] as 'bucket' | 'count' | 'sum' } : { base: name, part: undefined };
}

/**
 * The unit a metric's values are in, from the unit its sender declared (OTLP metadata) or else
 * from its Prometheus suffix (`_seconds`, `_bytes_total`, `_bytes_per_second`, `_ratio`);
 * undefined when neither says. `_bucket` and `_count` series count observations: no unit.
 * Annotations such as `{request}` carry no unit.
 */
export function metricUnit(name: string, declared: string | undefined): string | undefined {
  const { base, part } = stripFamilySuffix(name);
  if (part === 'bucket' || part === 'count') return undefined;
  const bare = declared?.replace(/\{[^}]*\}/g, '').trim();
  if (bare !== undefined && bare !== '') return bare;
  const stem = base.replace(/_total$/, '');
  const per = /^(.*)_per_([a-z]+)$/.exec(stem);
  const unitOf = (word: string): string | undefined => SUFFIX_UNITS.find(([suffix]) => word.endsWith(`_${suffix}`) || word === suffix)?.[1];
  if (per) {
    const over = SUFFIX_UNITS.find(([suffix]) => suffix === `${per[2]}s` || suffix === per[2])?.[1];
    const main = unitOf(per[1] as string);
    if (main !== undefined && over !== undefined) return `${main}/${over}`;
  }
  return unitOf(stem);
}

export interface ValueUnitQuery {
  fn: MetricFn;
  over: OverTimeAggregation;
  agg: AcrossSeriesAggregation;
  quantile?: number;
}

/**
 * The unit of what a query returns: the metric's unit for raw values and quantiles, per second
 * for rates (`By/s`; `/s` for a rate of a count), none for counts of samples or series.
 */
export function queryValueUnit(metricUnitText: string | undefined, query: ValueUnitQuery): string | undefined {
  if (query.agg === 'count') return undefined;
  if (query.quantile !== undefined) return metricUnitText;
  if (query.fn === 'rate') return `${metricUnitText ?? ''}/s`;
  if (query.fn === 'raw' && query.over === 'count') return undefined;
  return metricUnitText;
}
