'use client';

import { useMemo } from 'react';
import type { LogCountForm, RuleFieldErrors } from '../../../lib/rule-form';
import { AttributeFilter, ServiceFilter, SeverityFilter } from '../../logs/logs-filter-bar';
import { FieldError, invalidProps } from '../../common/field-error';

/** Suggestions for services and attributes come from the last day of logs. */
const SUGGESTION_RANGE_MS = 86_400_000;

/** A log count rule's search — the logs explorer's own filters — and how records are grouped into alerts. */
export function LogCountFields({ projectId, value, onChange, errors }: { projectId: string; value: LogCountForm; onChange(value: LogCountForm): void; errors: RuleFieldErrors }) {
  const range = useMemo(() => {
    const to = Date.now();
    return { from: to - SUGGESTION_RANGE_MS, to };
  }, []);
  return (
    <fieldset className="selector logs-filters" data-testid="log-count-fields">
      <legend>Log records</legend>
      <label>
        Search text
        <input
          data-testid="log-search-text"
          placeholder='Words and "quoted phrases" in the message; -word excludes'
          maxLength={1024}
          value={value.q}
          onChange={(event) => onChange({ ...value, q: event.target.value })}
          {...invalidProps('rule-spec-search-q-error', errors['spec.search.q'])}
        />
      </label>
      <FieldError id="rule-spec-search-q-error" message={errors['spec.search.q']} />
      <div className="controls">
        <ServiceFilter projectId={projectId} services={value.services} range={range} onChange={(services) => onChange({ ...value, services })} />
        <SeverityFilter selected={value.severities} onChange={(severities) => onChange({ ...value, severities })} />
        <AttributeFilter projectId={projectId} attrs={value.attrs} range={range} onChange={(attrs) => onChange({ ...value, attrs })} />
      </div>
      <FieldError id="rule-spec-search-service-error" message={errors['spec.search.service']} />
      <FieldError id="rule-spec-search-attr-error" message={errors['spec.search.attr']} />
      <div className="controls">
        <label>
          One alert per
          <select data-testid="log-group-by" value={value.groupBy} onChange={(event) => onChange({ ...value, groupBy: event.target.value as LogCountForm['groupBy'] })}>
            <option value="service">service</option>
            <option value="attribute">attribute value</option>
            <option value="none">rule (all records together)</option>
          </select>
        </label>
        {value.groupBy === 'attribute' ? (
          <label>
            Attribute key
            <input
              data-testid="log-group-by-attribute"
              placeholder="e.g. http.route"
              value={value.groupByAttribute}
              onChange={(event) => onChange({ ...value, groupByAttribute: event.target.value })}
              {...invalidProps('rule-spec-groupBy-error', errors['spec.groupBy'])}
            />
          </label>
        ) : null}
      </div>
      <FieldError id="rule-spec-groupBy-error" message={errors['spec.groupBy']} />
    </fieldset>
  );
}
