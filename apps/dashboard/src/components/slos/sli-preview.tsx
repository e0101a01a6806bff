'use client';

import { type SliInput, sloPreviewResponseSchema } from '@vigil/contracts';
import { useMemo } from 'react';
import { useApiResource } from '../../hooks/use-api-resource';
import { useDebouncedValue } from '../../hooks/use-debounced-value';
import { apiJson } from '../../lib/api-client';
import { formatSli } from '../../lib/slo-display';
import { previewRangeMs } from '../../lib/slo-form';
import { sloPreviewPath } from '../../lib/slos-api';
import { formatSpan } from '../../lib/time-format';
import { ErrorBanner, Loading } from '../common/status';
import { TimeSeriesChart } from '../common/time-series-chart';

/** Typing pauses this long before the preview is asked for; it reads up to a quarter of telemetry. */
const DEBOUNCE_MS = 700;

export interface SliPreviewProps {
  projectId: string;
  /** The SLI as it stands, or why it cannot be previewed yet. */
  sli: { ok: true; sli: SliInput } | { ok: false; reason: string };
  /** Percent, drawn as a line when it reads as a number. */
  objective: number | undefined;
  /** How far back the window reaches (ms). */
  rangeMs: number;
}

/** The SLI over the SLO's window straight from the telemetry (POST /slos/preview), per step, against the objective. */
export function SliPreview({ projectId, sli, objective, rangeMs }: SliPreviewProps) {
  const requestKey = sli.ok ? JSON.stringify({ sli: sli.sli, rangeMs }) : null;
  const settled = useDebouncedValue(requestKey, DEBOUNCE_MS);
  const preview = useApiResource(settled === null ? null : `slo-preview:${projectId}:${settled}`, async (signal) => {
    const { sli: body, rangeMs: range } = JSON.parse(settled ?? 'null') as { sli: SliInput; rangeMs: number };
    const to = Date.now();
    return apiJson(sloPreviewPath(projectId), sloPreviewResponseSchema, { method: 'POST', json: { sli: body, from: to - range, to }, signal });
  });
  const data = preview.data;
  const series = useMemo(() => {
    if (!data) return [];
    const lines = [{ label: 'SLI', points: data.series.map(([t, value]) => [t, value * 100] as const) }];
    if (objective !== undefined && Number.isFinite(objective)) lines.push({ label: 'Objective', points: [[data.from, objective] as const, [data.to, objective] as const] });
    return lines;
  }, [data, objective]);
  const updating = requestKey !== settled || preview.loading;
  return (
    <section className="card chart-card" data-testid="sli-preview" aria-busy={updating}>
      <div className="chart-meta">
        <h2>Preview · last {formatSpan(previewRangeMs(rangeMs))}</h2>
        {data ? (
          <span className="muted" data-testid="sli-preview-summary" data-sli={data.sli ?? ''}>
            SLI {formatSli(data.sli)} · {data.good.toLocaleString('en-US')} good of {data.valid.toLocaleString('en-US')} valid events
          </span>
        ) : null}
        {updating && sli.ok ? <span className="small muted">updating…</span> : null}
      </div>
      {sli.ok ? null : (
        <p className="muted" data-testid="sli-preview-incomplete">
          The preview appears once the SLI is complete: {sli.reason}
        </p>
      )}
      {preview.error ? <ErrorBanner error={preview.error} onRetry={preview.reload} /> : null}
      {!data && preview.loading ? <Loading what="the preview" testId="sli-preview-loading" /> : null}
      {data ? (
        data.valid === 0 ? (
          <p className="muted small" data-testid="sli-preview-empty">
            No valid events over this range: nothing matches the selectors yet.
          </p>
        ) : (
          <TimeSeriesChart series={series} from={data.from} to={data.to} unit="%" stepMs={data.step} height={220} timeTickSpace={110} testId="sli-preview-chart" />
        )
      ) : null}
    </section>
  );
}
