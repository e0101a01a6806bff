'use client';

import { alertRuleSchema } from '@vigil/contracts';
import { useAlerting } from '../../../hooks/use-alerting';
import { useApiResource } from '../../../hooks/use-api-resource';
import { apiJson } from '../../../lib/api-client';
import { alertRulesPath } from '../../../lib/alerts-api';
import { emptyRuleForm, ruleFormFromRule } from '../../../lib/rule-form';
import { ErrorBanner, Loading } from '../../common/status';
import { RuleEditorForm } from './rule-editor-form';

/** Alerts → Rules → New rule, or a rule's Edit: the form, loaded with the stored rule when editing. */
export function RuleEditor({ ruleId }: { ruleId?: string }) {
  const { projectId, canConfigure } = useAlerting();
  const rule = useApiResource(ruleId ? `alert-rule:${projectId}:${ruleId}` : null, (signal) => apiJson(alertRulesPath(projectId, ruleId), alertRuleSchema, { signal }));
  const title = ruleId ? `Edit ${rule.data?.name ?? 'rule'}` : 'New alert rule';
  const form = rule.data ? ruleFormFromRule(rule.data) : undefined;
  return (
    <>
      <div className="page-title">
        <h1>{title}</h1>
      </div>
      {canConfigure ? null : (
        <p className="card muted" data-testid="rule-editor-forbidden">
          Your role in this project reads alerting but does not change it; ask an editor, admin or owner.
        </p>
      )}
      {rule.error ? <ErrorBanner error={rule.error} onRetry={rule.reload} /> : null}
      {rule.loading ? <Loading what="the rule" /> : null}
      {canConfigure && !ruleId ? <RuleEditorForm initial={emptyRuleForm()} /> : null}
      {canConfigure && rule.data && form ? <RuleEditorForm key={rule.data.id} initial={form} rule={rule.data} /> : null}
      {rule.data && !form ? (
        <p className="card" data-testid="rule-kind-unsupported">
          This rule is of kind <code>{rule.data.kind}</code>, which this dashboard cannot edit yet; change it through the API.
        </p>
      ) : null}
    </>
  );
}
