'use client';

import { alertEventListResponseSchema, alertInstanceListResponseSchema, alertRuleRequestSchema, alertRuleSchema } from '@vigil/contracts';
import Link from 'next/link';
import { useEffect, useMemo } from 'react';
import { useAlerting } from '../../../hooks/use-alerting';
import { useApiResource } from '../../../hooks/use-api-resource';
import { useSession } from '../../../hooks/use-session';
import { apiJson } from '../../../lib/api-client';
import { alertEventsPath, alertRulesPath, alertsPath } from '../../../lib/alerts-api';
import { ruleRequestWithEnabled } from '../../../lib/rule-form';
import { describeRuleState, ruleState } from '../../../lib/rule-status';
import { ErrorBanner, Loading } from '../../common/status';
import { AlertsTable } from '../active/alerts-table';
import { StateBadge } from '../common/badges';
import { AlertTimeline } from '../history/alert-timeline';
import { RuleActions } from './rule-actions';
import { RulePreview } from './rule-preview';
import { RuleSummaryCard } from './rule-summary-card';

const REFRESH_MS = 10_000;
const DAY_MS = 86_400_000;

/**
 * A rule's page (`/alerts/rules/<id>`, the link every notification carries): its summary and
 * live state, its alerts, the last day of its history, and what it would have fired on then.
 */
export function RuleDetail({ ruleId }: { ruleId: string }) {
  const { projectId, href } = useAlerting();
  const loaded = useApiResource(`alert-rule:${projectId}:${ruleId}`, (signal) => apiJson(alertRulesPath(projectId, ruleId), alertRuleSchema, { signal }), REFRESH_MS);
  const rule = loaded.data;
  const alerts = useApiResource(`rule-alerts:${projectId}:${ruleId}`, (signal) => apiJson(alertsPath(projectId, { state: 'all', ruleId }), alertInstanceListResponseSchema, { signal }), REFRESH_MS);
  const history = useApiResource(
    `rule-history:${projectId}:${ruleId}`,
    async (signal) => {
      const range = { from: Date.now() - DAY_MS, to: Date.now() };
      return { range, events: (await apiJson(alertEventsPath(projectId, { ...range, ruleId, limit: 200 }), alertEventListResponseSchema, { signal })).events };
    },
    REFRESH_MS * 3,
  );
  const preview = useMemo(() => {
    const parsed = rule ? alertRuleRequestSchema.safeParse(ruleRequestWithEnabled(rule, rule.enabled)) : undefined;
    return parsed?.success ? { ok: true as const, request: parsed.data } : undefined;
  }, [rule]);
  useProjectOfNotificationLink(ruleId, loaded.error?.status === 404);

  if (!rule) {
    return (
      <>
        {loaded.error ? <ErrorBanner error={loaded.error} onRetry={loaded.reload} /> : null}
        {loaded.error?.status === 404 ? (
          <p className="card" data-testid="rule-not-found">
            There is no such rule in this project; it may have been deleted. <Link href={href('rules')}>All rules</Link>
          </p>
        ) : null}
        {loaded.loading ? <Loading what="the rule" testId="rule-loading" /> : null}
      </>
    );
  }
  const state = ruleState(rule);
  return (
    <>
      <div className="page-title">
        <h1 data-testid="rule-title">{rule.name}</h1>
        <span data-testid="rule-state">
          <StateBadge state={state} severity={rule.status.severity} /> <span className="muted small">{state === 'firing' || state === 'pending' ? describeRuleState(rule) : ''}</span>
        </span>
        <RuleActions rule={rule} onChanged={loaded.reload} />
      </div>
      {loaded.error ? <ErrorBanner error={loaded.error} onRetry={loaded.reload} /> : null}
      <RuleSummaryCard rule={rule} />
      <h2 className="section-title">Alerts</h2>
      {alerts.error ? <ErrorBanner error={alerts.error} onRetry={alerts.reload} /> : null}
      {alerts.loading ? <Loading what="its alerts" /> : null}
      {alerts.data?.alerts.length === 0 ? (
        <p className="card muted" data-testid="rule-alerts-empty">
          No alerts: the condition has not held for any label group.
        </p>
      ) : null}
      {alerts.data && alerts.data.alerts.length > 0 ? <AlertsTable alerts={alerts.data.alerts} showRule={false} onSilenced={alerts.reload} /> : null}
      <h2 className="section-title">
        Last 24 hours <Link className="small" href={href('history', { ruleId, range: '24h' })}>full history</Link>
      </h2>
      {history.error ? <ErrorBanner error={history.error} onRetry={history.reload} /> : null}
      {history.data?.events.length === 0 ? (
        <p className="card muted" data-testid="rule-history-empty">
          No state changes in the last 24 hours.
        </p>
      ) : null}
      {history.data && history.data.events.length > 0 ? <AlertTimeline events={history.data.events} range={history.data.range} /> : null}
      {preview ? <RulePreview projectId={projectId} rule={preview} /> : null}
    </>
  );
}

/**
 * Notifications link to `/alerts/rules/<id>` without naming the project. For someone in several
 * projects the page opens their first one; if the rule is not there, the others are asked and
 * the page reopens in the one that has it.
 */
function useProjectOfNotificationLink(ruleId: string, notFound: boolean): void {
  const { user, projectId } = useSession();
  useEffect(() => {
    if (!notFound || user.projects.length < 2 || new URLSearchParams(window.location.search).has('project')) return;
    const controller = new AbortController();
    void (async () => {
      for (const project of user.projects) {
        if (project.id === projectId) continue;
        const found = await apiJson(alertRulesPath(project.id, ruleId), alertRuleSchema, { signal: controller.signal }).then(
          () => true,
          () => false,
        );
        if (found && !controller.signal.aborted) return window.location.replace(`/alerts/rules/${encodeURIComponent(ruleId)}?project=${encodeURIComponent(project.id)}`);
      }
    })();
    return () => controller.abort();
  }, [notFound, ruleId, projectId, user.projects]);
}
