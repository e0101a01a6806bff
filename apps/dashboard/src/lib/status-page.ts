import type { PublicComponentStatus, PublicPageStatus, PublicStatusDay, StatusNoteSeverity } from '@vigil/contracts';
import { formatUptime } from './uptime-format';

/** `/api/v1/status-pages?project=…` (and `/…/<id>` …): the team's configuration of its pages. */
export function statusPagesPath(projectId: string, ...rest: string[]): string {
  const tail = rest.map((part) => `/${encodeURIComponent(part)}`).join('');
  return `/api/v1/status-pages${tail}?${new URLSearchParams({ project: projectId }).toString()}`;
}

/** What anyone reads, no session: the API answer and the page. */
export const publicStatusApiPath = (slug: string): string => `/api/v1/public/status-pages/${encodeURIComponent(slug)}`;
export const publicStatusPagePath = (slug: string): string => `/status/${encodeURIComponent(slug)}`;

export type BarTone = 'none' | 'up' | 'minor' | 'partial' | 'major';

/**
 * A day bar's colour: grey without results, green when nothing was down or degraded, then yellow
 * (≥ 99 % up, or only degraded), orange (≥ 95 %) and red below — the bands public status pages
 * commonly use, so a few minutes down show and an hour down stands out.
 */
export function barTone(day: PublicStatusDay): BarTone {
  if (day.uptime === null) return 'none';
  if (day.uptime >= 100) return (day.degraded ?? 0) > 0 ? 'minor' : 'up';
  if (day.uptime >= 99) return 'minor';
  return day.uptime >= 95 ? 'partial' : 'major';
}

/** A status page's uptime: `99.95 %`, `100 %`, at most three decimals, cut so a bad day never reads 100 %. */
export const statusPageUptime = (uptime: number | null): string => formatUptime(uptime, { decimals: 3, trimZeros: true, empty: 'no data' });

/** The tooltip of a bar: the day and what happened on it. */
export function barLabel(day: PublicStatusDay): string {
  if (day.uptime === null) return `${day.date}: no data`;
  const degraded = day.degraded !== null && day.degraded > 0 ? `, ${statusPageUptime(day.degraded)} degraded` : '';
  return `${day.date}: ${statusPageUptime(day.uptime)} up${degraded}`;
}

export const PAGE_STATUS_TEXT: Record<PublicPageStatus, string> = {
  operational: 'All systems operational',
  degraded: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
  unknown: 'Status unknown',
};

export const COMPONENT_STATUS_TEXT: Record<PublicComponentStatus, string> = { up: 'Operational', degraded: 'Degraded', down: 'Down', unknown: 'Unknown' };

export const NOTE_SEVERITY_TEXT: Record<StatusNoteSeverity, string> = { info: 'Information', maintenance: 'Maintenance', minor: 'Minor issue', major: 'Major issue' };

/** Components under their group headings, in the page's order (a group shows where its first component is). */
export function groupComponents<T extends { group: string }>(components: readonly T[]): { group: string; components: T[] }[] {
  const groups: { group: string; components: T[] }[] = [];
  for (const component of components) {
    const existing = groups.find((one) => one.group === component.group);
    if (existing) existing.components.push(component);
    else groups.push({ group: component.group, components: [component] });
  }
  return groups;
}

/** The list with the item at `index` moved one place up (-1) or down (+1); unchanged at either end. */
export function moveItem<T>(items: readonly T[], index: number, by: -1 | 1): T[] {
  const target = index + by;
  if (index < 0 || index >= items.length || target < 0 || target >= items.length) return [...items];
  const moved = [...items];
  [moved[index], moved[target]] = [moved[target] as T, moved[index] as T];
  return moved;
}

/** A suggested slug from a title: `Acme Cloud!` → `acme-cloud`. */
export function slugFrom(title: string): string {
  return title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
}
