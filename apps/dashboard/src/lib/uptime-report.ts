import { DEGRADED_RULES, MAINTENANCE_RULES, MAX_MIN_INCIDENT_SECONDS, type UptimeWindow } from '@vigil/contracts';
import { firstParam, type SearchRecord } from './search-params';

/**
 * The Reports section (docs/checks.md, Uptime and reports): which month, zone and counting rules
 * a report is for, kept in the address bar so a report is a link; the API paths that answer it;
 * and how its figures read.
 */
export interface ReportSelection {
  /** `YYYY-MM`. */
  month: string;
  timezone: string;
  maintenance: (typeof MAINTENANCE_RULES)[number];
  degraded: (typeof DEGRADED_RULES)[number];
  minIncidentSeconds: number;
}

/** The calendar month before `now` in UTC (`YYYY-MM`): the month a report is usually for. */
export function previousMonth(now: number): string {
  const date = new Date(now);
  const previous = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - 1, 1));
  return previous.toISOString().slice(0, 7);
}

const oneOf = <T extends string>(choices: readonly T[], value: string | undefined, fallback: T): T => (choices.includes(value as T) ? (value as T) : fallback);

/** The selection a link names, anything unreadable replaced by its default (the API would refuse it). */
export function reportSelectionFromSearch(search: SearchRecord, now: number, browserZone: string): ReportSelection {
  const month = firstParam(search, 'month');
  const minimum = Number(firstParam(search, 'minIncidentSeconds') ?? 0);
  return {
    month: month !== undefined && /^\d{4}-(0[1-9]|1[0-2])$/.test(month) ? month : previousMonth(now),
    timezone: firstParam(search, 'timezone') ?? browserZone,
    maintenance: oneOf(MAINTENANCE_RULES, firstParam(search, 'maintenance'), 'exclude'),
    degraded: oneOf(DEGRADED_RULES, firstParam(search, 'degraded'), 'up'),
    minIncidentSeconds: Number.isInteger(minimum) && minimum >= 0 && minimum <= MAX_MIN_INCIDENT_SECONDS ? minimum : 0,
  };
}

/** The selection as query parameters (the page's address and the API's query alike). */
export function selectionParams(selection: ReportSelection, projectId: string, extra: Record<string, string> = {}): URLSearchParams {
  return new URLSearchParams({
    project: projectId,
    month: selection.month,
    timezone: selection.timezone,
    maintenance: selection.maintenance,
    degraded: selection.degraded,
    minIncidentSeconds: String(selection.minIncidentSeconds),
    ...extra,
  });
}

export const projectReportPath = (projectId: string, selection: ReportSelection, format: 'json' | 'csv' = 'json') =>
  `/api/v1/reports/uptime?${selectionParams(selection, projectId, format === 'csv' ? { format } : {}).toString()}`;

export const checkReportPath = (projectId: string, checkId: string, selection: ReportSelection, format: 'json' | 'csv' = 'json') =>
  `/api/v1/reports/uptime/checks/${encodeURIComponent(checkId)}?${selectionParams(selection, projectId, format === 'csv' ? { format } : {}).toString()}`;

export const checkUptimePath = (projectId: string, checkId: string, window: UptimeWindow) =>
  `/api/v1/checks/${encodeURIComponent(checkId)}/uptime?${new URLSearchParams({ project: projectId, window }).toString()}`;

/** A page of the Reports section with the same selection (the drill-down keeps month, zone and rules). */
export function reportsHref(page: string, projectId: string, selection: ReportSelection): string {
  return `/reports${page ? `/${page}` : ''}?${selectionParams(selection, projectId).toString()}`;
}

/** `0 s`, `45 s`, `1 h 02 min 05 s`, `3 d 4 h 00 min 00 s`: exact to the second, as the report counts. */
export function formatSeconds(seconds: number | null): string {
  if (seconds === null) return '—';
  const total = Math.round(seconds);
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3_600);
  const minutes = Math.floor((total % 3_600) / 60);
  const rest = total % 60;
  const pad = (value: number) => String(value).padStart(2, '0');
  if (days > 0) return `${days} d ${hours} h ${pad(minutes)} min ${pad(rest)} s`;
  if (hours > 0) return `${hours} h ${pad(minutes)} min ${pad(rest)} s`;
  if (minutes > 0) return `${minutes} min ${pad(rest)} s`;
  return `${rest} s`;
}

export function formatLatency(ms: number | null): string {
  return ms === null ? '—' : `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
}

/** An instant on the report's wall clock, with the zone's abbreviation (a DST month shows both offsets). */
export function formatInZone(iso: string | null, timeZone: string): string {
  if (iso === null) return 'ongoing';
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZoneName: 'short' }).formatToParts(new Date(iso));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((one) => one.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}:${part('second')} ${part('timeZoneName')}`;
}

/** `October 2026` for `2026-10`. */
export function monthTitle(month: string): string {
  const [year, number] = month.split('-').map(Number);
  return new Date(Date.UTC(year ?? 1970, (number ?? 1) - 1, 1)).toLocaleString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
}
