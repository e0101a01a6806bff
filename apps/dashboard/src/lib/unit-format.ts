/**
 * Values as people read them, from the UCUM unit the read API names (`unit` of
 * `GET /api/v1/metrics/query`, OpenTelemetry's units): durations as `250 ms` / `1.5 s`, bytes
 * with binary prefixes (`1.5 GiB`: memory, the commonest byte metric, is counted in powers of
 * two, and `KiB` cannot be misread), `1` and `%` as percentages, rates with `/s`, anything else
 * as a number with SI abbreviations (`1.23M`) followed by the unit as given.
 *
 * Hand-written: d3-format and Grafana's value formats were considered; neither reads UCUM, and
 * the ladders below are the whole of what the dashboard needs.
 */

interface Scale {
  /** Base units per step of this scale (1 for the base itself). */
  factor: number;
  symbol: string;
  /** Minutes, hours, days: on an axis only when the ticks are whole ones (`15 s`, not `0.25 min`). */
  whole?: boolean;
}

interface UnitFormat {
  /** Multiplies a value into the base unit of `scales` (ms → s: 0.001; ratio → percent: 100). */
  toBase: number;
  /** Ascending by factor; the first is used for values below every factor (and for 0). */
  scales: readonly Scale[];
  /** Symbol glued to the number (`1.2k`) rather than spaced (`1.2 ms`). */
  tight: boolean;
  /** Axis tick spacings that are round in these scales, in base units (see tickIncrements). */
  increments: readonly number[];
  /** After the symbol: `/s` for rates, ` W` for a unit without prefixes. */
  suffix: string;
}

/** `multiples` of each factor, ascending, without repeats. */
function stepsOf(factors: readonly number[], multiples: readonly number[]): number[] {
  return [...new Set(factors.flatMap((factor) => multiples.map((multiple) => factor * multiple)))].sort((a, b) => a - b);
}
const powersOf = (base: number, from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => base ** (from + index));

/** 1, 2, 2.5, 5 × 10ⁿ: what uPlot uses by default, and right for anything decimal. */
const DECIMAL_STEPS = stepsOf(powersOf(10, -12, 18), [1, 2, 2.5, 5]);

const DURATION: readonly Scale[] = [
  { factor: 1e-9, symbol: 'ns' },
  { factor: 1e-6, symbol: 'µs' },
  { factor: 1e-3, symbol: 'ms' },
  { factor: 1, symbol: 's' },
  { factor: 60, symbol: 'min', whole: true },
  { factor: 3600, symbol: 'h', whole: true },
  { factor: 86_400, symbol: 'd', whole: true },
];
/** Decimal below a second; then clock steps: 15 s, 30 s, 5 min, 6 h, 7 d. */
const DURATION_STEPS = [
  ...stepsOf(powersOf(10, -9, -1), [1, 2, 2.5, 5]),
  ...stepsOf([1, 60], [1, 2, 5, 10, 15, 30]),
  ...stepsOf([3600], [1, 2, 3, 6, 12]),
  ...stepsOf([86_400], [1, 2, 7, 14, 30, 60, 90, 180, 365, 730, 1825, 3650]),
];
const DURATION_UNITS: Record<string, number> = { ns: 1e-9, us: 1e-6, ms: 1e-3, s: 1, min: 60, h: 3600, d: 86_400 };

const BINARY_BYTES: readonly Scale[] = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'].map((symbol, power) => ({ factor: 1024 ** power, symbol }));
/** Round in the binary scales (256 MiB, 1.5 GiB), where decimal steps in bytes would read 1.396984 GiB. */
const BINARY_STEPS = stepsOf([1], [1, 2, 5, 10, 20, 50, 100, 200, 500]).concat(stepsOf(powersOf(1024, 1, 6), [0.25, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500])).sort((a, b) => a - b);
const BYTE_UNITS: Record<string, number> = { By: 1, kBy: 1e3, MBy: 1e6, GBy: 1e9, TBy: 1e12, KiBy: 1024, MiBy: 1024 ** 2, GiBy: 1024 ** 3, TiBy: 1024 ** 4 };

/** k, M, G, T, P; nothing below 1 (`m` would read as minutes or metres, `µ` is rarely meant). */
const SI_PREFIXES = ['', 'k', 'M', 'G', 'T', 'P'];
const siScales = (unit: string): readonly Scale[] => SI_PREFIXES.map((prefix, power) => ({ factor: 1000 ** power, symbol: `${prefix}${unit}` }));
/** Units that take SI prefixes themselves: `1.2 kW`, `3 Mbit`. */
const SI_UNITS = new Set(['bit', 'W', 'V', 'A', 'Hz', 'J', 'm', 'g', 'Pa']);
/** UCUM codes with a more familiar symbol. */
const DISPLAY_SYMBOLS: Record<string, string> = { Cel: '°C', '[degF]': '°F' };
const PER_TIME = new Set(['s', 'min', 'h', 'd']);

const COUNT: UnitFormat = { toBase: 1, scales: siScales(''), tight: true, suffix: '', increments: DECIMAL_STEPS };
const PERCENT: UnitFormat = { toBase: 1, scales: [{ factor: 1, symbol: '%' }], tight: false, suffix: '', increments: DECIMAL_STEPS };

/** Reads a UCUM unit; unknown units format as counts followed by the unit text. */
function parseUnit(unit: string | null): UnitFormat {
  if (!unit) return COUNT;
  const slash = unit.lastIndexOf('/');
  const per = unit.slice(slash + 1);
  if (slash >= 0 && PER_TIME.has(per)) {
    const numerator = unit.slice(0, slash);
    // `/s` and `1/s` are a rate of a count; `{request}/s` a rate of annotated things.
    const base = numerator === '' || numerator === '1' ? COUNT : parseUnit(numerator);
    return { ...base, suffix: `${base.suffix}/${per}` };
  }
  const seconds = DURATION_UNITS[unit];
  if (seconds !== undefined) return { toBase: seconds, scales: DURATION, tight: false, suffix: '', increments: DURATION_STEPS };
  const bytes = BYTE_UNITS[unit];
  if (bytes !== undefined) return { toBase: bytes, scales: BINARY_BYTES, tight: false, suffix: '', increments: BINARY_STEPS };
  if (unit === '1') return { ...PERCENT, toBase: 100 };
  if (unit === '%') return PERCENT;
  if (SI_UNITS.has(unit)) return { ...COUNT, scales: siScales(unit), tight: false };
  // `{request}` is a UCUM annotation: a count of requests.
  const annotation = /^\{(.+)\}$/.exec(unit)?.[1];
  return { ...COUNT, suffix: ` ${annotation ?? DISPLAY_SYMBOLS[unit] ?? unit}` };
}

/** NaN and ±Inf as the read API names them (with a real minus sign); they are gaps on charts. */
function nonFinite(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  return value > 0 ? '+Inf' : '−Inf';
}

/**
 * The largest scale the magnitude reaches, else the smallest (so 0 ms reads `0 ms`, not `0 ns`).
 * On an axis (`increment` given) only a scale the ticks are round in: at most two decimals
 * (`1.25 GiB`; 50 MiB steps read `1,600 MiB`, not `1.5625 GiB`), whole minutes, hours, days.
 */
function scaleFor(format: UnitFormat, magnitude: number, increment?: number): Scale {
  const scales = format.scales;
  const natural = scales.find((scale) => scale.factor === format.toBase) ?? scales[0];
  if (magnitude === 0) return natural ?? { factor: 1, symbol: '' };
  let chosen = scales[0] ?? { factor: 1, symbol: '' };
  for (const scale of scales) {
    const fits = increment === undefined || decimalsOf(increment / scale.factor) <= (scale.whole ? 0 : 2);
    if (magnitude >= scale.factor && fits) chosen = scale;
  }
  return chosen;
}

function join(format: UnitFormat, number: string, scale: Scale, isZero: boolean): string {
  // `0`, not `0k`; spaced symbols stay (`0 ms`) because they carry the unit.
  if (format.tight) return `${number}${isZero ? '' : scale.symbol}${format.suffix}`;
  return `${number} ${scale.symbol}${format.suffix}`;
}

/** Three significant digits, whole numbers with thousands separators, tiny ones as exponents. */
function significant(value: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1000) return Math.round(value).toLocaleString('en-US');
  if (magnitude < 0.001) return value.toExponential(2).replace(/\.?0+e/, 'e');
  return String(Number(value.toPrecision(3)));
}

/** One value in its unit: `250 ms`, `1.5 s`, `1.5 GiB`, `25 %`, `12.5/s`, `1.23M`; `—` when there is none. */
export function formatValue(value: number | null | undefined, unit: string | null): string {
  if (value === null || value === undefined) return '—';
  if (!Number.isFinite(value)) return nonFinite(value);
  const format = parseUnit(unit);
  // Rounded before the scale is chosen, so 999.8 ms reads `1 s`, not `1000 ms`.
  const base = Number((value * format.toBase).toPrecision(3));
  const scale = scaleFor(format, Math.abs(base));
  return join(format, significant(base / scale.factor), scale, base === 0);
}

/**
 * Axis ticks in one scale, chosen by the largest tick (`0 s`, `0.5 s`, `1 s`, not `0 ms`,
 * `500 ms`, `1 s`), each with the decimals it needs (uPlot's ticks are round numbers).
 */
export function formatTicks(ticks: readonly number[], unit: string | null): string[] {
  const format = parseUnit(unit);
  const bases = ticks.map((tick) => tick * format.toBase);
  const [first, second] = bases;
  const increment = first !== undefined && second !== undefined ? Math.abs(second - first) : undefined;
  const scale = scaleFor(format, Math.max(0, ...bases.map(Math.abs)), increment);
  const scaled = bases.map((base) => base / scale.factor);
  const decimals = Math.max(0, ...scaled.map(decimalsOf));
  return scaled.map((value) => {
    const rounded = Number(value.toFixed(decimals));
    return join(format, rounded.toLocaleString('en-US', { maximumFractionDigits: decimals }), scale, rounded === 0);
  });
}

/**
 * Spacings uPlot may choose between y ticks, in the values' own unit: round in the scale the
 * ticks will be written in (`0.25 GiB`, `15 s`, `6 h`), where its default decimal steps are
 * round only in bytes or seconds and come out as `1.396984 GiB` or `0.5556 h`.
 */
export function tickIncrements(unit: string | null): number[] {
  const format = parseUnit(unit);
  return format.increments.map((step) => step / format.toBase);
}

/** Decimals that write `value` exactly, up to 6 (axis ticks are round numbers). */
function decimalsOf(value: number): number {
  for (let decimals = 0; decimals < 6; decimals++) {
    if (Math.abs(Number(value.toFixed(decimals)) - value) <= 1e-9 * Math.max(1, Math.abs(value))) return decimals;
  }
  return 6;
}

/** The service page's and the Overview's own units (the API sends these signals in them). */
export const LATENCY_UNIT = 'ms';
export const THROUGHPUT_UNIT = '{req}/s';
export const ERROR_RATE_UNIT = '%';
