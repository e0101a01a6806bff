'use client';

import { alertEventListResponseSchema, alertRuleListResponseSchema } from '@vigil/contracts';
import { useState } from 'react';
import { useAlerting } from '../../../hooks/use-alerting';
import { useApiResource } from '../../../hooks/use-api-resource';
import { useUrlSync } from '../../../hooks/use-url-sync';
import { apiJson } from '../../../lib/api-client';
import { alertEventsPath, alertRulesPath } from '../../../lib/alerts-api';
import { describeRange, rangeKey, resolveRange, type TimeRange, writeRange } from '../../../lib/time-range';
import { RangePicker } from '../../common/range-picker';
import { ErrorBanner, Loading } from '../../common/status';
import { AlertTimeline } from './alert-timeline';

const REFRESH_MS = 30_000;
/** The API's most; a range with more transitions shows the newest. */
const LIMIT = 1_000;

export interface HistoryState {
  range: TimeRange;
  ruleId: string | undefined;
}

/** Alerts → History: the transitions of every alert (or one rule's) over a range, as a timeline and a list. */
export function AlertHistoryPage({ initial }: { initial: HistoryState }) {
  const { projectId } = useAlerting();
  const [state, setState] = useState(initial);
  const params = new URLSearchParams({ project: projectId, ...(state.ruleId ? { ruleId: state.ruleId } : {}) });
  writeRange(params, state.range);
  // writeRange leaves out the explorers' default (1 h); this page's default is 24 h, so a preset is always written.
  if (state.range.kind === 'preset') params.set('range', state.range.preset);
  useUrlSync(params);
  const rules = useApiResource(`alert-rules:${projectId}`, (signal) => apiJson(alertRulesPath(projectId), alertRuleListResponseSchema, { signal }));
  const events = useApiResource(
    `alert-events:${projectId}:${state.ruleId ?? ''}:${rangeKey(state.range)}`,
    async (signal) => {
      const range = resolveRange(state.range, Date.now());
      const body = await apiJson(alertEventsPath(projectId, { ...range, ruleId: state.ruleId, limit: LIMIT }), alertEventListResponseSchema, { signal });
      return { range, events: body.events };
    },
    state.range.kind === 'preset' ? REFRESH_MS : undefined,
  );
  return (
    <>
      <div className="page-title">
        <h1>History</h1>
        <label className="inline-label">
          Rule
          <select data-testid="history-rule" value={state.ruleId ?? ''} onChange={(event) => setState({ ...state, ruleId: event.target.value || undefined })}>
            <option value="">every rule</option>
            {(rules.data?.rules ?? []).map((rule) => (
              <option key={rule.id} value={rule.id}>
                {rule.name}
              </option>
            ))}
          </select>
        </label>
        <RangePicker range={state.range} onChange={(range) => setState({ ...state, range })} custom />
      </div>
      {events.error ? <ErrorBanner error={events.error} onRetry={events.reload} /> : null}
      {events.loading ? <Loading what="the history" testId="history-loading" /> : null}
      {events.data?.events.length === 0 ? (
        <section className="card empty" data-testid="history-empty">
          <h2>No alert changed state {state.range.kind === 'preset' ? `in the ${describeRange(state.range)}` : `from ${describeRange(state.range)}`}</h2>
          <p className="muted">Widen the range, or choose every rule. Transitions are kept with the project&apos;s telemetry retention.</p>
        </section>
      ) : null}
      {events.data && events.data.events.length > 0 ? (
        <>
          {events.data.events.length >= LIMIT ? <p className="small muted">Showing the newest {LIMIT} transitions; narrow the range to see older ones.</p> : null}
          <AlertTimeline events={events.data.events} range={events.data.range} />
        </>
      ) : null}
    </>
  );
}
