'use client';

import { failoverGroupListResponseSchema } from '@vigil/contracts';
import Link from 'next/link';
import { useApiResource } from '../../hooks/use-api-resource';
import { useChecks } from '../../hooks/use-checks';
import { useTargetChecks } from '../../hooks/use-target-checks';
import { formatInstant } from '../../lib/alert-times';
import { apiJson } from '../../lib/api-client';
import { failoverGroupsPath } from '../../lib/checks-api';
import { describeReason, targetHealth } from '../../lib/failover-display';
import { StateBadge } from '../alerts/common/badges';
import { ErrorBanner, Loading } from '../common/status';
import { TableCard } from '../common/table-card';

const REFRESH_MS = 5_000;

/** Failover groups: where each sends traffic now, why, and how each of its targets is doing. */
export function FailoverGroupsPage() {
  const { projectId, canConfigure, href } = useChecks();
  const loaded = useApiResource(`failover-groups:${projectId}`, (signal) => apiJson(failoverGroupsPath(projectId), failoverGroupListResponseSchema, { signal }), REFRESH_MS);
  const groups = loaded.data?.groups;
  const checks = useTargetChecks(projectId, (groups ?? []).flatMap((group) => group.targets.map((target) => target.checkId)), REFRESH_MS);
  return (
    <>
      <div className="page-title">
        <h1>Failover groups</h1>
        {canConfigure ? (
          <Link className="button primary" href={href('failover-groups/new')} data-testid="new-failover-group">
            New failover group
          </Link>
        ) : null}
      </div>
      {loaded.error ? <ErrorBanner error={loaded.error} onRetry={loaded.reload} /> : null}
      {checks.error ? <ErrorBanner error={checks.error} onRetry={checks.reload} /> : null}
      {loaded.loading ? <Loading what="failover groups" testId="failover-groups-loading" /> : null}
      {groups && groups.length === 0 ? (
        <section className="card empty" data-testid="failover-groups-empty">
          <p>No failover groups yet. A group sends traffic to its first healthy target (primary, then standbys) and tells your load balancer through a signed webhook or a long-polled endpoint when that changes (docs/failover.md).</p>
          {canConfigure ? (
            <p>
              Make a check for each target first, then <Link href={href('failover-groups/new')}>create a group</Link>.
            </p>
          ) : null}
        </section>
      ) : null}
      {groups && groups.length > 0 ? (
        <TableCard testId="failover-groups-table" columns={['Group', 'Active target', 'Why', 'Targets']}>
          {groups.map((group) => (
            <tr key={group.id} data-testid="failover-group-row" data-group-id={group.id} data-active={group.active.target?.name ?? ''}>
              <th scope="row">
                <Link href={href(`failover-groups/${group.id}`)} data-testid="failover-group-link">
                  {group.name}
                </Link>
                <span className="small muted"> · fall {group.fall}, rise {group.rise}</span>
              </th>
              <td data-testid="failover-active">
                {group.active.target ? (
                  <>
                    <strong>{group.active.target.name}</strong> <code className="small">{group.active.target.address}</code>
                  </>
                ) : (
                  <span className="muted">none</span>
                )}
                {group.active.since ? <span className="small muted"> since {formatInstant(group.active.since)}</span> : null}
              </td>
              <td className="small">
                {group.active.failOpen ? <StateBadge state="fail open" /> : null} {describeReason(group.active.reason)}
              </td>
              <td>
                {group.targets.map((target) => (
                  <span key={target.id} className="target-health" data-testid="target-health" data-target={target.name}>
                    {target.name} <StateBadge state={targetHealth(checks.byId.get(target.checkId)?.state.status)} testId="target-health-state" />
                  </span>
                ))}
              </td>
            </tr>
          ))}
        </TableCard>
      ) : null}
    </>
  );
}
