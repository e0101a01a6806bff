import type { AlertEvidence } from '@vigil/contracts';

/**
 * Evidence as people read it, the same words in every channel kind: the value, the threshold
 * it was compared with, the window, and the first matching log lines. Pure.
 */

export interface EvidenceLine {
  /** ISO 8601. */
  readonly time: string;
  readonly service: string;
  readonly severity: string;
  readonly body: string;
}

export interface EvidenceFacts {
  /** `0.932`, or `no data`. */
  readonly value: string;
  /** `> 0.9`, or null when the rule has none for this transition. */
  readonly threshold: string | null;
  /** `42 / 1000` for ratios, else null. */
  readonly ratio: string | null;
  /** `5m ending 2024-05-01 10:05:00 UTC`. */
  readonly window: string;
  readonly from: string;
  readonly to: string;
  /** One line: `value 0.932 (threshold > 0.9) over 5m ending 2024-05-01 10:05:00 UTC`. */
  readonly text: string;
  /** The first matching log lines (log rules), bounded. */
  readonly lines: readonly EvidenceLine[];
  /** Lines left out by the bound. */
  readonly moreLines: number;
  /** SLO rules: the budget left, the burn rate and when the budget runs out at it; null otherwise. */
  readonly slo: SloFacts | null;
}

export interface SloFacts {
  /** `62.3 %` (negative once exhausted). */
  readonly budgetLeft: string;
  /** `15.2×`, or `no data`. */
  readonly burnRate: string;
  /** `1h`: the window the burn rate is measured over. */
  readonly burnRateWindow: string;
  /** Burn-rate rules: the short window's rate and window; empty otherwise. */
  readonly shortBurnRate: string;
  readonly shortWindow: string;
  /** `in 1d3h (2024-05-03 14:00:00 UTC)`, `not at this rate`, or `already exhausted`. */
  readonly runsOut: string;
  /** ISO 8601 of when it runs out, empty when it does not. */
  readonly exhaustsAt: string;
}

export interface EvidenceLimits {
  /** Default 10. */
  readonly maxLines?: number;
  /** Characters of each line's body; default 500. */
  readonly maxLineChars?: number;
}

/** Six significant digits, no exponent for everyday magnitudes, integers as they are. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-4 && magnitude < 1e15) return String(Number(value.toPrecision(6)));
  return value.toPrecision(4);
}

/** `45s`, `5m`, `1h30m`, `2d`: the largest two units that are not zero. */
export function formatDuration(ms: number): string {
  const units: [string, number][] = [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1_000],
  ];
  if (ms < 1_000) return `${Math.max(0, Math.round(ms))}ms`;
  const parts: string[] = [];
  let rest = Math.round(ms / 1_000) * 1_000;
  for (const [unit, size] of units) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0) parts.push(`${count}${unit}`);
    else if (parts.length > 0) break;
    if (parts.length === 2) break;
  }
  return parts.join('');
}

/** `2024-05-01 10:05:00 UTC`: what a person reads; machines get ISO 8601 fields. */
export function formatInstant(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export function truncateText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  // Never split a surrogate pair: a lone half is invalid in JSON consumers that check.
  let end = Math.max(0, maxChars - 1);
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

const percent = (value: number | null): string => (value === null ? 'unknown' : `${formatNumber(Number(value.toFixed(2)))} %`);
const times = (value: number | null): string => (value === null ? 'no data' : `${formatNumber(Number(value.toPrecision(3)))}×`);

/** What every SLO notification says: the budget left, the burn rate, when the budget runs out at it. */
function describeSlo(slo: NonNullable<AlertEvidence['slo']>, to: number): { facts: SloFacts; text: string } {
  const left = slo.budgetRemainingPercent;
  const runsOut =
    left !== null && left <= 0
      ? 'already exhausted'
      : slo.exhaustsAt === null
        ? 'not at this rate'
        : `in ${formatDuration(slo.exhaustsAt - to)} (${formatInstant(slo.exhaustsAt)})`;
  const facts: SloFacts = {
    budgetLeft: percent(left),
    burnRate: times(slo.burnRate),
    burnRateWindow: formatDuration(slo.burnRateWindowSeconds * 1000),
    shortBurnRate: slo.shortBurnRate === undefined ? '' : times(slo.shortBurnRate),
    shortWindow: slo.shortWindowSeconds === undefined ? '' : formatDuration(slo.shortWindowSeconds * 1000),
    runsOut,
    exhaustsAt: slo.exhaustsAt === null ? '' : new Date(slo.exhaustsAt).toISOString(),
  };
  const short = facts.shortWindow === '' ? '' : ` and ${facts.shortBurnRate} over ${facts.shortWindow}`;
  const floor = slo.validEvents < slo.minEvents ? ` (only ${formatNumber(slo.validEvents)} events, fewer than the ${formatNumber(slo.minEvents)} an alert needs)` : '';
  const text = `${slo.name}: ${facts.budgetLeft} of the error budget left; burn rate ${facts.burnRate} over ${facts.burnRateWindow}${short}${floor}; at this rate the budget runs out ${runsOut === 'already exhausted' ? '— it is already exhausted' : runsOut === 'not at this rate' ? 'never' : runsOut}`;
  return { facts, text };
}

export function describeEvidence(evidence: AlertEvidence, limits: EvidenceLimits = {}): EvidenceFacts {
  const maxLines = limits.maxLines ?? 10;
  const maxLineChars = limits.maxLineChars ?? 500;
  const value = evidence.value === null ? 'no data' : formatNumber(evidence.value);
  const threshold = evidence.threshold === null ? null : `${evidence.comparator} ${formatNumber(evidence.threshold)}`;
  const ratio = evidence.numerator !== undefined && evidence.denominator !== undefined ? `${formatNumber(evidence.numerator)} / ${formatNumber(evidence.denominator)}` : null;
  const window = `${formatDuration(evidence.to - evidence.from)} ending ${formatInstant(evidence.to)}`;
  const allLines = evidence.lines ?? [];
  const lines = allLines.slice(0, maxLines).map((line) => ({
    time: new Date(line.timestamp).toISOString(),
    service: line.service,
    severity: line.severity,
    body: truncateText(line.body.replace(/\r?\n/g, ' ⏎ '), maxLineChars),
  }));
  const valueText = evidence.value === null ? 'no data' : `value ${value}${ratio === null ? '' : ` = ${ratio}`}`;
  const slo = evidence.slo ? describeSlo(evidence.slo, evidence.to) : null;
  const text = `${valueText}${threshold === null ? '' : ` (threshold ${threshold})`} over ${window}${slo ? `. ${slo.text}` : ''}`;
  return {
    value,
    threshold,
    ratio,
    window,
    from: new Date(evidence.from).toISOString(),
    to: new Date(evidence.to).toISOString(),
    text,
    lines,
    moreLines: allLines.length - lines.length,
    slo: slo?.facts ?? null,
  };
}
