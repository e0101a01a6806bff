'use client';

import type { ReactNode } from 'react';
import { type CheckField, type CheckFieldErrors, fieldErrorId } from '../../lib/check-form';
import { FieldError, invalidProps } from '../common/field-error';

export interface TextFieldProps {
  label: ReactNode;
  field: CheckField;
  value: string;
  onChange(value: string): void;
  errors: CheckFieldErrors;
  testId: string;
  placeholder?: string;
  hint?: string;
  className?: string;
}

/** One text input of the check form, with its message below it (from the form's checks or the API's 400). */
export function TextField({ label, field, value, onChange, errors, testId, placeholder, hint, className }: TextFieldProps) {
  const id = fieldErrorId(field);
  return (
    <label className={className}>
      {label}
      <input data-testid={testId} value={value} placeholder={placeholder} spellCheck={false} onChange={(event) => onChange(event.target.value)} {...invalidProps(id, errors[field])} />
      {hint ? <span className="small muted">{hint}</span> : null}
      <FieldError id={id} message={errors[field]} />
    </label>
  );
}

export function Checkbox({ label, checked, onChange, testId }: { label: string; checked: boolean; onChange(checked: boolean): void; testId: string }) {
  return (
    <label className="checkbox">
      <input type="checkbox" data-testid={testId} checked={checked} onChange={(event) => onChange(event.target.checked)} />
      {label}
    </label>
  );
}
