'use client';

import { parseLabelMatcher, type SessionUser } from '@vigil/contracts';
import { type FormEvent, useState } from 'react';
import { RANGE_PRESETS, type RangePresetId } from '../../lib/metrics-query';

export interface QueryControlsProps {
  projects: SessionUser['projects'];
  projectId: string;
  onProject(id: string): void;
  names: readonly string[];
  metric: string | undefined;
  onMetric(name: string): void;
  range: RangePresetId;
  onRange(id: RangePresetId): void;
  match: string;
  onMatch(text: string): void;
}

export function QueryControls(props: QueryControlsProps) {
  return (
    <div className="controls card">
      <label>
        Project
        <select data-testid="project-picker" value={props.projectId} onChange={(event) => props.onProject(event.target.value)} disabled={props.projects.length < 2}>
          {props.projects.map((project) => (
            <option key={project.id} value={project.id}>
              {project.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Metric
        <select
          data-testid="metric-picker"
          value={props.metric ?? ''}
          onChange={(event) => props.onMetric(event.target.value)}
          disabled={props.names.length === 0}
        >
          {props.names.length === 0 ? <option value="">No metrics yet</option> : null}
          {props.names.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="range" aria-label="Time range">
        <legend>Range</legend>
        {RANGE_PRESETS.map((preset) => (
          <button
            key={preset.id}
            type="button"
            className={preset.id === props.range ? 'selected' : undefined}
            aria-pressed={preset.id === props.range}
            onClick={() => props.onRange(preset.id)}
          >
            {preset.id}
          </button>
        ))}
      </fieldset>
      <MatcherInput key={props.match} applied={props.match} onApply={props.onMatch} />
    </div>
  );
}

/** A draft `label="value"` that takes effect on Enter/Apply, checked with the API's own parser. */
function MatcherInput({ applied, onApply }: { applied: string; onApply(text: string): void }) {
  const [draft, setDraft] = useState(applied);
  const [error, setError] = useState<string | undefined>();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const text = draft.trim();
    if (text && !parseLabelMatcher(text)) {
      setError('Write a matcher as label="value" or label!="value".');
      return;
    }
    setError(undefined);
    onApply(text);
  }

  return (
    <form className="matcher" onSubmit={submit}>
      <label>
        <span>
          Label matcher <span className="muted">(optional)</span>
        </span>
        <span className="matcher-row">
          <input
            data-testid="label-matcher"
            placeholder='service="checkout"'
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            aria-invalid={error ? true : undefined}
            spellCheck={false}
          />
          <button type="submit">Apply</button>
        </span>
      </label>
      {error ? <span className="field-error">{error}</span> : null}
    </form>
  );
}
