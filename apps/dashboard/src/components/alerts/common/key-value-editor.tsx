'use client';

import type { KeyValueRow } from '../../../lib/key-value-rows';

export interface KeyValueEditorProps {
  legend: string;
  rows: readonly KeyValueRow[];
  onChange(rows: KeyValueRow[]): void;
  keyPlaceholder: string;
  valuePlaceholder: string;
  testId: string;
  error?: string;
  /** Values are secrets (header tokens): typed into password boxes. */
  secretValues?: boolean;
}

/** Rows of name and value (labels, annotations, headers), added and removed freely; read into a record on saving. */
export function KeyValueEditor({ legend, rows, onChange, keyPlaceholder, valuePlaceholder, testId, error, secretValues }: KeyValueEditorProps) {
  const update = (index: number, change: Partial<KeyValueRow>) => onChange(rows.map((row, position) => (position === index ? { ...row, ...change } : row)));
  return (
    <fieldset className="key-values" data-testid={testId}>
      <legend>{legend}</legend>
      {rows.map((row, index) => (
        <div className="key-value-row" key={index} data-testid={`${testId}-row`}>
          <input aria-label={`${legend} name`} data-testid={`${testId}-key`} placeholder={keyPlaceholder} value={row.key} spellCheck={false} onChange={(event) => update(index, { key: event.target.value })} />
          <input
            aria-label={`${legend} value`}
            data-testid={`${testId}-value`}
            placeholder={valuePlaceholder}
            type={secretValues ? 'password' : 'text'}
            autoComplete="off"
            value={row.value}
            onChange={(event) => update(index, { value: event.target.value })}
          />
          <button type="button" aria-label={`Remove ${row.key || 'row'}`} onClick={() => onChange(rows.filter((_, position) => position !== index))}>
            ×
          </button>
        </div>
      ))}
      <button type="button" data-testid={`${testId}-add`} onClick={() => onChange([...rows, { key: '', value: '' }])}>
        + Add
      </button>
      {error ? (
        <span className="field-error" data-testid={`${testId}-error`}>
          {error}
        </span>
      ) : null}
    </fieldset>
  );
}
