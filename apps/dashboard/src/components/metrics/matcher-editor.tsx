'use client';

import { LABEL_MATCHER_OPS, type LabelMatcher } from '@vigil/contracts';
import { useState } from 'react';
import { isInvalidLabelName, MATCHER_OP_TITLES, type MatcherRow } from '../../lib/label-matchers';
import { Autocomplete } from '../common/autocomplete';

export interface MatcherEditorProps {
  matchers: readonly MatcherRow[];
  onChange(matchers: MatcherRow[]): void;
  /** Names what the suggestions depend on besides the typed text (project, metric). */
  contextKey: string;
  loadLabels(text: string, signal: AbortSignal): Promise<readonly string[]>;
  /** Values of `label` starting with `prefix`; not asked for regex operators. */
  loadValues(label: string, prefix: string, signal: AbortSignal): Promise<readonly string[]>;
  legend?: string;
  testId?: string;
  /** A message about the matchers as a whole (the API's or the form's), shown under the rows. */
  error?: string;
}

/**
 * Rows of `label op "value"`, edited locally and handed on when a row is committed (Enter, a
 * picked suggestion, leaving a box, a new operator, removal) rather than on every key.
 * A row is sent as typed: an invalid label name is marked here and refused by the API with a
 * problem the page shows, never left out of the query. Used by the metrics explorer (metric
 * labels) and by alerting (alert labels of silences, policies and maintenance windows).
 */
export function MatcherEditor({ matchers, onChange, contextKey, loadLabels, loadValues, legend = 'Label matchers', testId = 'matchers', error }: MatcherEditorProps) {
  const [rows, setRows] = useState<MatcherRow[]>(() => [...matchers]);

  const update = (index: number, change: Partial<LabelMatcher>, commit: boolean) => {
    // An edited row is a matcher again, no longer the address bar's unreadable text.
    const next = rows.map((row, position) => (position === index ? { label: row.label, op: row.op, value: row.value, ...change } : row));
    setRows(next);
    if (commit) onChange(next);
  };
  const remove = (index: number) => {
    const next = rows.filter((_, position) => position !== index);
    setRows(next);
    onChange(next);
  };

  return (
    <fieldset className="matchers" data-testid={testId}>
      <legend>{legend}</legend>
      {rows.map((row, index) => (
        <div className="matcher-row" key={index} data-testid="matcher-row">
          <Autocomplete
            label="Label name"
            testId="matcher-label"
            placeholder="label"
            value={row.label}
            onChange={(label) => update(index, { label }, false)}
            onCommit={(label) => update(index, { label }, true)}
            commitOnBlur
            invalid={isInvalidLabelName(row.label)}
            contextKey={`labels:${contextKey}`}
            loadSuggestions={loadLabels}
          />
          <select aria-label="Operator" data-testid="matcher-op" value={row.op} onChange={(event) => update(index, { op: event.target.value as LabelMatcher['op'] }, true)}>
            {LABEL_MATCHER_OPS.map((op) => (
              <option key={op} value={op} title={MATCHER_OP_TITLES[op]}>
                {op}
              </option>
            ))}
          </select>
          <Autocomplete
            label="Label value"
            testId="matcher-value"
            placeholder={row.op.endsWith('~') ? 'regex' : 'value'}
            value={row.value}
            onChange={(value) => update(index, { value }, false)}
            onCommit={(value) => update(index, { value }, true)}
            commitOnBlur
            contextKey={`values:${contextKey}:${row.label}`}
            loadSuggestions={async (prefix, signal) => (row.label && !row.op.endsWith('~') ? loadValues(row.label, prefix, signal) : [])}
          />
          <button type="button" aria-label="Remove matcher" onClick={() => remove(index)}>
            ×
          </button>
        </div>
      ))}
      <button type="button" data-testid="add-matcher" onClick={() => setRows([...rows, { label: '', op: '=', value: '' }])}>
        + Matcher
      </button>
      {error ? (
        <span className="field-error" data-testid={`${testId}-error`}>
          {error}
        </span>
      ) : null}
    </fieldset>
  );
}
