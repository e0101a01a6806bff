import { LOG_SEVERITY_LEVELS, type LogSeverityLevel, parseLogAttributeFilter } from '@vigil/contracts';
import { allParams, appendAll, firstParam, type SearchRecord } from './search-params';
import { type ResolvedRange, rangeFromSearch, type TimeRange, writeRange } from './time-range';

/** The filters search, histogram and tail share. */
export interface LogFilters {
  q: string;
  services: string[];
  severities: LogSeverityLevel[];
  /** `key=value`, `key!=value`, `resource.key=value`. */
  attrs: string[];
  traceId: string | undefined;
}

export interface LogsExplorerState extends LogFilters {
  range: TimeRange;
  live: boolean;
}

/** `key=value` or `key!=value` with a non-empty key, read as the API reads `attr`. */
export function isAttributeFilter(text: string): boolean {
  return parseLogAttributeFilter(text) !== undefined;
}

export function logsStateFromSearch(search: SearchRecord): LogsExplorerState {
  return {
    q: firstParam(search, 'q') ?? '',
    services: allParams(search, 'service'),
    severities: allParams(search, 'severity').filter((one): one is LogSeverityLevel => (LOG_SEVERITY_LEVELS as readonly string[]).includes(one)),
    attrs: allParams(search, 'attr').filter(isAttributeFilter),
    traceId: firstParam(search, 'trace_id'),
    range: rangeFromSearch(search),
    live: firstParam(search, 'live') === '1',
  };
}

export function logsStateToSearch(state: LogsExplorerState, projectId: string | undefined): URLSearchParams {
  const params = filterParams(projectId, state);
  writeRange(params, state.range);
  if (state.live) params.set('live', '1');
  return params;
}

function filterParams(projectId: string | undefined, filters: LogFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (projectId) params.set('project', projectId);
  if (filters.q.trim()) params.set('q', filters.q.trim());
  appendAll(params, 'service', filters.services);
  appendAll(params, 'severity', filters.severities);
  appendAll(params, 'attr', filters.attrs);
  if (filters.traceId) params.set('trace_id', filters.traceId);
  return params;
}

function withRange(params: URLSearchParams, range: ResolvedRange): URLSearchParams {
  params.set('from', String(range.from));
  params.set('to', String(range.to));
  return params;
}

export function logsSearchPath(projectId: string, filters: LogFilters, range: ResolvedRange, cursor?: string, limit = 100): string {
  const params = withRange(filterParams(projectId, filters), range);
  params.set('limit', String(limit));
  if (cursor) params.set('cursor', cursor);
  return `/api/v1/logs?${params.toString()}`;
}

export function logsHistogramPath(projectId: string, filters: LogFilters, range: ResolvedRange, step: number): string {
  const params = withRange(filterParams(projectId, filters), range);
  params.set('step', String(step));
  return `/api/v1/logs/histogram?${params.toString()}`;
}

export function logsTailPath(projectId: string, filters: LogFilters): string {
  return `/api/v1/logs/tail?${filterParams(projectId, filters).toString()}`;
}
