'use client';

import { COMPARATORS, type Comparator, REDUCERS, type Reducer } from '@vigil/contracts';
import type { RuleField, RuleFieldErrors, RuleForm } from '../../../lib/rule-form';
import { FieldError, invalidProps } from '../../common/field-error';

type Change = (change: Partial<RuleForm>) => void;

const errorId = (field: RuleField) => `rule-${field.replace(/\./g, '-')}-error`;

function TextField({ label, field, testId, value, onChange, errors, placeholder, hint, className }: {
  label: string;
  field: RuleField;
  testId: string;
  value: string;
  onChange(value: string): void;
  errors: RuleFieldErrors;
  placeholder?: string;
  hint?: string;
  className?: string;
}) {
  return (
    <label className={className} title={hint}>
      {label}
      <input data-testid={testId} placeholder={placeholder} value={value} inputMode={className === 'number' ? 'decimal' : undefined} onChange={(event) => onChange(event.target.value)} {...invalidProps(errorId(field), errors[field])} />
      <FieldError id={errorId(field)} message={errors[field]} />
    </label>
  );
}

/** The window values are reduced over (and how, for metrics), the comparator, and the three thresholds. */
export function ThresholdFields({ form, onChange, errors }: { form: RuleForm; onChange: Change; errors: RuleFieldErrors }) {
  return (
    <div className="controls thresholds" data-testid="threshold-fields">
      <TextField label="Window" field="spec.windowSeconds" testId="rule-window" value={form.window} onChange={(window) => onChange({ window })} errors={errors} placeholder="5m" className="duration" hint="Values over this long before each evaluation are compared (e.g. 5m)" />
      {form.kind === 'log_count' ? null : (
        <label title="How the window's values fold into the one compared">
          Reduce with
          <select data-testid="rule-reducer" value={form.reducer} onChange={(event) => onChange({ reducer: event.target.value as Reducer })}>
            {REDUCERS.map((reducer) => (
              <option key={reducer} value={reducer}>
                {reducer}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        Fires when the value is
        <select data-testid="rule-comparator" value={form.comparator} onChange={(event) => onChange({ comparator: event.target.value as Comparator })}>
          {COMPARATORS.map((comparator) => (
            <option key={comparator} value={comparator}>
              {comparator}
            </option>
          ))}
        </select>
      </label>
      <TextField label="Critical" field="spec.critical" testId="rule-critical" value={form.critical} onChange={(critical) => onChange({ critical })} errors={errors} className="number" />
      <TextField label="Warning" field="spec.warning" testId="rule-warning" value={form.warning} onChange={(warning) => onChange({ warning })} errors={errors} className="number" />
      <TextField
        label="Recovers at"
        field="spec.recovery"
        testId="rule-recovery"
        value={form.recovery}
        onChange={(recovery) => onChange({ recovery })}
        errors={errors}
        className="number"
        placeholder="threshold"
        hint="A firing alert resolves only once the value is on the healthy side of this (default: the least strict threshold), so a value hovering at the threshold does not flap"
      />
    </div>
  );
}

/** How often the rule runs, how long a breach must hold, how long a recovered alert keeps firing, and what no data means. */
export function TimingFields({ form, onChange, errors }: { form: RuleForm; onChange: Change; errors: RuleFieldErrors }) {
  return (
    <div className="controls timing" data-testid="timing-fields">
      <TextField label="Evaluate every" field="intervalSeconds" testId="rule-interval" value={form.interval} onChange={(interval) => onChange({ interval })} errors={errors} className="duration" />
      <TextField label="Pending for" field="forSeconds" testId="rule-for" value={form.forDuration} onChange={(forDuration) => onChange({ forDuration })} errors={errors} className="duration" hint="A breach must hold this long before the alert fires (0s: at once)" />
      <TextField label="Keep firing for" field="keepFiringForSeconds" testId="rule-keep-firing" value={form.keepFiringFor} onChange={(keepFiringFor) => onChange({ keepFiringFor })} errors={errors} className="duration" hint="A recovered alert keeps firing this long, absorbing a brief dip" />
      <label>
        Without data
        <select data-testid="rule-no-data" value={form.noData} onChange={(event) => onChange({ noData: event.target.value as RuleForm['noData'] })}>
          <option value="ok">resolve (treat as recovered)</option>
          <option value="alert">fire a no-data alert</option>
          <option value="keep">keep the state as it is</option>
        </select>
      </label>
    </div>
  );
}
