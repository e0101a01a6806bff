'use client';

import { alertRuleListResponseSchema, channelListResponseSchema, policyListResponseSchema } from '@vigil/contracts';
import Link from 'next/link';
import { useState } from 'react';
import { useAlerting } from '../../../hooks/use-alerting';
import { useApiResource } from '../../../hooks/use-api-resource';
import { useUrlSync } from '../../../hooks/use-url-sync';
import { apiJson } from '../../../lib/api-client';
import { alertRulesPath, channelsPath, policiesPath } from '../../../lib/alerts-api';
import { filterRules, NO_RULE_FILTERS, type RuleFilters, ruleFiltersToSearch } from '../../../lib/rule-status';
import { ErrorBanner, Loading } from '../../common/status';
import { GettingStarted } from './getting-started';
import { RuleFiltersBar } from './rule-filters-bar';
import { RulesTable } from './rules-table';

/** Live state is re-read this often (the worker evaluates most rules every minute or faster). */
const REFRESH_MS = 10_000;

/** Alerts → Rules: every rule with its live state, searchable and filtered by state and kind; the address bar keeps the filters. */
export function RulesPage({ initialFilters }: { initialFilters: RuleFilters }) {
  const { projectId, canConfigure, href } = useAlerting();
  const [filters, setFilters] = useState(initialFilters);
  useUrlSync(ruleFiltersToSearch(filters, { project: projectId }));
  const rules = useApiResource(`alert-rules:${projectId}`, (signal) => apiJson(alertRulesPath(projectId), alertRuleListResponseSchema, { signal }), REFRESH_MS);
  const empty = rules.data?.rules.length === 0;
  // Only the first steps of an empty project need to know whether channels and policies exist.
  const channels = useApiResource(empty ? `channels:${projectId}` : null, (signal) => apiJson(channelsPath(projectId), channelListResponseSchema, { signal }));
  const policies = useApiResource(empty ? `policies:${projectId}` : null, (signal) => apiJson(policiesPath(projectId), policyListResponseSchema, { signal }));
  const shown = rules.data ? filterRules(rules.data.rules, filters) : [];

  return (
    <>
      <div className="page-title">
        <h1>Alert rules</h1>
        {canConfigure ? (
          <Link className="button primary" href={href('rules/new')} data-testid="new-rule">
            New rule
          </Link>
        ) : null}
      </div>
      {rules.error ? <ErrorBanner error={rules.error} onRetry={rules.reload} /> : null}
      {rules.loading ? <Loading what="alert rules" testId="rules-loading" /> : null}
      {empty ? <GettingStarted channels={channels.data?.channels.length} policies={policies.data?.policies.length} /> : null}
      {rules.data && !empty ? (
        <>
          <RuleFiltersBar filters={filters} onChange={setFilters} />
          {shown.length === 0 ? (
            <section className="card empty" data-testid="rules-none-match">
              <p>No rule matches these filters.</p>
              <button type="button" onClick={() => setFilters(NO_RULE_FILTERS)}>
                Clear the filters
              </button>
            </section>
          ) : (
            <RulesTable rules={shown} />
          )}
        </>
      ) : null}
    </>
  );
}
