/*
 * OpenTelemetry → Prometheus names, after the OpenTelemetry "Prometheus and OpenMetrics
 * Compatibility" spec and the Collector's prometheus translator (unit words, `_per_`, `_total`,
 * `_ratio`). Each rule is listed in docs/ingest.md.
 */

const UNIT_WORDS: Readonly<Record<string, string>> = {
  // time
  d: 'days',
  h: 'hours',
  min: 'minutes',
  s: 'seconds',
  ms: 'milliseconds',
  us: 'microseconds',
  ns: 'nanoseconds',
  // bytes
  By: 'bytes',
  KiBy: 'kibibytes',
  MiBy: 'mebibytes',
  GiBy: 'gibibytes',
  TiBy: 'tibibytes',
  KBy: 'kilobytes',
  MBy: 'megabytes',
  GBy: 'gigabytes',
  TBy: 'terabytes',
  // SI
  m: 'meters',
  V: 'volts',
  A: 'amperes',
  J: 'joules',
  W: 'watts',
  g: 'grams',
  // other
  Cel: 'celsius',
  Hz: 'hertz',
  '%': 'percent',
};

const PER_UNIT_WORDS: Readonly<Record<string, string>> = {
  s: 'second',
  m: 'minute',
  h: 'hour',
  d: 'day',
  w: 'week',
  mo: 'month',
  y: 'year',
};

/** Metric names: [a-zA-Z_:][a-zA-Z0-9_:]*, runs of `_` collapsed, no leading or trailing `_`. */
export function sanitizeMetricName(name: string): string {
  let result = name.replace(/[^a-zA-Z0-9_:]/g, '_').replace(/_{2,}/g, '_');
  const trimmed = result.replace(/^_+|_+$/g, '');
  if (trimmed !== '') result = trimmed;
  if (/^[0-9]/.test(result)) result = `_${result}`;
  return result;
}

/** Label names: [a-zA-Z_][a-zA-Z0-9_]*; a leading digit or `__` (reserved) gets a `key` prefix. */
export function sanitizeLabelName(name: string): string {
  let result = name.replace(/[^a-zA-Z0-9_]/g, '_');
  if (/^[0-9]/.test(result)) result = `key_${result}`;
  else if (result.startsWith('__')) result = `key${result}`;
  return result;
}

/** The Prometheus suffix for a UCUM unit: `ms` → `milliseconds`, `By/s` → `bytes_per_second`, `{req}` → ''. */
export function unitSuffix(unit: string): string {
  // `{…}` annotations carry no unit (`{requests}` is a count).
  const bare = unit.replace(/\{[^}]*\}/g, '').trim();
  if (bare === '' || bare === '1') return '';
  const slash = bare.indexOf('/');
  const main = slash < 0 ? bare : bare.slice(0, slash);
  const per = slash < 0 ? '' : bare.slice(slash + 1);
  const mainWord = main === '1' ? '' : sanitizeUnitWord(UNIT_WORDS[main] ?? main);
  const perWord = per === '' ? '' : sanitizeUnitWord(PER_UNIT_WORDS[per] ?? UNIT_WORDS[per] ?? per);
  if (perWord === '') return mainWord;
  return mainWord === '' ? `per_${perWord}` : `${mainWord}_per_${perWord}`;
}

function sanitizeUnitWord(word: string): string {
  return word.replace(/[^a-zA-Z0-9_:]/g, '_').replace(/_{2,}/g, '_').replace(/^_+|_+$/g, '');
}

export interface NameParts {
  name: string;
  unit: string;
  counter: boolean;
  gauge: boolean;
}

/**
 * The stored family name: sanitized name, then the unit word unless already there, then
 * `_ratio` for gauges of unit `1`, then `_total` for counters unless already there.
 */
export function prometheusMetricName({ name, unit, counter, gauge }: NameParts): string {
  let result = sanitizeMetricName(name);
  if (counter && result.endsWith('_total')) result = result.slice(0, -'_total'.length);
  const suffix = unitSuffix(unit);
  if (suffix !== '' && !result.endsWith(`_${suffix}`) && result !== suffix) result += `_${suffix}`;
  if (gauge && unit.trim() === '1' && !result.endsWith('_ratio')) result += '_ratio';
  if (counter) result += '_total';
  return result;
}

/** A bucket bound or quantile as label text: shortest round-trip decimal, `+Inf`/`-Inf`. */
export function formatBound(value: number): string {
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}
