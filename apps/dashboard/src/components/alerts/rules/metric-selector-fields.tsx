'use client';

import { useMetricLabelLoaders } from '../../../hooks/use-metric-label-loaders';
import { type MetricSelectorForm, selectorTakesWindow } from '../../../lib/metric-selector-form';
import type { RuleFieldErrors } from '../../../lib/rule-form';
import { AggregationControls } from '../../metrics/aggregation-controls';
import { MatcherEditor } from '../../metrics/matcher-editor';
import { MetricNamePicker } from '../../metrics/metric-name-picker';
import { FieldError, invalidProps } from '../../common/field-error';

export interface MetricSelectorFieldsProps {
  projectId: string;
  side: 'query' | 'numerator' | 'denominator';
  title: string;
  value: MetricSelectorForm;
  onChange(value: MetricSelectorForm): void;
  errors: RuleFieldErrors;
}

/**
 * One metric selector of a rule, edited with the metrics explorer's own controls — name
 * autocomplete, matcher editor, function/over/across-series/group-by/quantile — plus the
 * look-back window that rates and quantiles take.
 */
export function MetricSelectorFields({ projectId, side, title, value, onChange, errors }: MetricSelectorFieldsProps) {
  const metric = value.metric || undefined;
  const { loadLabels, loadValues } = useMetricLabelLoaders(projectId, metric);
  const field = (name: 'name' | 'matchers' | 'by' | 'window') => errors[`spec.${side}.${name}`];
  const id = (name: string) => `rule-spec-${side}-${name}-error`;
  const rest = errors[`spec.${side}`];
  return (
    <fieldset className="selector query-form" data-testid={`selector-${side}`}>
      <legend>{title}</legend>
      <MetricNamePicker projectId={projectId} metric={metric} onMetric={(name) => onChange({ ...value, metric: name ?? '' })} invalid={field('name') !== undefined} describedBy={id('name')} />
      <FieldError id={id('name')} message={field('name')} />
      <MatcherEditor
        contextKey={`${projectId}:${metric ?? ''}`}
        matchers={value.matchers}
        onChange={(matchers) => onChange({ ...value, matchers })}
        loadLabels={loadLabels}
        loadValues={loadValues}
        error={field('matchers')}
      />
      <AggregationControls state={value} onChange={(change) => onChange({ ...value, ...change })} labelsKey={`labels:${projectId}:${metric ?? ''}`} loadLabels={loadLabels}>
        {selectorTakesWindow(value) ? (
          <label>
            Look-back
            <input
              className="duration"
              data-testid="selector-window"
              placeholder="default"
              title="How far back a rate, increase or quantile looks at each step (e.g. 5m); empty: the engine's default"
              value={value.window}
              onChange={(event) => onChange({ ...value, window: event.target.value })}
              {...invalidProps(id('window'), field('window'))}
            />
          </label>
        ) : null}
      </AggregationControls>
      <FieldError id={id('by')} message={field('by')} />
      <FieldError id={id('window')} message={field('window')} />
      <FieldError id={`rule-spec-${side}-error`} message={rest} />
    </fieldset>
  );
}
