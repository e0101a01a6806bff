/** The time ranges the metrics page offers, newest data at the right edge. */
export const RANGE_PRESETS = [
  { id: '15m', label: '15 min', ms: 15 * 60_000 },
  { id: '1h', label: '1 hour', ms: 60 * 60_000 },
  { id: '6h', label: '6 hours', ms: 6 * 60 * 60_000 },
  { id: '24h', label: '24 hours', ms: 24 * 60 * 60_000 },
] as const;

export type RangePresetId = (typeof RANGE_PRESETS)[number]['id'];
export const DEFAULT_RANGE: RangePresetId = '1h';

export function rangePreset(id: string | undefined): (typeof RANGE_PRESETS)[number] {
  return RANGE_PRESETS.find((preset) => preset.id === id) ?? RANGE_PRESETS[1];
}

/** About this many points per series fit a chart's width; the API averages per bucket. */
const TARGET_POINTS = 600;

/** Bucket width for a range: whole seconds, at least 1 s (the API's minimum). */
export function stepFor(rangeMs: number): number {
  return Math.max(1000, Math.ceil(rangeMs / TARGET_POINTS / 1000) * 1000);
}

export interface MetricQueryParams {
  projectId: string;
  name: string;
  from: number;
  to: number;
  step?: number;
  /** `label="value"` or `label!="value"`, already checked with `parseLabelMatcher`. */
  match?: string;
}

export function metricQueryPath(params: MetricQueryParams): string {
  const search = new URLSearchParams({ project: params.projectId, name: params.name, from: String(params.from), to: String(params.to) });
  if (params.step !== undefined) search.set('step', String(params.step));
  if (params.match) search.set('match', params.match);
  return `/api/v1/metrics/query?${search.toString()}`;
}

export function metricNamesPath(projectId: string): string {
  return `/api/v1/metrics/names?${new URLSearchParams({ project: projectId }).toString()}`;
}

/** The metrics page's selection as the address bar carries it (`?project=&metric=&range=&match=`). */
export function selectionFromSearch(search: Record<string, string | string[] | undefined>): {
  project?: string;
  metric?: string;
  range: RangePresetId;
  match: string;
} {
  const one = (key: string) => {
    const value = search[key];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  return { project: one('project'), metric: one('metric'), range: rangePreset(one('range') ?? DEFAULT_RANGE).id, match: one('match') ?? '' };
}
