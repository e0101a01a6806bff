import type { AlertRule } from '@vigil/contracts';
import { formatInstant, formatRelative } from '../../../lib/alert-times';
import { describeRuleCondition } from '../../../lib/rule-summary';
import { formatSpan } from '../../../lib/time-format';
import { LabelChips } from '../common/badges';
import { kindLabel } from './rules-table';

const NO_DATA: Record<AlertRule['noData'], string> = { ok: 'resolves (treated as recovered)', alert: 'fires a no-data alert', keep: 'keeps the state as it is' };

/** What the rule watches and how it is evaluated, as a definition list. */
export function RuleSummaryCard({ rule }: { rule: AlertRule }) {
  const span = (seconds: number) => formatSpan(seconds * 1000);
  return (
    <section className="card rule-summary" data-testid="rule-summary">
      {rule.description ? <p>{rule.description}</p> : null}
      <dl className="facts">
        <dt>Kind</dt>
        <dd>{kindLabel(rule.kind)}</dd>
        <dt>Condition</dt>
        <dd>
          <code data-testid="rule-condition">{describeRuleCondition(rule)}</code>
        </dd>
        <dt>Evaluation</dt>
        <dd>
          every {span(rule.intervalSeconds)}; {rule.forSeconds === 0 ? 'fires at once' : `fires after ${span(rule.forSeconds)} pending`};{' '}
          {rule.keepFiringForSeconds === 0 ? 'resolves once recovered' : `keeps firing ${span(rule.keepFiringForSeconds)} after recovering`}; without data it {NO_DATA[rule.noData]}
        </dd>
        <dt>Last evaluated</dt>
        <dd data-testid="rule-last-evaluated" title={formatInstant(rule.status.lastEvaluatedAt, true)}>
          {rule.status.lastEvaluatedAt ? `${formatRelative(rule.status.lastEvaluatedAt, Date.now())} (${formatInstant(rule.status.lastEvaluatedAt, true)})` : 'not yet'}
        </dd>
        {rule.status.lastError ? (
          <>
            <dt>Last error</dt>
            <dd className="field-error" data-testid="rule-last-error">
              {rule.status.lastError}
            </dd>
          </>
        ) : null}
        <dt>Labels</dt>
        <dd>
          <LabelChips labels={rule.labels} testId="rule-labels" />
        </dd>
        <dt>Annotations</dt>
        <dd>
          {Object.keys(rule.annotations).length === 0 ? (
            <span className="muted">none</span>
          ) : (
            <dl className="annotations">
              {Object.entries(rule.annotations).map(([key, value]) => (
                <div key={key}>
                  <dt>{key}</dt>
                  <dd>{value}</dd>
                </div>
              ))}
            </dl>
          )}
        </dd>
        <dt>Changed</dt>
        <dd>{formatInstant(rule.updatedAt)}</dd>
      </dl>
    </section>
  );
}
