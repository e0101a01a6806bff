'use client';

import { checkListResponseSchema, checkSchema, type CheckKind } from '@vigil/contracts';
import { useState } from 'react';
import { useApiResource } from '../../hooks/use-api-resource';
import { useChecks } from '../../hooks/use-checks';
import { useDebouncedValue } from '../../hooks/use-debounced-value';
import { apiJson } from '../../lib/api-client';
import { checkPath, checksPath } from '../../lib/checks-api';

/** Choices shown at once; a project of thousands of checks is narrowed by typing. */
const SHOWN = 50;

export interface CheckPickerProps {
  /** A check id, or '' for none. */
  value: string;
  onChange(checkId: string): void;
  label: string;
  testId: string;
  /** Leave this check out (a check cannot depend on itself). */
  exclude?: string;
  /** Push checks cannot watch a failover target. */
  kinds?: readonly CheckKind[];
  noneLabel?: string;
  invalid?: { 'aria-invalid'?: true; 'aria-describedby'?: string };
}

/** Picks one of the project's checks by name: a search box narrows the list (the API searches), the chosen one stays listed. */
export function CheckPicker({ value, onChange, label, testId, exclude, kinds, noneLabel, invalid }: CheckPickerProps) {
  const { projectId } = useChecks();
  const [typed, setTyped] = useState('');
  const q = useDebouncedValue(typed.trim(), 250);
  const found = useApiResource(`check-picker:${projectId}:${q}`, (signal) => apiJson(checksPath(projectId, { q, limit: SHOWN }), checkListResponseSchema, { signal }));
  const chosen = useApiResource(value ? `check:${projectId}:${value}` : null, (signal) => apiJson(checkPath(projectId, value), checkSchema, { signal }));
  const options = (found.data?.checks ?? []).filter((check) => check.id !== exclude && (kinds === undefined || kinds.includes(check.kind)));
  if (chosen.data && !options.some((check) => check.id === chosen.data?.id)) options.unshift(chosen.data);
  return (
    <span className="check-picker">
      <input type="search" aria-label={`Search ${label}`} data-testid={`${testId}-search`} placeholder="Search by name" value={typed} onChange={(event) => setTyped(event.target.value)} />
      <select aria-label={label} data-testid={testId} value={value} onChange={(event) => onChange(event.target.value)} {...invalid}>
        <option value="">{noneLabel ?? 'choose a check'}</option>
        {options.map((check) => (
          <option key={check.id} value={check.id}>
            {check.name} ({check.kind})
          </option>
        ))}
      </select>
    </span>
  );
}
