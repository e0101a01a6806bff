'use client';

import { metricNamesResponseSchema, metricQueryResponseSchema, sessionUserSchema, type MetricQueryResponse } from '@vigil/contracts';
import { useEffect, useState } from 'react';
import { useApiResource } from '../../hooks/use-api-resource';
import { apiJson, type ApiError } from '../../lib/api-client';
import { countPoints } from '../../lib/chart-data';
import { DEFAULT_RANGE, metricNamesPath, metricQueryPath, rangePreset, type selectionFromSearch, stepFor } from '../../lib/metrics-query';
import { AppHeader } from '../layout/app-header';
import { NoMetricsYet } from './empty-state';
import { MetricChart } from './metric-chart';
import { QueryControls } from './query-controls';

/** How often the chart and the metric list are reloaded. */
const REFRESH_MS = 15_000;

/** What is on screen; mirrored into the address bar so a reload or a shared link shows the same. */
export type MetricsSelection = ReturnType<typeof selectionFromSearch>;

export function MetricsExplorer({ initial }: { initial: MetricsSelection }) {
  const [selection, setSelection] = useState<MetricsSelection>(initial);
  const update = (change: Partial<MetricsSelection>) => setSelection((previous) => ({ ...previous, ...change }));

  const session = useApiResource('me', (signal) => apiJson('/api/v1/auth/me', sessionUserSchema, { signal }));
  const projects = session.data?.projects ?? [];
  const projectId = projects.find((project) => project.id === selection.project)?.id ?? projects[0]?.id;

  const names = useApiResource(
    projectId ? `names:${projectId}` : null,
    (signal) => apiJson(metricNamesPath(projectId ?? ''), metricNamesResponseSchema, { signal }),
    REFRESH_MS,
  );
  const nameList = names.data?.names ?? [];
  const metric = selection.metric && nameList.includes(selection.metric) ? selection.metric : nameList[0];

  const range = rangePreset(selection.range);
  const query = useApiResource(
    projectId && metric ? JSON.stringify([projectId, metric, range.id, selection.match]) : null,
    (signal) => {
      const to = Date.now();
      const path = metricQueryPath({ projectId: projectId ?? '', name: metric ?? '', from: to - range.ms, to, step: stepFor(range.ms), match: selection.match });
      return apiJson(path, metricQueryResponseSchema, { signal });
    },
    REFRESH_MS,
  );

  useEffect(() => {
    const search = new URLSearchParams();
    if (projectId) search.set('project', projectId);
    if (metric) search.set('metric', metric);
    if (range.id !== DEFAULT_RANGE) search.set('range', range.id);
    if (selection.match) search.set('match', selection.match);
    const url = `${window.location.pathname}${search.size ? `?${search.toString()}` : ''}`;
    if (url !== `${window.location.pathname}${window.location.search}`) window.history.replaceState(null, '', url);
  }, [projectId, metric, range.id, selection.match]);

  return (
    <>
      <AppHeader email={session.data?.email} />
      <main className="page">
        <h1>Metrics</h1>
        {session.error ? <ErrorBanner error={session.error} onRetry={session.reload} /> : null}
        {session.loading ? <Loading what="your projects" /> : null}
        {session.data && !projectId ? <p className="card">You are not a member of any project yet. Ask an owner to invite you.</p> : null}
        {projectId ? (
          <QueryControls
            projects={projects}
            projectId={projectId}
            onProject={(project) => update({ project, metric: undefined })}
            names={nameList}
            metric={metric}
            onMetric={(name) => update({ metric: name })}
            range={range.id}
            onRange={(id) => update({ range: id })}
            match={selection.match}
            onMatch={(match) => update({ match })}
          />
        ) : null}
        {names.error ? <ErrorBanner error={names.error} onRetry={names.reload} /> : null}
        {names.loading ? <Loading what="metric names" /> : null}
        {names.data && nameList.length === 0 ? <NoMetricsYet /> : null}
        {query.error ? <ErrorBanner error={query.error} onRetry={query.reload} /> : null}
        {query.loading ? <Loading what="the chart" /> : null}
        {query.data ? <QueryResult result={query.data} rangeLabel={range.label} match={selection.match} /> : null}
      </main>
    </>
  );
}

function QueryResult({ result, rangeLabel, match }: { result: MetricQueryResponse; rangeLabel: string; match: string }) {
  const points = countPoints(result.series);
  if (result.series.length === 0) {
    return (
      <section className="card empty" data-testid="no-series">
        <p>
          No samples of <code>{result.name}</code>
          {match ? (
            <>
              {' '}
              matching <code>{match}</code>
            </>
          ) : null}{' '}
          in the last {rangeLabel}.
        </p>
      </section>
    );
  }
  return (
    <section className="card chart-card">
      <div className="chart-meta">
        <h2>{result.name}</h2>
        <span className="muted" data-testid="series-count" data-series={result.series.length} data-points={points}>
          {result.series.length} series · {points} {points === 1 ? 'point' : 'points'}
        </span>
        <span className="muted small">
          {result.step ? `${result.step / 1000} s buckets · ` : ''}updated {new Date(result.to).toLocaleTimeString()} · refreshes every {REFRESH_MS / 1000} s
        </span>
      </div>
      <MetricChart result={result} />
    </section>
  );
}

function Loading({ what }: { what: string }) {
  return (
    <p className="muted loading" aria-busy="true">
      Loading {what}…
    </p>
  );
}

function ErrorBanner({ error, onRetry }: { error: ApiError; onRetry(): void }) {
  return (
    <div className="alert" role="alert" data-testid="error">
      <strong>{error.problem.title}.</strong> {error.problem.detail}{' '}
      <button type="button" onClick={onRetry}>
        Retry
      </button>
    </div>
  );
}
