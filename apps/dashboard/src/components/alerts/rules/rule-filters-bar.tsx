'use client';

import { ALERT_RULE_KINDS, type AlertRuleKind } from '@vigil/contracts';
import { KIND_LABELS } from '../../../lib/rule-form';
import { RULE_STATES, type RuleFilters, type RuleState } from '../../../lib/rule-status';

/** Search by name (as typed, no submit: the list is already loaded) and the state and kind filters. */
export function RuleFiltersBar({ filters, onChange }: { filters: RuleFilters; onChange(filters: RuleFilters): void }) {
  return (
    <section className="card controls rule-filters" data-testid="rule-filters">
      <label className="grow">
        Search
        <input type="search" data-testid="rule-search" placeholder="Rule name" value={filters.q} onChange={(event) => onChange({ ...filters, q: event.target.value })} />
      </label>
      <label>
        State
        <select data-testid="rule-state-filter" value={filters.state} onChange={(event) => onChange({ ...filters, state: event.target.value as RuleState | 'all' })}>
          <option value="all">any state</option>
          {RULE_STATES.map((state) => (
            <option key={state} value={state}>
              {state}
            </option>
          ))}
        </select>
      </label>
      <label>
        Kind
        <select data-testid="rule-kind-filter" value={filters.kind} onChange={(event) => onChange({ ...filters, kind: event.target.value as AlertRuleKind | 'all' })}>
          <option value="all">any kind</option>
          {ALERT_RULE_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {KIND_LABELS[kind]}
            </option>
          ))}
        </select>
      </label>
    </section>
  );
}
