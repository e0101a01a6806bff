/**
 * Durations as people type them in alerting forms — `30s`, `5m`, `1h30m`, `2d`, a bare number
 * of seconds — and back. The compact form is Prometheus' (`for: 5m`), which on-call engineers
 * already write; tables and summaries use time-format's `formatSpan` (`5 min`) instead.
 */

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3_600, d: 86_400, w: 604_800 };
const PART = /(\d+)\s*([smhdw])/gy;

/** Seconds in `text`, or undefined when it is not a duration (empty included). */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === '') return undefined;
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  let total = 0;
  let position = 0;
  PART.lastIndex = 0;
  for (let match = PART.exec(trimmed); match; match = PART.exec(trimmed)) {
    total += Number(match[1]) * (UNITS[match[2] as string] ?? 0);
    position = PART.lastIndex;
    // Allow `1h 30m` as well as `1h30m`.
    while (trimmed[position] === ' ') position++;
    PART.lastIndex = position;
  }
  return position === trimmed.length ? total : undefined;
}

/** `0s`, `45s`, `5m`, `1h30m`, `1d`, `1w`: whole units, largest first. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds <= 0) return '0s';
  let rest = Math.round(seconds);
  let text = '';
  for (const [symbol, size] of Object.entries(UNITS).sort(([, a], [, b]) => b - a)) {
    const count = Math.floor(rest / size);
    if (count > 0) {
      text += `${count}${symbol}`;
      rest -= count * size;
    }
  }
  return text;
}

export type ParsedField<T> = { ok: true; value: T } | { ok: false; message: string };

/** A required duration field: its seconds, or a message that says how to write one. */
export function durationField(text: string): ParsedField<number> {
  const seconds = parseDuration(text);
  return seconds === undefined ? { ok: false, message: 'Write a duration such as 30s, 5m, 1h30m or 1d.' } : { ok: true, value: seconds };
}

/** An optional number field (a threshold): undefined when empty, else the number or a message. */
export function optionalNumberField(text: string): ParsedField<number | undefined> {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, value: undefined };
  const value = Number(trimmed);
  return Number.isFinite(value) ? { ok: true, value } : { ok: false, message: 'Enter a number (or leave it empty).' };
}
