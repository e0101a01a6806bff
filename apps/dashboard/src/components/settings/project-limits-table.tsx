'use client';

import { PROJECT_LIMIT_KEYS, type ProjectLimitKey, type ProjectSettingsResponse } from '@vigil/contracts';
import { type FieldErrors, formatLimit, formatRetention, isMaxAgeCapped, LIMITS, limitInputValue } from '../../lib/project-settings';

export interface ProjectLimitsTableProps {
  settings: ProjectSettingsResponse;
  /** What was typed in each touched override input. */
  draft: Partial<Record<ProjectLimitKey, string>>;
  fieldErrors: FieldErrors;
  /** A request is under way: no second one. */
  busy: boolean;
  /** The limit whose reset is under way. */
  resetting: ProjectLimitKey | undefined;
  onChange(key: ProjectLimitKey, text: string): void;
  onReset(key: ProjectLimitKey): void;
}

/** Every limit: the value in force, whether this project overrides it, an input in the limit's own unit, and a reset. */
export function ProjectLimitsTable({ settings, draft, fieldErrors, busy, resetting, onChange, onReset }: ProjectLimitsTableProps) {
  const maxAgeCapped = isMaxAgeCapped(settings);
  return (
    <div className="card table-card">
      <table className="services project-limits" data-testid="project-limits">
        <thead>
          <tr>
            <th scope="col">Limit</th>
            <th scope="col">In force</th>
            <th scope="col">Source</th>
            <th scope="col">Override</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {PROJECT_LIMIT_KEYS.map((key) => {
            const { label, description, unit } = LIMITS[key];
            const inForce = settings.ingestLimits[key];
            const override = settings.overrides[key];
            const overridden = override !== undefined;
            const error = fieldErrors[key];
            const errorId = `limit-error-${key}`;
            return (
              <tr key={key} data-testid="limit-row" data-limit={key} data-overridden={overridden}>
                <th scope="row">
                  {label} <code className="small muted">{key}</code>
                  <span className="small muted limit-description">{description}</span>
                </th>
                <td className="in-force">
                  <span data-testid="limit-in-force">{inForce === undefined ? '—' : formatLimit(key, inForce)}</span>
                  {key === 'maxAgeMs' && maxAgeCapped ? (
                    <span className="small muted limit-description" data-testid="max-age-capped">
                      capped at the retention ({formatRetention(settings.retentionDays)})
                    </span>
                  ) : null}
                </td>
                <td>
                  <span className={`limit-source limit-source-${overridden ? 'override' : 'default'}`} data-testid="limit-source">
                    {overridden ? 'Overridden' : 'Default'}
                  </span>
                </td>
                <td>
                  <span className="input-with-unit">
                    {/* Text rather than type=number: an empty input means "the default" here, and a number input reports unreadable text as empty too. */}
                    <input
                      name={key}
                      inputMode="decimal"
                      autoComplete="off"
                      data-testid="limit-input"
                      placeholder="default"
                      aria-label={`${label} override, in ${unit.many}`}
                      value={draft[key] ?? limitInputValue(key, override)}
                      aria-invalid={error ? true : undefined}
                      aria-describedby={error ? errorId : undefined}
                      onChange={(event) => onChange(key, event.target.value)}
                    />
                    <span className="muted small">{unit.many}</span>
                  </span>
                  {error ? (
                    <span className="field-error" id={errorId} data-testid="limit-error">
                      {error}
                    </span>
                  ) : null}
                </td>
                <td className="actions">
                  {overridden ? (
                    <button type="button" data-testid="reset-limit" disabled={busy} onClick={() => onReset(key)}>
                      {resetting === key ? 'Resetting…' : 'Reset to default'}
                    </button>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
