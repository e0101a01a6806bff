'use client';

import { type KeyboardEvent, useState } from 'react';

export interface ChipsInputProps {
  label: string;
  values: readonly string[];
  onChange(values: string[]): void;
  placeholder: string;
  testId: string;
  error?: string;
}

/** Values as removable chips; typing one and pressing Enter or a comma (or leaving the box) adds it. */
export function ChipsInput({ label, values, onChange, placeholder, testId, error }: ChipsInputProps) {
  const [draft, setDraft] = useState('');
  const add = () => {
    const value = draft.trim().replace(/,$/, '');
    if (value && !values.includes(value)) onChange([...values, value]);
    setDraft('');
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter' || event.key === ',') {
      event.preventDefault();
      add();
    } else if (event.key === 'Backspace' && draft === '' && values.length > 0) {
      onChange(values.slice(0, -1));
    }
  };
  return (
    <div className="chip-filter">
      <span className="field-label">{label}</span>
      <div className="chips" data-testid={`${testId}-chips`}>
        {values.map((value) => (
          <span className="chip" key={value}>
            {value}
            <button type="button" aria-label={`Remove ${value}`} onClick={() => onChange(values.filter((one) => one !== value))}>
              ×
            </button>
          </span>
        ))}
        <input className="chip-text" aria-label={label} data-testid={testId} placeholder={placeholder} value={draft} onChange={(event) => setDraft(event.target.value)} onKeyDown={onKeyDown} onBlur={add} aria-invalid={error ? true : undefined} />
      </div>
      {error ? <span className="field-error">{error}</span> : null}
    </div>
  );
}
