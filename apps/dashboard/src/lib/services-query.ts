import { type ResolvedRange, stepFor } from './time-range';

/** Sparklines need far fewer points than a full chart. */
const SPARKLINE_POINTS = 60;
const DETAIL_POINTS = 240;

export function servicesPath(projectId: string, range: ResolvedRange): string {
  const step = stepFor(range.to - range.from, SPARKLINE_POINTS);
  return `/api/v1/services?${new URLSearchParams({ project: projectId, from: String(range.from), to: String(range.to), step: String(step) }).toString()}`;
}

export function serviceSignalsPath(projectId: string, service: string, range: ResolvedRange): string {
  const step = stepFor(range.to - range.from, DETAIL_POINTS);
  const search = new URLSearchParams({ project: projectId, from: String(range.from), to: String(range.to), step: String(step) });
  return `/api/v1/services/${encodeURIComponent(service)}/signals?${search.toString()}`;
}

/** The service page's address; the range travels along so the detail shows the same window. */
export function serviceHref(service: string, search: URLSearchParams): string {
  const query = search.toString();
  return `/services/${encodeURIComponent(service)}${query ? `?${query}` : ''}`;
}
