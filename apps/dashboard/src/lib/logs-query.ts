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

/** What the attribute box should suggest for what was typed: keys, one key's values, or nothing. */
export type AttributeSuggestionRequest = { kind: 'keys'; prefix: string } | { kind: 'values'; key: string; op: '=' | '!='; prefix: string };

/**
 * Before an operator: attribute keys starting with the text; after `key=` or `key!=`: that key's
 * values. Resource attributes (`resource.…`) have no discovery endpoint, so nothing is suggested.
 */
export function attributeSuggestionRequest(text: string): AttributeSuggestionRequest | undefined {
  if (text.startsWith('resource.')) return undefined;
  const filter = parseLogAttributeFilter(text);
  if (filter === undefined) return text.includes('=') ? undefined : { kind: 'keys', prefix: text.trim() };
  return { kind: 'values', key: filter.key, op: filter.op, prefix: filter.value };
}

/** The suggestions as the box shows them: `key=` for keys (a value still to come), whole filters for values. */
export function attributeSuggestionTexts(request: AttributeSuggestionRequest, found: readonly string[]): string[] {
  return request.kind === 'keys' ? found.map((key) => `${key}=`) : found.map((value) => `${request.key}${request.op}${value}`);
}

/** A filter still waiting for its value (`key=` or `key!=`): picked from the suggestions, not yet a chip. */
export function isAttributeFilterIncomplete(text: string): boolean {
  const equals = text.indexOf('=');
  return equals > 0 && equals === text.length - 1;
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
