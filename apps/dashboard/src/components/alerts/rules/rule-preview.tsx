'use client';

import { alertRulePreviewResponseSchema, type AlertRuleRequest } from '@vigil/contracts';
import { useMemo } from 'react';
import { useApiResource } from '../../../hooks/use-api-resource';
import { useDebouncedValue } from '../../../hooks/use-debounced-value';
import { apiJson } from '../../../lib/api-client';
import { rulePreviewPath } from '../../../lib/alerts-api';
import { firingSummary, groupLabel, previewUnit } from '../../../lib/preview-chart';
import { formatSpan, formatTimeRange } from '../../../lib/time-format';
import { ErrorBanner, Loading } from '../../common/status';
import { PreviewChart } from './preview-chart';

const DAY_MS = 86_400_000;
/** Typing pauses this long before a preview is asked for; each one reads up to a day of data. */
const DEBOUNCE_MS = 600;

export interface RulePreviewProps {
  projectId: string;
  /** The rule as it stands, or why it cannot be previewed yet. */
  rule: { ok: true; request: AlertRuleRequest } | { ok: false; reason: string };
}

/**
 * The last 24 hours as the rule would have seen them (POST /alert-rules/preview), asked for
 * again whenever the rule stops changing. A rule the form cannot send yet shows why instead.
 */
export function RulePreview({ projectId, rule }: RulePreviewProps) {
  const requestKey = rule.ok ? JSON.stringify(rule.request) : null;
  const settled = useDebouncedValue(requestKey, DEBOUNCE_MS);
  const preview = useApiResource(settled === null ? null : `preview:${projectId}:${settled}`, async (signal) => {
    const to = Date.now();
    const from = to - DAY_MS;
    const request = JSON.parse(settled ?? 'null') as AlertRuleRequest;
    const body = await apiJson(rulePreviewPath(projectId), alertRulePreviewResponseSchema, { method: 'POST', json: { rule: request, from, to }, signal });
    return { from, to, body, unit: previewUnit(request) };
  });
  const updating = requestKey !== settled || preview.loading;
  const firing = useMemo(() => preview.data?.body.firing ?? [], [preview.data]);

  return (
    <section className="card chart-card rule-preview" data-testid="rule-preview" aria-busy={updating}>
      <div className="chart-meta">
        <h2>Preview · last 24 hours</h2>
        {preview.data ? (
          <span className="muted" data-testid="preview-summary">
            {firingSummary(preview.data.body, 'last 24 hours')} {evaluationsNote(preview.data.body.evaluations)}
          </span>
        ) : null}
        {updating && rule.ok ? <span className="small muted">updating…</span> : null}
      </div>
      {rule.ok ? null : (
        <p className="muted" data-testid="preview-incomplete">
          The preview appears once the condition is complete: {rule.reason}
        </p>
      )}
      {preview.error ? <ErrorBanner error={preview.error} onRetry={preview.reload} /> : null}
      {!preview.data && preview.loading ? <Loading what="the preview" testId="preview-loading" /> : null}
      {preview.data ? (
        <>
          {preview.data.body.series.length === 0 ? (
            <p className="muted small" data-testid="preview-no-values">
              No values in the last 24 hours: nothing matches the selector or search yet. The thresholds are drawn alone.
            </p>
          ) : null}
          <PreviewChart response={preview.data.body} from={preview.data.from} to={preview.data.to} unit={preview.data.unit} />
          {firing.length > 0 ? (
            <ul className="firing-list small" data-testid="preview-firing">
              {firing.slice(0, 10).map((one) => (
                <li key={`${groupLabel(one.labels)}:${one.from}`}>
                  <span className={`badge badge-firing-${one.severity}`}>{one.severity}</span> {formatTimeRange(one.from, one.to)} <code>{groupLabel(one.labels)}</code>
                </li>
              ))}
              {firing.length > 10 ? <li className="muted">…and {firing.length - 10} more</li> : null}
            </ul>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

/**
 * `8,640 evaluations, one every 10 s`: the API evaluates at every interval up to 10,080 times
 * (fewer for log rules, which read once per evaluation), so the spacing says how fine it was.
 */
function evaluationsNote(evaluations: number): string {
  if (evaluations < 2) return `${evaluations} evaluation.`;
  return `${evaluations.toLocaleString('en-US')} evaluations, one every ${formatSpan(Math.round(DAY_MS / evaluations / 1000) * 1000)}.`;
}
