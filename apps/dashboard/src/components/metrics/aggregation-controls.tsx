'use client';

import { type ReactNode, useState } from 'react';
import {
  ACROSS_SERIES_AGGREGATIONS,
  type AcrossSeriesAggregation,
  type MetricFn,
  METRIC_FNS,
  OVER_TIME_AGGREGATIONS,
  type OverTimeAggregation,
} from '@vigil/contracts';
import { type MetricsExplorerState, STEP_CHOICES } from '../../lib/metrics-query';
import { Autocomplete } from '../common/autocomplete';

/** What these controls edit: the explorer's query, or an alert rule's metric selector. */
export type AggregationState = Pick<MetricsExplorerState, 'fn' | 'over' | 'agg' | 'by' | 'quantile'>;

export interface AggregationControlsProps {
  state: AggregationState;
  onChange(change: Partial<AggregationState>): void;
  labelsKey: string;
  loadLabels(text: string, signal: AbortSignal): Promise<readonly string[]>;
  /** Controls that follow, in the same row: the explorer's step, a rule's rate window. */
  children?: ReactNode;
}

const QUANTILES = [0.5, 0.9, 0.95, 0.99] as const;

/** Function, over-time and across-series aggregation, group-by labels, histogram quantile, and what the page adds. */
export function AggregationControls({ state, onChange, labelsKey, loadLabels, children }: AggregationControlsProps) {
  const histogram = state.quantile !== undefined;
  return (
    <div className="controls aggregation" data-testid="aggregation-controls">
      <label>
        Function
        <select data-testid="fn-picker" value={histogram ? 'quantile' : state.fn} onChange={(event) => onFunction(event.target.value, onChange)}>
          {METRIC_FNS.map((fn) => (
            <option key={fn} value={fn}>
              {fn}
            </option>
          ))}
          <option value="quantile">histogram quantile</option>
        </select>
      </label>
      {histogram ? (
        <label>
          Quantile
          <select data-testid="quantile-picker" value={String(state.quantile)} onChange={(event) => onChange({ quantile: Number(event.target.value) })}>
            {[...new Set([...QUANTILES, state.quantile])].map((q) => (
              <option key={q} value={String(q)}>
                p{Math.round((q ?? 0) * 1000) / 10}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {!histogram && state.fn === 'raw' ? (
        <label>
          Over time
          <select data-testid="over-picker" value={state.over} onChange={(event) => onChange({ over: event.target.value as OverTimeAggregation })}>
            {OVER_TIME_AGGREGATIONS.map((over) => (
              <option key={over} value={over}>
                {over}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {histogram ? null : (
        <label>
          Across series
          <select data-testid="agg-picker" value={state.agg} onChange={(event) => onChange({ agg: event.target.value as AcrossSeriesAggregation })}>
            {ACROSS_SERIES_AGGREGATIONS.map((agg) => (
              <option key={agg} value={agg}>
                {agg}
              </option>
            ))}
          </select>
        </label>
      )}
      {state.agg !== 'none' || histogram ? <GroupBy labels={state.by} onChange={(by) => onChange({ by })} labelsKey={labelsKey} loadLabels={loadLabels} /> : null}
      {children}
    </div>
  );
}

/** The explorer's step: auto (the API's choice) or one of a few round ones. */
export function StepPicker({ step, onChange }: { step: number | undefined; onChange(step: number | undefined): void }) {
  return (
    <label>
      Step
      <select data-testid="step-picker" value={step ?? ''} onChange={(event) => onChange(event.target.value ? Number(event.target.value) : undefined)}>
        <option value="">auto</option>
        {STEP_CHOICES.map((choice) => (
          <option key={choice.ms} value={choice.ms}>
            {choice.label}
          </option>
        ))}
      </select>
    </label>
  );
}

function onFunction(value: string, onChange: (change: Partial<AggregationState>) => void): void {
  if (value === 'quantile') onChange({ quantile: 0.95, fn: 'raw' });
  else onChange({ fn: value as MetricFn, quantile: undefined });
}

/** Group-by labels as removable chips plus a box that suggests the metric's label names. */
function GroupBy({ labels, onChange, labelsKey, loadLabels }: { labels: readonly string[]; onChange(labels: string[]): void; labelsKey: string; loadLabels: AggregationControlsProps['loadLabels'] }) {
  const [draft, setDraft] = useState('');
  const add = (label: string) => {
    const name = label.trim();
    if (/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name) && !labels.includes(name)) onChange([...labels, name]);
    setDraft('');
  };
  return (
    <div className="group-by">
      <span className="field-label">Group by</span>
      <div className="chips" data-testid="group-by">
        {labels.map((label) => (
          <span className="chip" key={label}>
            {label}
            <button type="button" aria-label={`Stop grouping by ${label}`} onClick={() => onChange(labels.filter((one) => one !== label))}>
              ×
            </button>
          </span>
        ))}
        <Autocomplete
          label="Group by label"
          testId="group-by-input"
          placeholder="label"
          className="chip-input"
          value={draft}
          onChange={setDraft}
          onCommit={add}
          contextKey={labelsKey}
          loadSuggestions={async (text, signal) => (await loadLabels(text, signal)).filter((label) => !labels.includes(label))}
        />
      </div>
    </div>
  );
}
