export interface UptimeFormat {
  /** Digits after the point (4 by default, as the monthly reports count). */
  decimals?: number;
  /** `99.9 %` rather than `99.900 %`, `100 %` rather than `100.000 %`. */
  trimZeros?: boolean;
  /** What an unmeasured period reads (`—` by default). */
  empty?: string;
}

/**
 * Uptime as every page writes it: `99.9712 %` from a percentage, cut rather than rounded so that
 * downtime never reads as 100 % (99.99996 is `99.9999 %`, not `100.0000 %`).
 */
export function formatUptime(percent: number | null, { decimals = 4, trimZeros = false, empty = '—' }: UptimeFormat = {}): string {
  if (percent === null) return empty;
  const scale = 10 ** decimals;
  // The nudge absorbs binary fractions (57 % from 0.57 × 100 is 56.99999999999999), far below the last digit.
  const text = (Math.floor(percent * scale + 1e-6) / scale).toFixed(decimals);
  return `${trimZeros && text.includes('.') ? text.replace(/\.?0+$/, '') : text} %`;
}
