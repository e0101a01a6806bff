'use client';

import { type FormEvent, useState } from 'react';
import { MAX_QUERY_RANGE_MS } from '@vigil/contracts';
import { describeRange, fromLocalInput, presetRange, RANGE_PRESETS, type TimeRange, toLocalInput, zoomOut } from '../../lib/time-range';

export interface RangePickerProps {
  range: TimeRange;
  onChange(range: TimeRange): void;
  /** Offer a custom from/to form (the metrics and logs explorers). */
  custom?: boolean;
}

/** Preset buttons, and for explorers a custom range; a zoomed (absolute) range is shown as text. */
export function RangePicker({ range, onChange, custom = false }: RangePickerProps) {
  const [editing, setEditing] = useState(false);
  return (
    <div className="range-picker">
      <fieldset className="range" aria-label="Time range" data-testid="range-picker">
        <legend className="visually-hidden">Range</legend>
        {RANGE_PRESETS.map((preset) => {
          const selected = range.kind === 'preset' && range.preset === preset.id;
          return (
            <button key={preset.id} type="button" className={selected ? 'selected' : undefined} aria-pressed={selected} title={preset.label} onClick={() => onChange(presetRange(preset.id))}>
              {preset.id}
            </button>
          );
        })}
        {custom ? (
          <button type="button" className={range.kind === 'absolute' ? 'selected' : undefined} aria-pressed={range.kind === 'absolute'} aria-expanded={editing} onClick={() => setEditing(!editing)}>
            Custom
          </button>
        ) : null}
      </fieldset>
      {range.kind === 'absolute' ? (
        <>
          <span className="muted small" data-testid="range-description">
            {describeRange(range)}
          </span>
          <button type="button" data-testid="zoom-out" title="Three times as wide, around the same time" onClick={() => onChange(zoomOut(range, Date.now()))}>
            Zoom out
          </button>
        </>
      ) : null}
      {custom && editing ? (
        <CustomRangeForm
          range={range}
          onApply={(next) => {
            setEditing(false);
            onChange(next);
          }}
        />
      ) : null}
    </div>
  );
}

function CustomRangeForm({ range, onApply }: { range: TimeRange; onApply(range: TimeRange): void }) {
  const now = Date.now();
  const initial = range.kind === 'absolute' ? range : { from: now - 3_600_000, to: now };
  const [from, setFrom] = useState(toLocalInput(initial.from));
  const [to, setTo] = useState(toLocalInput(initial.to));
  const [error, setError] = useState<string | undefined>();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const start = fromLocalInput(from);
    const end = fromLocalInput(to);
    if (start === undefined || end === undefined) return setError('Enter both a start and an end.');
    if (end <= start) return setError('The end must be after the start.');
    if (end - start > MAX_QUERY_RANGE_MS) return setError('A range may span at most 31 days.');
    setError(undefined);
    onApply({ kind: 'absolute', from: start, to: end });
  }

  return (
    <form className="custom-range" onSubmit={submit} data-testid="custom-range">
      <label>
        From
        <input type="datetime-local" value={from} onChange={(event) => setFrom(event.target.value)} />
      </label>
      <label>
        To
        <input type="datetime-local" value={to} onChange={(event) => setTo(event.target.value)} />
      </label>
      <button type="submit" className="primary">
        Apply
      </button>
      {error ? <span className="field-error">{error}</span> : null}
    </form>
  );
}
