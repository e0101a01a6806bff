'use client';

import { defaultLogHistogramStep, type LogRecordView, logsHistogramResponseSchema } from '@vigil/contracts';
import { useMemo, useState } from 'react';
import { useApiResource } from '../../hooks/use-api-resource';
import { useLogSearch } from '../../hooks/use-log-search';
import { useLogTail } from '../../hooks/use-log-tail';
import { useSession } from '../../hooks/use-session';
import { useUrlSync } from '../../hooks/use-url-sync';
import { apiJson } from '../../lib/api-client';
import { prependNewest } from '../../lib/log-records';
import { type LogFilters, type LogsExplorerState, logsHistogramPath, logsStateToSearch, logsTailPath } from '../../lib/logs-query';
import { resolveRange, zoomRange } from '../../lib/time-range';
import { RangePicker } from '../common/range-picker';
import { ErrorBanner, Loading } from '../common/status';
import { LiveTailToggle } from './live-tail-toggle';
import { LogRecordList } from './log-record-list';
import { LogsFilterBar } from './logs-filter-bar';
import { LogsHistogram } from './logs-histogram';
import { NoLogsYet } from './no-logs';

/** Live records kept on screen; older ones fall off the bottom of the live block. */
const LIVE_CAP = 500;

export function LogsExplorer({ initial }: { initial: LogsExplorerState }) {
  const { projectId } = useSession();
  const [state, setState] = useState(initial);
  const update = (change: Partial<LogsExplorerState>) => setState((previous) => ({ ...previous, ...change }));
  useUrlSync(logsStateToSearch(state, projectId));

  // A relative range is pinned when it is chosen (and on Refresh), so the histogram, the list
  // and its further pages all read the same window.
  const [refreshes, setRefreshes] = useState(0);
  const range = useMemo(() => resolveRange(state.range, Date.now()), [state.range, refreshes]);
  const filters: LogFilters = useMemo(
    () => ({ q: state.q, services: state.services, severities: state.severities, attrs: state.attrs, traceId: state.traceId }),
    [state.q, state.services, state.severities, state.attrs, state.traceId],
  );
  const key = JSON.stringify([projectId, filters, range.from, range.to]);
  const step = defaultLogHistogramStep(range.from, range.to);

  const histogram = useApiResource(`histogram:${key}`, (signal) => apiJson(logsHistogramPath(projectId, filters, range, step), logsHistogramResponseSchema, { signal }));
  const search = useLogSearch(projectId, filters, range, key);

  // Tailed records stay on screen after live tail stops, until the filters change or it restarts.
  const tailPath = logsTailPath(projectId, filters);
  const [liveRecords, setLiveRecords] = useState<{ path: string; records: LogRecordView[] }>({ path: tailPath, records: [] });
  const tailStatus = useLogTail(state.live ? tailPath : null, (arrived) =>
    setLiveRecords((current) => ({ path: tailPath, records: prependNewest(current.path === tailPath ? current.records : [], arrived, LIVE_CAP) })),
  );
  const live = liveRecords.path === tailPath ? liveRecords.records : [];
  const toggleLive = () => {
    if (!state.live) setLiveRecords({ path: tailPath, records: [] });
    update({ live: !state.live });
  };

  const narrow = (from: number, to: number) => update({ range: zoomRange(from, to) });
  const addAttr = (attr: string) => update({ attrs: state.attrs.includes(attr) ? state.attrs : [...state.attrs, attr] });
  const nothing = !search.loading && !search.error && search.records.length === 0 && live.length === 0;

  return (
    <main className="page">
      <div className="page-title">
        <h1>Logs</h1>
        <RangePicker range={state.range} onChange={(next) => update({ range: next })} custom />
        <button type="button" onClick={() => setRefreshes((count) => count + 1)} data-testid="logs-refresh">
          Refresh
        </button>
        <LiveTailToggle on={state.live} status={tailStatus} onToggle={toggleLive} count={live.length} />
      </div>
      <LogsFilterBar projectId={projectId} filters={filters} range={range} onChange={update} />
      {/* A bad filter (say, a `q` with nothing to search for) fails the histogram and the list
          alike; the list's banner says it once. */}
      {histogram.error && !search.error ? <ErrorBanner error={histogram.error} onRetry={histogram.reload} /> : null}
      {histogram.data ? (
        <section className="card chart-card">
          <LogsHistogram buckets={histogram.data.buckets} step={histogram.data.step} range={range} onRange={narrow} />
        </section>
      ) : null}
      {search.error ? <ErrorBanner error={search.error} onRetry={search.reload} /> : null}
      {search.loading ? <Loading what="log records" /> : null}
      {nothing ? <NoLogsYet filtered={Boolean(filters.q || filters.services.length || filters.severities.length || filters.attrs.length || filters.traceId)} /> : null}
      {search.records.length > 0 || live.length > 0 ? <LogRecordList live={live} records={search.records} onFilter={addAttr} onTrace={(traceId) => update({ traceId })} /> : null}
      {search.loadMore || search.loadingMore ? (
        <button type="button" className="load-more" data-testid="load-more" disabled={search.loadingMore} onClick={search.loadMore}>
          {search.loadingMore ? 'Loading…' : 'Load more'}
        </button>
      ) : null}
    </main>
  );
}
