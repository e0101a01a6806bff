/** Latency in milliseconds: `0.42 ms`, `12.3 ms`, `250 ms`, `1.25 s`. */
export function formatLatency(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms >= 1000) return `${trim(ms / 1000, 2)} s`;
  return `${trim(ms, ms < 10 ? 2 : ms < 100 ? 1 : 0)} ms`;
}

/** Requests per second: `0.05 req/s`, `3.2 req/s`, `1,250 req/s`. */
export function formatThroughput(perSecond: number | null | undefined): string {
  if (perSecond === null || perSecond === undefined || !Number.isFinite(perSecond)) return '—';
  return `${trim(perSecond, perSecond < 1 ? 3 : perSecond < 100 ? 1 : 0)} req/s`;
}

/** Percent of requests: `0 %`, `0.25 %`, `12.5 %`. */
export function formatPercent(percent: number | null | undefined): string {
  if (percent === null || percent === undefined || !Number.isFinite(percent)) return '—';
  return `${trim(percent, percent < 1 ? 2 : 1)} %`;
}

/** A plain value for chart axes and legends: up to 4 significant digits, thousands separated. */
export function formatValue(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (value !== 0 && Math.abs(value) < 0.001) return value.toExponential(2);
  return Number(value.toPrecision(4)).toLocaleString('en-US', { maximumFractionDigits: 6 });
}

function trim(value: number, digits: number): string {
  return Number(value.toFixed(digits)).toLocaleString('en-US', { maximumFractionDigits: digits });
}
