'use client';

import { LABEL_MATCHER_OPS, type LabelMatcher, metricLabelValuesResponseSchema } from '@vigil/contracts';
import { useState } from 'react';
import { apiJson } from '../../lib/api-client';
import { MATCHER_OP_TITLES } from '../../lib/label-matchers';
import { labelValuesPath } from '../../lib/metrics-query';
import { Autocomplete } from '../common/autocomplete';

export interface MatcherEditorProps {
  projectId: string;
  metric: string | undefined;
  matchers: readonly LabelMatcher[];
  onChange(matchers: LabelMatcher[]): void;
  loadLabels(text: string, signal: AbortSignal): Promise<readonly string[]>;
}

/**
 * Rows of `label op "value"`, edited locally and handed to the query when a row is committed
 * (Enter, a picked suggestion, leaving a box, a new operator, removal) rather than on every key.
 */
export function MatcherEditor({ projectId, metric, matchers, onChange, loadLabels }: MatcherEditorProps) {
  const [rows, setRows] = useState<LabelMatcher[]>(() => [...matchers]);

  const update = (index: number, change: Partial<LabelMatcher>, commit: boolean) => {
    const next = rows.map((row, position) => (position === index ? { ...row, ...change } : row));
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
