'use client';

import { type CheckView, checkDaysResponseSchema, checkSchema } from '@vigil/contracts';
import Link from 'next/link';
import { useMemo } from 'react';
import { useApiResource } from '../../hooks/use-api-resource';
import { useChecks } from '../../hooks/use-checks';
import { useLatestResults } from '../../hooks/use-latest-results';
import { formatInstant, formatRelative } from '../../lib/alert-times';
import { apiJson } from '../../lib/api-client';
import { barsStart, dayBars, describeInterval, formatLatency, targetSummary } from '../../lib/check-display';
import { checkPath } from '../../lib/checks-api';
import { formatSpan } from '../../lib/time-format';
import { LabelChips, StateBadge } from '../alerts/common/badges';
import { ErrorBanner, Loading } from '../common/status';
import { CheckUptimeSummary } from '../reports/check-uptime-summary';
import { TableCard } from '../common/table-card';
import { CheckActions } from './check-actions';
import { CheckIncidents } from './check-incidents';
import { LatencyChart } from './latency-chart';
import { PushUrl } from './push-url';
import { DayBars } from './day-bars';

const REFRESH_MS = 5_000;

/** A check's page: its state, response times per region, each region's last word, its 90 days and its incidents. */
export function CheckDetailPage({ checkId }: { checkId: string }) {
  const { projectId, href } = useChecks();
  const loaded = useApiResource(`check:${projectId}:${checkId}`, (signal) => apiJson(checkPath(projectId, checkId), checkSchema, { signal }), REFRESH_MS);
  const check = loaded.data;
  if (!check) {
    return (
      <>
        {loaded.error ? <ErrorBanner error={loaded.error} onRetry={loaded.reload} /> : null}
        {loaded.error?.status === 404 ? (
          <p className="card" data-testid="check-not-found">
            There is no such check in this project; it may have been deleted. <Link href={href('')}>All checks</Link>
          </p>
        ) : null}
        {loaded.loading ? <Loading what="the check" testId="check-loading" /> : null}
      </>
    );
  }
  return (
    <>
      <div className="page-title">
        <h1 data-testid="check-title">{check.name}</h1>
        <StateBadge state={check.state.status} testId="check-state" />
        <CheckActions check={check} onChanged={loaded.reload} />
      </div>
      {loaded.error ? <ErrorBanner error={loaded.error} onRetry={loaded.reload} /> : null}
      <Summary check={check} />
      <CheckUptimeSummary projectId={projectId} checkId={check.id} />
      {check.kind === 'push' ? <PushUrl check={check} onChanged={loaded.reload} /> : <LatencyChart checkId={check.id} />}
      {check.kind === 'push' ? null : <Regions check={check} />}
      <Days checkId={check.id} />
      <CheckIncidents checkId={check.id} />
    </>
  );
}

function Summary({ check }: { check: CheckView }) {
  const { state } = check;
  const now = Date.now();
  return (
    <section className="card" data-testid="check-summary">
      {check.description ? <p>{check.description}</p> : null}
      <dl className="facts">
        <dt>Target</dt>
        <dd>
          <code data-testid="check-target">{targetSummary(check)}</code>
        </dd>
        <dt>State</dt>
        <dd data-testid="check-state-detail">
          {state.status} since {formatInstant(state.since, true)} ({formatRelative(state.since, now)})
          {state.cause ? <span className="field-error" data-testid="check-cause">{` — ${state.cause}`}</span> : null}
          {state.suppressedByParent ? <span className="muted"> · its parent is down: its alerts are held back</span> : null}
        </dd>
        <dt>Schedule</dt>
        <dd>
          {check.kind} {describeInterval(check.intervalSeconds)}
          {check.timeoutMs === null ? '' : `, timeout ${formatSpan(check.timeoutMs)}, down after ${(check.retries ?? 0) + 1} failed run(s)`}
          {check.kind === 'push' ? '' : `, ${check.regions.length === 0 ? 'every region' : `regions ${check.regions.join(', ')}`} (quorum ${check.quorum ?? 1})`}
        </dd>
        {check.parentId ? (
          <>
            <dt>Depends on</dt>
            <dd>
              <ParentLink parentId={check.parentId} />
            </dd>
          </>
        ) : null}
        <dt>Labels</dt>
        <dd>
          <LabelChips labels={check.labels} />
        </dd>
      </dl>
    </section>
  );
}

function ParentLink({ parentId }: { parentId: string }) {
  const { href } = useChecks();
  return <Link href={href(parentId)}>the parent check</Link>;
}

/** Each region's newest result (of the last 25 h): the live word, where the check's state holds its regions as of its last change. */
function Regions({ check }: { check: CheckView }) {
  const { projectId } = useChecks();
  const ids = useMemo(() => [check.id], [check.id]);
  const latest = useLatestResults(projectId, ids, REFRESH_MS);
  const results = latest.byCheck.get(check.id) ?? [];
  if (latest.error) return <ErrorBanner error={latest.error} onRetry={latest.reload} />;
  if (results.length === 0) return null;
  return (
    <section data-testid="check-regions">
      <h2 className="section-title">Regions</h2>
      <TableCard testId="regions-table" columns={['Region', 'Last result', 'At', 'Latency', 'Status', 'Error']}>
        {results.map((result) => (
          <tr key={result.region} data-testid="region-row" data-region={result.region} data-state={result.status}>
            <th scope="row">{result.region}</th>
            <td>
              <StateBadge state={result.status} testId="region-state" />
            </td>
            <td className="nowrap">{formatInstant(result.time, true)}</td>
            <td className="num">{formatLatency(result.latencyMs)}</td>
            <td className="num">{result.statusCode ?? '—'}</td>
            <td className="small">{result.error}</td>
          </tr>
        ))}
      </TableCard>
    </section>
  );
}

function Days({ checkId }: { checkId: string }) {
  const { projectId } = useChecks();
  const loaded = useApiResource(
    `check-days:${projectId}:${checkId}`,
    (signal) => {
      const now = Date.now();
      return apiJson(checkPath(projectId, checkId, 'days', { from: barsStart(now), to: now }), checkDaysResponseSchema, { signal }).then(({ days }) => ({ days, now }));
    },
    60_000,
  );
  const bars = useMemo(() => (loaded.data ? dayBars(loaded.data.days, loaded.data.now) : undefined), [loaded.data]);
  return (
    <section className="card" data-testid="check-days">
      <h2>Last 90 days</h2>
      {loaded.error ? <ErrorBanner error={loaded.error} onRetry={loaded.reload} /> : null}
      {bars ? <DayBars bars={bars} large testId="check-day-bars" /> : <Loading what="the daily rollup" />}
    </section>
  );
}
