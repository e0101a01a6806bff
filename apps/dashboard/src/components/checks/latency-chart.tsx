'use client';

import { checkResultsResponseSchema } from '@vigil/contracts';
import { useMemo, useState } from 'react';
import { useApiResource } from '../../hooks/use-api-resource';
import { useChecks } from '../../hooks/use-checks';
import { apiJson } from '../../lib/api-client';
import { latencyByRegion } from '../../lib/check-display';
import { checkPath } from '../../lib/checks-api';
import { ErrorBanner, Loading } from '../common/status';
import { TimeSeriesChart } from '../common/time-series-chart';

const HOUR = 3_600_000;
const RANGES = [
  { label: '1 h', ms: HOUR },
  { label: '24 h', ms: 24 * HOUR },
  { label: '7 d', ms: 7 * 24 * HOUR },
] as const;
/** The results API's most rows: a week of a 1-minute check in one region. */
const MAX_RESULTS = 10_000;

/** Response times per region over the last hour, day or week, from the raw results (uPlot). */
export function LatencyChart({ checkId }: { checkId: string }) {
  const { projectId } = useChecks();
  const [rangeMs, setRangeMs] = useState<number>(24 * HOUR);
  const loaded = useApiResource(
    `check-results:${projectId}:${checkId}:${rangeMs}`,
    (signal) => {
      const to = Date.now();
      const from = to - rangeMs;
      return apiJson(checkPath(projectId, checkId, 'results', { from, to, limit: MAX_RESULTS }), checkResultsResponseSchema, { signal }).then(({ results }) => ({ results, from, to }));
    },
    15_000,
  );
  const series = useMemo(() => latencyByRegion(loaded.data?.results ?? []), [loaded.data]);
  const data = loaded.data;
  return (
    <section className="card chart-card" data-testid="check-latency-chart">
      <div className="page-title">
        <h2>Response time</h2>
        <fieldset className="range" aria-label="Range">
          {RANGES.map((range) => (
            <button key={range.label} type="button" className={range.ms === rangeMs ? 'selected' : undefined} onClick={() => setRangeMs(range.ms)}>
              {range.label}
            </button>
          ))}
        </fieldset>
      </div>
      {loaded.error ? <ErrorBanner error={loaded.error} onRetry={loaded.reload} /> : null}
      {loaded.loading ? <Loading what="results" /> : null}
      {data && data.results.length === 0 ? (
        <p className="muted" data-testid="no-results">
          No results in this range yet.
        </p>
      ) : null}
      {data && data.results.length > 0 ? <TimeSeriesChart series={series} from={data.from} to={data.to} unit="ms" height={220} testId="latency-chart" /> : null}
      {data && data.results.length >= MAX_RESULTS ? <p className="small muted">Showing the newest {MAX_RESULTS.toLocaleString('en-US')} results.</p> : null}
    </section>
  );
}
