'use client';

import type { AlertRule, AlertRuleKind } from '@vigil/contracts';
import Link from 'next/link';
import { useAlerting } from '../../../hooks/use-alerting';
import { formatInstant, formatRelative } from '../../../lib/alert-times';
import { KIND_LABELS } from '../../../lib/rule-form';
import { describeRuleState, ruleState } from '../../../lib/rule-status';
import { describeRuleCondition } from '../../../lib/rule-summary';
import { StateBadge } from '../common/badges';

/** The kinds of the rules SLOs keep (not made in this form, listed beside the others). */
const SLO_KIND_LABELS: Record<string, string> = { slo_burn_rate: 'SLO burn rate', slo_budget: 'SLO error budget' };

export function kindLabel(kind: string): string {
  return KIND_LABELS[kind as AlertRuleKind] ?? SLO_KIND_LABELS[kind] ?? kind;
}

/** One row per rule: name (to its page), kind, live state, condition, last evaluation and error. */
export function RulesTable({ rules }: { rules: readonly AlertRule[] }) {
  const { href } = useAlerting();
  const now = Date.now();
  return (
    <div className="card table-card">
      <table className="services rules-table" data-testid="rules-table">
        <thead>
          <tr>
            <th scope="col">Rule</th>
            <th scope="col">Kind</th>
            <th scope="col">State</th>
            <th scope="col">Last evaluated</th>
          </tr>
        </thead>
        <tbody>
          {rules.map((rule) => {
            const state = ruleState(rule);
            return (
              <tr key={rule.id} data-testid="rule-row" data-rule-id={rule.id} data-state={state}>
                <th scope="row">
                  <Link href={href(`rules/${rule.id}`)} data-testid="rule-link">
                    {rule.name}
                  </Link>
                  <code className="condition small" data-testid="rule-condition">
                    {describeRuleCondition(rule)}
                  </code>
                </th>
                <td className="nowrap">{kindLabel(rule.kind)}</td>
                <td>
                  <StateBadge state={state} severity={rule.status.severity} />
                  <span className="small muted state-detail" data-testid="rule-state-detail">
                    {state === 'firing' || state === 'pending' ? describeRuleState(rule) : ''}
                  </span>
                  {rule.status.lastError ? (
                    <span className="small field-error block" data-testid="rule-last-error">
                      {rule.status.lastError}
                    </span>
                  ) : null}
                </td>
                <td className="nowrap" title={formatInstant(rule.status.lastEvaluatedAt, true)} data-testid="rule-last-evaluated">
                  {rule.status.lastEvaluatedAt ? formatRelative(rule.status.lastEvaluatedAt, now) : 'not yet'}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
