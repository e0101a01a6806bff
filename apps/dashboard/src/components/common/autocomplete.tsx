'use client';

import { type KeyboardEvent, useId, useState } from 'react';
import { useApiResource } from '../../hooks/use-api-resource';
import { useDebouncedValue } from '../../hooks/use-debounced-value';

export interface AutocompleteProps {
  value: string;
  onChange(value: string): void;
  /** A suggestion was picked, or Enter pressed on the typed text. */
  onCommit?(value: string): void;
  /** Loads suggestions for the typed text; `contextKey` names everything else it depends on. */
  loadSuggestions(text: string, signal: AbortSignal): Promise<readonly string[]>;
  contextKey: string;
  label: string;
  placeholder?: string;
  testId: string;
  className?: string;
  invalid?: boolean;
  /** Leaving the box commits the typed text too (a picker whose value drives a query). */
  commitOnBlur?: boolean;
}

const MAX_SHOWN = 50;

/**
 * A text box with suggestions from the API (WAI-ARIA combobox: arrow keys, Enter, Escape).
 * Suggestions load only while the box is focused, 150 ms after typing stops. Hand-written
 * rather than a component library: the dashboard has no UI framework to match, and this is
 * the one widget it needs.
 */
export function Autocomplete(props: AutocompleteProps) {
  const { value, onChange, onCommit, loadSuggestions, contextKey, label, placeholder, testId, className, invalid, commitOnBlur } = props;
  const listId = useId();
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const typed = useDebouncedValue(value, 150);
  const suggestions = useApiResource(open ? `${contextKey}\n${typed}` : null, (signal) => loadSuggestions(typed, signal));
  const shown = (suggestions.data ?? []).filter((one) => one !== value).slice(0, MAX_SHOWN);

  function choose(choice: string) {
    onChange(choice);
    onCommit?.(choice);
    setOpen(false);
    setActive(-1);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setOpen(true);
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((current) => (shown.length === 0 ? -1 : (current + step + shown.length) % shown.length));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const picked = active >= 0 ? shown[active] : undefined;
      choose(picked ?? value);
    } else if (event.key === 'Escape') {
      setOpen(false);
      setActive(-1);
    }
  }

  return (
    <div className={`combobox ${className ?? ''}`}>
      <input
        role="combobox"
        aria-label={label}
        aria-expanded={open && shown.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={active >= 0 ? `${listId}-${active}` : undefined}
        aria-invalid={invalid ? true : undefined}
        data-testid={testId}
        placeholder={placeholder}
        value={value}
        spellCheck={false}
        autoComplete="off"
        onChange={(event) => {
          onChange(event.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => {
          setOpen(false);
          if (commitOnBlur) onCommit?.(value);
        }}
        onKeyDown={onKeyDown}
      />
      {open && shown.length > 0 ? (
        <ul role="listbox" id={listId} className="suggestions" data-testid={`${testId}-suggestions`}>
          {shown.map((one, index) => (
            <li
              key={one}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === active}
              // mousedown, not click: it fires before the input's blur closes the list.
              onMouseDown={(event) => {
                event.preventDefault();
                choose(one);
              }}
            >
              {one || <span className="muted">(empty)</span>}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
