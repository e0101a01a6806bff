import { ALERT_RULE_KINDS, type AlertRule, type AlertRuleKind } from '@vigil/contracts';
import { firstParam, type SearchRecord } from './search-params';

/** What a rule is doing now, most pressing first: the list's state column and its filter. */
export const RULE_STATES = ['firing', 'pending', 'error', 'ok', 'not evaluated', 'disabled'] as const;
export type RuleState = (typeof RULE_STATES)[number];

export function ruleState(rule: AlertRule): RuleState {
  if (!rule.enabled) return 'disabled';
  if (rule.status.firing > 0) return 'firing';
  if (rule.status.pending > 0) return 'pending';
  if (rule.status.lastError) return 'error';
  if (rule.status.lastEvaluatedAt === null) return 'not evaluated';
  return 'ok';
}

/** `2 firing · critical`, `1 pending`, `ok`: the state in words, with counts. */
export function describeRuleState(rule: AlertRule): string {
  const state = ruleState(rule);
  const { firing, pending, severity } = rule.status;
  switch (state) {
    case 'firing':
      return `${firing} firing${severity ? ` · ${severity}` : ''}${pending > 0 ? `, ${pending} pending` : ''}`;
    case 'pending':
      return `${pending} pending`;
    case 'error':
    case 'ok':
    case 'not evaluated':
    case 'disabled':
      return state;
  }
}

export interface RuleFilters {
  q: string;
  state: RuleState | 'all';
  kind: AlertRuleKind | 'all';
}

export const NO_RULE_FILTERS: RuleFilters = { q: '', state: 'all', kind: 'all' };

/** Rules whose name contains every word of `q` (any case), in the state and of the kind chosen. */
export function filterRules(rules: readonly AlertRule[], filters: RuleFilters): AlertRule[] {
  const words = filters.q.toLowerCase().split(/\s+/).filter(Boolean);
  return rules.filter((rule) => {
    const name = rule.name.toLowerCase();
    return words.every((word) => name.includes(word)) && (filters.state === 'all' || ruleState(rule) === filters.state) && (filters.kind === 'all' || rule.kind === filters.kind);
  });
}

/** The filters from the address bar (`?q=&state=&kind=`), anything unknown read as "all". */
export function ruleFiltersFromSearch(search: SearchRecord): RuleFilters {
  const state = firstParam(search, 'state');
  const kind = firstParam(search, 'kind');
  return {
    q: firstParam(search, 'q') ?? '',
    state: (RULE_STATES as readonly string[]).includes(state ?? '') ? (state as RuleState) : 'all',
    kind: (ALERT_RULE_KINDS as readonly string[]).includes(kind ?? '') ? (kind as AlertRuleKind) : 'all',
  };
}

export function ruleFiltersToSearch(filters: RuleFilters, projectQuery: Record<string, string>): URLSearchParams {
  const params = new URLSearchParams(projectQuery);
  if (filters.q) params.set('q', filters.q);
  if (filters.state !== 'all') params.set('state', filters.state);
  if (filters.kind !== 'all') params.set('kind', filters.kind);
  return params;
}
