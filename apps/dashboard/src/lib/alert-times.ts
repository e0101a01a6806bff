import { formatSpan, formatTime } from './time-format';

/**
 * Times in the alerting pages, in the dashboard's one format (time-format): an instant with its
 * date (`2026-01-05 14:03`, seconds where a transition's exact second matters) and how long ago
 * or ahead it is (`5 min ago`, `in 2 h`), for states that change by the minute.
 */

export function formatInstant(when: string | number | null, seconds = false, none = '—'): string {
  if (when === null) return none;
  const ms = typeof when === 'number' ? when : Date.parse(when);
  return Number.isNaN(ms) ? String(when) : formatTime(ms, { date: true, seconds });
}

/** `just now`, `5 min ago`, `in 2 h` relative to `now`. */
export function formatRelative(when: string | number, now: number): string {
  const ms = typeof when === 'number' ? when : Date.parse(when);
  if (Number.isNaN(ms)) return String(when);
  const delta = ms - now;
  if (Math.abs(delta) < 1_000) return 'just now';
  const span = formatSpan(Math.abs(delta) < 60_000 ? Math.round(Math.abs(delta) / 1000) * 1000 : Math.round(Math.abs(delta) / 60_000) * 60_000);
  return delta < 0 ? `${span} ago` : `in ${span}`;
}
