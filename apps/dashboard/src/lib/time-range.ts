import { MAX_QUERY_RANGE_MS } from '@vigil/contracts';
import { firstParam, type SearchRecord } from './search-params';
import { formatTimeRange } from './time-format';

/** The relative ranges every page offers, newest data at the right edge. */
export const RANGE_PRESETS = [
  { id: '15m', label: 'last 15 minutes', ms: 15 * 60_000 },
  { id: '1h', label: 'last hour', ms: 60 * 60_000 },
  { id: '6h', label: 'last 6 hours', ms: 6 * 60 * 60_000 },
  { id: '24h', label: 'last 24 hours', ms: 24 * 60 * 60_000 },
  { id: '7d', label: 'last 7 days', ms: 7 * 24 * 60 * 60_000 },
] as const;

export type RangePresetId = (typeof RANGE_PRESETS)[number]['id'];
export const DEFAULT_RANGE: RangePresetId = '1h';

/** A preset moves with the clock (refreshed pages show the latest data); an absolute range does not. */
export type TimeRange = { kind: 'preset'; preset: RangePresetId } | { kind: 'absolute'; from: number; to: number };

export interface ResolvedRange {
  from: number;
  to: number;
}

export function presetRange(id: RangePresetId): TimeRange {
  return { kind: 'preset', preset: id };
}

export function findPreset(id: string | undefined): (typeof RANGE_PRESETS)[number] | undefined {
  return RANGE_PRESETS.find((preset) => preset.id === id);
}

/** `?from=&to=` (epoch ms) wins over `?range=`; anything unreadable falls back to the default preset. */
export function rangeFromSearch(search: SearchRecord, fallback: RangePresetId = DEFAULT_RANGE): TimeRange {
  const from = Number(firstParam(search, 'from'));
  const to = Number(firstParam(search, 'to'));
  if (Number.isInteger(from) && Number.isInteger(to) && from >= 0 && to > from) return { kind: 'absolute', from, to };
  return presetRange(findPreset(firstParam(search, 'range'))?.id ?? fallback);
}

/** Writes a range into the query string; the default preset is left out to keep links short. */
export function writeRange(params: URLSearchParams, range: TimeRange): void {
  if (range.kind === 'absolute') {
    params.set('from', String(range.from));
    params.set('to', String(range.to));
  } else if (range.preset !== DEFAULT_RANGE) {
    params.set('range', range.preset);
  }
}

export function resolveRange(range: TimeRange, now: number): ResolvedRange {
  if (range.kind === 'absolute') return { from: range.from, to: range.to };
  const preset = findPreset(range.preset) ?? RANGE_PRESETS[1];
  return { from: now - preset.ms, to: now };
}

/** A stable string for a range, to key data loads by. */
export function rangeKey(range: TimeRange): string {
  return range.kind === 'absolute' ? `${range.from}-${range.to}` : range.preset;
}

/** Narrows to a dragged or clicked span, at least a second wide (the API's smallest step). */
export function zoomRange(from: number, to: number): TimeRange {
  const start = Math.floor(Math.min(from, to));
  const end = Math.ceil(Math.max(from, to));
  return { kind: 'absolute', from: start, to: Math.max(end, start + 1000) };
}

/** The same width again on both sides, centred, not past `now`. */
export function zoomOut(range: ResolvedRange, now: number): TimeRange {
  const width = range.to - range.from;
  const to = Math.min(now, range.to + width);
  const from = Math.max(0, to - Math.min(MAX_QUERY_RANGE_MS, width * 3));
  return { kind: 'absolute', from, to };
}

/** `last hour`, or `2026-01-05 14:03:07 – 14:15:42` for an absolute range (see time-format). */
export function describeRange(range: TimeRange): string {
  if (range.kind === 'preset') return findPreset(range.preset)?.label ?? range.preset;
  return formatTimeRange(range.from, range.to);
}

/** Chart and query resolution: about `points` buckets over the range, whole seconds, at least 1 s. */
export function stepFor(rangeMs: number, points = 240): number {
  return Math.max(1000, Math.ceil(rangeMs / points / 1000) * 1000);
}

/**
 * `<input type="datetime-local">` value in the browser's time zone, and back: the input's own
 * machine format (`2026-01-05T14:03`), not a display (the browser shows it in its locale).
 */
export function toLocalInput(ms: number): string {
  const date = new Date(ms);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function fromLocalInput(value: string): number | undefined {
  const ms = new Date(value).getTime();
  return value && Number.isFinite(ms) ? ms : undefined;
}
