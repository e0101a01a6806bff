'use client';

import { type AlertRule, alertRuleSchema } from '@vigil/contracts';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useAction } from '../../../hooks/use-action';
import { useAlerting } from '../../../hooks/use-alerting';
import { useSession } from '../../../hooks/use-session';
import { apiJson, apiSend } from '../../../lib/api-client';
import { alertRulesPath } from '../../../lib/alerts-api';
import { slosHref } from '../../../lib/slos-api';
import { ruleRequestWithEnabled } from '../../../lib/rule-form';
import { ErrorBanner } from '../../common/status';
import { ConfirmButton } from '../../common/confirm-button';

/** Edit, turn off or on, and delete (asked twice): for editors and above only; a 403 still shows if the role changed meanwhile. */
export function RuleActions({ rule, onChanged }: { rule: AlertRule; onChanged(): void }) {
  const { projectId, canConfigure, href } = useAlerting();
  const multipleProjects = useSession().user.projects.length > 1;
  const router = useRouter();
  const action = useAction();
  if (!canConfigure) return null;
  if (rule.sloId) {
    // The API refuses changes to rules an SLO keeps (409); they change with their SLO.
    return (
      <div className="rule-actions">
        <Link className="button" href={slosHref(rule.sloId, projectId, multipleProjects)} data-testid="rule-slo-link">
          Kept by an SLO: change it there
        </Link>
      </div>
    );
  }
  const toggle = ruleRequestWithEnabled(rule, !rule.enabled);

  async function setEnabled() {
    const saved = await action.run('toggle', () => apiJson(alertRulesPath(projectId, rule.id), alertRuleSchema, { method: 'PUT', json: toggle }));
    if (saved) onChanged();
  }

  async function remove() {
    const done = await action.run('delete', async () => {
      await apiSend(alertRulesPath(projectId, rule.id), { method: 'DELETE' });
      return true;
    });
    if (done) router.push(href('rules'));
  }

  return (
    <div className="rule-actions">
      <div className="form-actions">
        <Link className="button" href={href(`rules/${rule.id}/edit`)} data-testid="edit-rule">
          Edit
        </Link>
        {toggle ? (
          <button type="button" data-testid="toggle-rule" disabled={action.pending !== undefined} onClick={() => void setEnabled()}>
            {action.pending === 'toggle' ? 'Saving…' : rule.enabled ? 'Disable' : 'Enable'}
          </button>
        ) : null}
        <ConfirmButton label="Delete" confirmLabel="Delete rule" message="Its alerts go; their history stays." busy={action.pending !== undefined} onConfirm={() => void remove()} testId="delete-rule" />
      </div>
      {action.error ? <ErrorBanner error={action.error} /> : null}
    </div>
  );
}
