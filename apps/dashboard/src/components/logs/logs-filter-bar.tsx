'use client';

import { LOG_SEVERITY_LEVELS, type LogSeverityLevel, logsAttributeKeysResponseSchema, logsAttributeValuesResponseSchema, logsServicesResponseSchema } from '@vigil/contracts';
import { type FormEvent, useState } from 'react';
import { apiJson } from '../../lib/api-client';
import { attributeSuggestionRequest, attributeSuggestionTexts, isAttributeFilter, isAttributeFilterIncomplete, type LogFilters } from '../../lib/logs-query';
import type { ResolvedRange } from '../../lib/time-range';
import { Autocomplete } from '../common/autocomplete';

export interface LogsFilterBarProps {
  projectId: string;
  filters: LogFilters;
  range: ResolvedRange;
  onChange(change: Partial<LogFilters>): void;
}

export function LogsFilterBar({ projectId, filters, range, onChange }: LogsFilterBarProps) {
  return (
    <section className="card logs-filters">
      <SearchBox q={filters.q} onSearch={(q) => onChange({ q })} />
      <div className="controls">
        <ServiceFilter projectId={projectId} services={filters.services} range={range} onChange={(services) => onChange({ services })} />
        <SeverityFilter selected={filters.severities} onChange={(severities) => onChange({ severities })} />
        <AttributeFilter projectId={projectId} attrs={filters.attrs} range={range} onChange={(attrs) => onChange({ attrs })} />
      </div>
      {filters.traceId ? (
        <p className="chips">
          <span className="chip">
            trace <code>{filters.traceId}</code>
            <button type="button" aria-label="Remove trace filter" onClick={() => onChange({ traceId: undefined })}>
              ×
            </button>
          </span>
        </p>
      ) : null}
    </section>
  );
}

function SearchBox({ q, onSearch }: { q: string; onSearch(q: string): void }) {
  const [draft, setDraft] = useState(q);
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onSearch(draft.trim());
  }
  return (
    <form className="search-box" role="search" onSubmit={submit}>
      <input
        type="search"
        aria-label="Search log messages"
        data-testid="logs-search"
        placeholder='Words and "quoted phrases" in the message; -word excludes'
        value={draft}
        maxLength={1024}
        onChange={(event) => setDraft(event.target.value)}
      />
      <button type="submit" className="primary">
        Search
      </button>
    </form>
  );
}

export function SeverityFilter({ selected, onChange }: { selected: readonly LogSeverityLevel[]; onChange(severities: LogSeverityLevel[]): void }) {
  return (
    <div className="chip-filter">
      <span className="field-label" id="severity-label">
        Severity
      </span>
      <div className="range severity-filter" role="group" aria-labelledby="severity-label" data-testid="severity-filter">
      {LOG_SEVERITY_LEVELS.map((level) => {
        const on = selected.includes(level);
        return (
          <button
            key={level}
            type="button"
            className={on ? 'selected' : undefined}
            aria-pressed={on}
            onClick={() => onChange(on ? selected.filter((one) => one !== level) : LOG_SEVERITY_LEVELS.filter((one) => one === level || selected.includes(one)))}
          >
            {level}
          </button>
        );
      })}
      </div>
    </div>
  );
}

/** Chips, one per value, with a box that suggests the services seen in the range. */
function ChipInput(props: {
  title: string;
  values: readonly string[];
  onChange(values: string[]): void;
  accept(text: string): boolean;
  placeholder: string;
  testId: string;
  invalidHint: string;
  loadSuggestions(text: string, signal: AbortSignal): Promise<readonly string[]>;
  contextKey: string;
  /** Text that is a step towards a value (a picked `key=`): kept in the box, not added or refused. */
  isIncomplete?(text: string): boolean;
}) {
  const [draft, setDraft] = useState('');
  const [invalid, setInvalid] = useState(false);
  const add = (text: string) => {
    const value = text.trim();
    if (!value) return;
    if (props.isIncomplete?.(value)) return setDraft(value);
    if (!props.accept(value)) return setInvalid(true);
    setInvalid(false);
    if (!props.values.includes(value)) props.onChange([...props.values, value]);
    setDraft('');
  };
  return (
    <div className="chip-filter">
      <span className="field-label">{props.title}</span>
      <div className="chips" data-testid={`${props.testId}-chips`}>
        {props.values.map((value) => (
          <span className="chip" key={value} data-testid={`${props.testId}-chip`}>
            {value}
            <button type="button" aria-label={`Remove ${value}`} onClick={() => props.onChange(props.values.filter((one) => one !== value))}>
              ×
            </button>
          </span>
        ))}
        <Autocomplete
          label={props.title}
          testId={props.testId}
          className="chip-input"
          placeholder={props.placeholder}
          value={draft}
          invalid={invalid}
          onChange={(text) => {
            setDraft(text);
            setInvalid(false);
          }}
          onCommit={add}
          contextKey={props.contextKey}
          loadSuggestions={props.loadSuggestions}
        />
      </div>
      {invalid ? <span className="field-error">{props.invalidHint}</span> : null}
    </div>
  );
}

export function ServiceFilter({ projectId, services, range, onChange }: { projectId: string; services: readonly string[]; range: ResolvedRange; onChange(services: string[]): void }) {
  return (
    <ChipInput
      title="Service"
      testId="service-filter"
      placeholder="service name"
      values={services}
      onChange={onChange}
      accept={(text) => text.length <= 256}
      invalidHint="At most 256 characters."
      contextKey={`services:${projectId}:${range.from}:${range.to}`}
      loadSuggestions={async (text, signal) => {
        const search = new URLSearchParams({ project: projectId, from: String(range.from), to: String(range.to), prefix: text, limit: '50' });
        const { services: found } = await apiJson(`/api/v1/logs/services?${search.toString()}`, logsServicesResponseSchema, { signal });
        return found.filter((name) => !services.includes(name));
      }}
    />
  );
}

export function AttributeFilter({ projectId, attrs, range, onChange }: { projectId: string; attrs: readonly string[]; range: ResolvedRange; onChange(attrs: string[]): void }) {
  return (
    <ChipInput
      title="Attributes"
      testId="attr-filter"
      placeholder="key=value"
      values={attrs}
      onChange={onChange}
      accept={isAttributeFilter}
      isIncomplete={isAttributeFilterIncomplete}
      invalidHint="Write key=value or key!=value (resource.key=value for resource attributes)."
      contextKey={`attrs:${projectId}:${range.from}:${range.to}`}
      loadSuggestions={async (text, signal) => {
        const request = attributeSuggestionRequest(text);
        if (!request) return [];
        const search = new URLSearchParams({ project: projectId, from: String(range.from), to: String(range.to), prefix: request.prefix, limit: '50' });
        if (request.kind === 'keys') {
          const { keys } = await apiJson(`/api/v1/logs/attributes?${search.toString()}`, logsAttributeKeysResponseSchema, { signal });
          return attributeSuggestionTexts(request, keys);
        }
        search.set('key', request.key);
        const { values } = await apiJson(`/api/v1/logs/attribute-values?${search.toString()}`, logsAttributeValuesResponseSchema, { signal });
        return attributeSuggestionTexts(request, values).filter((filter) => !attrs.includes(filter));
      }}
    />
  );
}
