'use client';

import { CHECK_KINDS, CHECK_STATUSES, checkDaysBatchResponseSchema, checkListResponseSchema, type CheckView } from '@vigil/contracts';
import Link from 'next/link';
import { useEffect, useMemo, useState } from 'react';
import { useApiResource } from '../../hooks/use-api-resource';
import { useDebouncedValue } from '../../hooks/use-debounced-value';
import { useLatestResults } from '../../hooks/use-latest-results';
import { useChecks } from '../../hooks/use-checks';
import { apiJson } from '../../lib/api-client';
import { barsStart, dayBars, daysByCheck, describeInterval, formatLatency, newestLatency, targetSummary } from '../../lib/check-display';
import { checkDaysPath, checksPath } from '../../lib/checks-api';
import { StateBadge } from '../alerts/common/badges';
import { ErrorBanner, Loading } from '../common/status';
import { TableCard } from '../common/table-card';
import { DayBars } from './day-bars';

/** States change at each result; the list is re-read as often as the Alerts pages. */
const REFRESH_MS = 10_000;
/** The bars only change by the day's counts: re-read less often. */
const BARS_REFRESH_MS = 60_000;
const PAGE_SIZE = 50;
/** Wait for a pause in typing before searching, so a word is one request, not one per letter. */
const SEARCH_DELAY_MS = 250;

interface Filters {
  q: string;
  status: string;
  kind: string;
}

/** Uptime checks: state, last latency and 90 daily bars for a page of checks, searched and filtered by the API. */
export function ChecksPage() {
  const { projectId, canConfigure, href } = useChecks();
  const [typed, setTyped] = useState('');
  const [choice, setChoice] = useState({ status: '', kind: '' });
  const [offset, setOffset] = useState(0);
  const q = useDebouncedValue(typed.trim(), SEARCH_DELAY_MS);
  const filters: Filters = { q, ...choice };
  // A new search starts at the first page.
  useEffect(() => setOffset(0), [q]);
  const query = { ...filters, offset, limit: PAGE_SIZE };
  const list = useApiResource(`checks:${projectId}:${JSON.stringify(query)}`, (signal) => apiJson(checksPath(projectId, query), checkListResponseSchema, { signal }), REFRESH_MS);
  const checks = list.data?.checks;
  const ids = useMemo(() => (checks ?? []).map((check) => check.id), [checks]);
  const bars = useDayBars(projectId, ids);
  const latest = useLatestResults(projectId, ids, REFRESH_MS);
  const total = list.data?.total ?? 0;
  const filtered = filters.q !== '' || filters.status !== '' || filters.kind !== '';
  const choose = (change: Partial<typeof choice>) => {
    setChoice((previous) => ({ ...previous, ...change }));
    setOffset(0);
  };

  return (
    <>
      <div className="page-title">
        <h1>Uptime checks</h1>
        {canConfigure ? (
          <Link className="button primary" href={href('new')} data-testid="new-check">
            New check
          </Link>
        ) : null}
      </div>
      <div className="controls check-filters" data-testid="check-filters">
        <label className="grow">
          Search
          <input type="search" data-testid="check-search" placeholder="Words in the name" value={typed} onChange={(event) => setTyped(event.target.value)} />
        </label>
        <label>
          State
          <select data-testid="check-status-filter" value={filters.status} onChange={(event) => choose({ status: event.target.value })}>
            <option value="">any</option>
            {CHECK_STATUSES.map((status) => (
              <option key={status}>{status}</option>
            ))}
          </select>
        </label>
        <label>
          Kind
          <select data-testid="check-kind-filter" value={filters.kind} onChange={(event) => choose({ kind: event.target.value })}>
            <option value="">any</option>
            {CHECK_KINDS.map((kind) => (
              <option key={kind}>{kind}</option>
            ))}
          </select>
        </label>
      </div>
      {list.error ? <ErrorBanner error={list.error} onRetry={list.reload} /> : null}
      {bars.error ? <ErrorBanner error={bars.error} onRetry={bars.reload} /> : null}
      {latest.error ? <ErrorBanner error={latest.error} onRetry={latest.reload} /> : null}
      {list.loading ? <Loading what="checks" testId="checks-loading" /> : null}
      {checks && checks.length === 0 ? (
        <section className="card empty" data-testid="checks-empty">
          {filtered ? (
            <p>No check matches these filters.</p>
          ) : (
            <>
              <p>No checks yet. A check probes an endpoint (HTTP, TCP, DNS) from every region, or waits for the pings of a job, and opens an incident when it goes down.</p>
              {canConfigure ? (
                <p>
                  <Link href={href('new')}>Add the first check</Link>.
                </p>
              ) : null}
            </>
          )}
        </section>
      ) : null}
      {checks && checks.length > 0 ? (
        <>
          <TableCard className="checks-table" testId="checks-table" columns={['Check', 'Kind', 'State', <span key="latency">Last latency</span>, 'Last 90 days']}>
            {checks.map((check) => (
              <CheckRow key={check.id} check={check} bars={bars.byCheck.get(check.id)} latencyMs={latest.loaded ? newestLatency(latest.byCheck.get(check.id) ?? []) : undefined} href={href(check.id)} />
            ))}
          </TableCard>
          <Pager offset={offset} count={checks.length} total={total} onChange={setOffset} />
        </>
      ) : null}
    </>
  );
}

/** `latencyMs` undefined while the newest results load; null when the last 25 h have none with a latency. */
function CheckRow({ check, bars, latencyMs, href }: { check: CheckView; bars: ReturnType<typeof dayBars> | undefined; latencyMs: number | null | undefined; href: string }) {
  return (
    <tr data-testid="check-row" data-check-id={check.id} data-state={check.state.status}>
      <th scope="row">
        <Link href={href} data-testid="check-link">
          {check.name}
        </Link>
        <code className="target" data-testid="check-target">
          {targetSummary(check)}
        </code>
      </th>
      <td className="nowrap">
        {check.kind} <span className="muted small">{describeInterval(check.intervalSeconds)}</span>
      </td>
      <td>
        <StateBadge state={check.state.status} testId="check-state" />
      </td>
      <td className="num" data-testid="check-latency">
        {latencyMs === undefined ? '…' : formatLatency(latencyMs)}
      </td>
      <td>{bars ? <DayBars bars={bars} /> : <span className="muted small">…</span>}</td>
    </tr>
  );
}

function Pager({ offset, count, total, onChange }: { offset: number; count: number; total: number; onChange(offset: number): void }) {
  if (total <= PAGE_SIZE && offset === 0) return null;
  return (
    <div className="pager" data-testid="checks-pager">
      <span className="muted small" data-testid="checks-range">
        {offset + 1}–{offset + count} of {total.toLocaleString('en-US')}
      </span>
      <button type="button" data-testid="checks-previous" disabled={offset === 0} onClick={() => onChange(Math.max(0, offset - PAGE_SIZE))}>
        Previous
      </button>
      <button type="button" data-testid="checks-next" disabled={offset + count >= total} onClick={() => onChange(offset + PAGE_SIZE)}>
        Next
      </button>
    </div>
  );
}

/** The page's checks' bars from the daily rollup: one request for the whole page. */
function useDayBars(projectId: string, ids: readonly string[]) {
  const key = ids.length === 0 ? null : `check-days:${projectId}:${ids.join(',')}`;
  const loaded = useApiResource(
    key,
    (signal) => {
      const now = Date.now();
      return apiJson(checkDaysPath(projectId, ids, barsStart(now), now), checkDaysBatchResponseSchema, { signal }).then(({ days }) => ({ days, now }));
    },
    BARS_REFRESH_MS,
  );
  const byCheck = useMemo(() => {
    const map = new Map<string, ReturnType<typeof dayBars>>();
    if (!loaded.data) return map;
    const grouped = daysByCheck(loaded.data.days);
    for (const id of ids) map.set(id, dayBars(grouped.get(id) ?? [], loaded.data.now));
    return map;
  }, [loaded.data, ids]);
  return { byCheck, error: loaded.error, reload: loaded.reload };
}
