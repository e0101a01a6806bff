'use client';

import { LABEL_MATCHER_OPS, type LabelMatcher, metricLabelValuesResponseSchema } from '@vigil/contracts';
import { useState } from 'react';
import { apiJson } from '../../lib/api-client';
import { isInvalidLabelName, MATCHER_OP_TITLES, type MatcherRow } from '../../lib/label-matchers';
import { labelValuesPath } from '../../lib/metrics-query';
import { Autocomplete } from '../common/autocomplete';

export interface MatcherEditorProps {
  projectId: string;
  metric: string | undefined;
  matchers: readonly MatcherRow[];
  onChange(matchers: MatcherRow[]): void;
  loadLabels(text: string, signal: AbortSignal): Promise<readonly string[]>;
}

/**
 * Rows of `label op "value"`, edited locally and handed to the query when a row is committed
 * (Enter, a picked suggestion, leaving a box, a new operator, removal) rather than on every key.
 * A row is sent as typed: an invalid label name is marked here and refused by the API with a
 * problem the explorer shows, never left out of the query.
 */
export function MatcherEditor({ projectId, metric, matchers, onChange, loadLabels }: MatcherEditorProps) {
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
    <fieldset className="matchers" data-testid="matchers">
      <legend>Label matchers</legend>
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
            contextKey={`labels:${projectId}:${metric ?? ''}`}
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
            contextKey={`values:${projectId}:${metric ?? ''}:${row.label}`}
            loadSuggestions={async (prefix, signal) =>
              row.label && !row.op.endsWith('~')
                ? (await apiJson(labelValuesPath(projectId, row.label, metric, prefix), metricLabelValuesResponseSchema, { signal })).values
                : []
            }
          />
          <button type="button" aria-label="Remove matcher" onClick={() => remove(index)}>
            ×
          </button>
        </div>
      ))}
      <button type="button" data-testid="add-matcher" onClick={() => setRows([...rows, { label: '', op: '=', value: '' }])}>
        + Matcher
      </button>
    </fieldset>
  );
}
