import type { MetricSelector, MetricSelectorInput } from '@vigil/contracts';
import { formatDuration, parseDuration } from './durations';
import { isComplete, type MatcherRow } from './label-matchers';
import type { MetricsExplorerState } from './metrics-query';

/**
 * One metric selector of an alert rule as the form holds it: the metrics explorer's own state
 * (so its controls edit it unchanged) plus the look-back window of rate, increase and quantile.
 */
export interface MetricSelectorForm extends Pick<MetricsExplorerState, 'fn' | 'over' | 'agg' | 'by' | 'quantile'> {
  metric: string;
  matchers: MatcherRow[];
  /** Duration text (`5m`); empty: the engine's default look-back. */
  window: string;
}

export function emptySelectorForm(): MetricSelectorForm {
  return { metric: '', matchers: [], fn: 'raw', over: 'avg', agg: 'none', by: [], quantile: undefined, window: '' };
}

/** The window applies to rates, increases and quantiles only; raw values have none. */
export function selectorTakesWindow(form: Pick<MetricSelectorForm, 'fn' | 'quantile'>): boolean {
  return form.quantile !== undefined || form.fn !== 'raw';
}

/** A stored selector in the form (matchers as rows, the window as `5m`). */
export function selectorFormFrom(selector: MetricSelector): MetricSelectorForm {
  return {
    metric: selector.name,
    matchers: selector.matchers.map(({ label, op, value }) => ({ label, op, value })),
    fn: selector.fn,
    over: selector.over ?? 'avg',
    agg: selector.agg,
    by: [...selector.by],
    quantile: selector.quantile,
    window: selector.window === undefined ? '' : formatDuration(selector.window / 1000),
  };
}

export interface SelectorRequest {
  selector: MetricSelectorInput;
  /** Set when the window could not be read; the selector then goes without one. */
  windowError?: string;
}

/**
 * The selector as the contract takes it, with what the explorer's controls allow but the rule
 * refuses left out rather than sent to be refused: `over` beside a rate, `fn`/`agg` beside a
 * quantile (which reads a histogram's base name), `by` without an aggregation, a window for raw
 * values. Matcher rows still without a label are not matchers yet; invalid ones are sent for the
 * schema to name.
 */
export function selectorRequest(form: MetricSelectorForm): SelectorRequest {
  const histogram = form.quantile !== undefined;
  const selector: MetricSelectorInput = {
    name: histogram ? form.metric.trim().replace(/_bucket$/, '') : form.metric.trim(),
    matchers: form.matchers.filter(isComplete).map(({ label, op, value }) => ({ label: label.trim(), op, value })),
  };
  if (histogram) {
    selector.quantile = form.quantile;
  } else {
    selector.fn = form.fn;
    if (form.fn === 'raw' && form.over !== 'avg') selector.over = form.over;
    selector.agg = form.agg;
  }
  if ((histogram || form.agg !== 'none') && form.by.length > 0) selector.by = [...form.by];
  if (selectorTakesWindow(form) && form.window.trim() !== '') {
    const seconds = parseDuration(form.window);
    if (seconds === undefined) return { selector, windowError: 'Write a look-back such as 1m or 5m, or leave it empty for the default.' };
    selector.window = seconds * 1000;
  }
  return { selector };
}
