'use client';

import { failoverEventListResponseSchema, type FailoverGroupView, failoverGroupSchema } from '@vigil/contracts';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useAction } from '../../hooks/use-action';
import { useApiResource } from '../../hooks/use-api-resource';
import { useChecks } from '../../hooks/use-checks';
import { useTargetChecks } from '../../hooks/use-target-checks';
import { formatInstant, formatRelative } from '../../lib/alert-times';
import { apiJson, apiSend } from '../../lib/api-client';
import { failoverGroupPath } from '../../lib/checks-api';
import { describeReason, describeSwitch, targetHealth } from '../../lib/failover-display';
import { StateBadge } from '../alerts/common/badges';
import { ConfirmButton } from '../common/confirm-button';
import { ErrorBanner, Loading } from '../common/status';
import { TableCard } from '../common/table-card';

const REFRESH_MS = 3_000;

/** A failover group's page: the active target and why, the ordered targets with their health and pin buttons, and every switch. */
export function FailoverGroupDetailPage({ groupId }: { groupId: string }) {
  const { projectId, href } = useChecks();
  const loaded = useApiResource(`failover-group:${projectId}:${groupId}`, (signal) => apiJson(failoverGroupPath(projectId, groupId), failoverGroupSchema, { signal }), REFRESH_MS);
  const group = loaded.data;
  if (!group) {
    return (
      <>
        {loaded.error ? <ErrorBanner error={loaded.error} onRetry={loaded.reload} /> : null}
        {loaded.error?.status === 404 ? (
          <p className="card" data-testid="failover-group-not-found">
            There is no such failover group in this project. <Link href={href('failover-groups')}>All groups</Link>
          </p>
        ) : null}
        {loaded.loading ? <Loading what="the failover group" /> : null}
      </>
    );
  }
  const { active } = group;
  return (
    <>
      <div className="page-title">
        <h1 data-testid="failover-group-title">{group.name}</h1>
        <GroupActions group={group} />
      </div>
      {loaded.error ? <ErrorBanner error={loaded.error} onRetry={loaded.reload} /> : null}
      <section className="card" data-testid="failover-active-card">
        <dl className="facts">
          <dt>Active target</dt>
          <dd data-testid="failover-active-target" data-target={active.target?.name ?? ''}>
            {active.target ? (
              <>
                <strong>{active.target.name}</strong> <code>{active.target.address}</code>
              </>
            ) : (
              'none'
            )}
            {active.failOpen ? <StateBadge state="fail open" testId="failover-fail-open" /> : null}
          </dd>
          <dt>Why</dt>
          <dd data-testid="failover-reason">{describeReason(active.reason)}</dd>
          <dt>Since</dt>
          <dd>{active.since ? `${formatInstant(active.since, true)} (${formatRelative(active.since, Date.now())})` : '—'}</dd>
          <dt>Thresholds</dt>
          <dd>
            fail over after {group.fall} failed result(s) in a row, fail back after {group.rise} good one(s); {group.quorum} region(s) must agree
          </dd>
          <dt>Notified</dt>
          <dd>{group.channelIds.length === 0 ? 'no channel (long-poll /active to follow it)' : `${group.channelIds.length} channel(s)`}</dd>
        </dl>
      </section>
      <Targets group={group} onChanged={loaded.reload} />
      <Events group={group} />
    </>
  );
}

function GroupActions({ group }: { group: FailoverGroupView }) {
  const { projectId, canConfigure, href } = useChecks();
  const router = useRouter();
  const remove = useAction();
  if (!canConfigure) return null;
  return (
    <span className="rule-actions">
      <span className="button-row">
        <Link className="button" href={href(`failover-groups/${group.id}/edit`)} data-testid="edit-failover-group">
          Edit
        </Link>
        <ConfirmButton
          label="Delete"
          confirmLabel="Delete group"
          message="Load balancers following it stop getting switches."
          busy={remove.pending !== undefined}
          testId="delete-failover-group"
          onConfirm={() =>
            void remove
              .run('delete', async () => {
                await apiSend(failoverGroupPath(projectId, group.id), { method: 'DELETE' });
                return true;
              })
              .then((deleted) => {
                if (deleted) router.push(href('failover-groups'));
              })
          }
        />
      </span>
      {remove.error ? <ErrorBanner error={remove.error} /> : null}
    </span>
  );
}

function Targets({ group, onChanged }: { group: FailoverGroupView; onChanged(): void }) {
  const { projectId, canConfigure, href } = useChecks();
  const checks = useTargetChecks(projectId, group.targets.map((target) => target.checkId), REFRESH_MS);
  const pin = useAction();
  const setPin = (targetId: string | null) =>
    void pin.run(`pin:${targetId ?? 'none'}`, async () => {
      await apiJson(failoverGroupPath(projectId, group.id, 'pin'), failoverGroupSchema, { method: 'POST', json: { targetId } });
      onChanged();
    });
  return (
    <section data-testid="failover-targets">
      <h2 className="section-title">
        Targets <span className="small muted">in order of preference</span>
        {canConfigure && group.pinnedTargetId ? (
          <button type="button" data-testid="unpin-target" disabled={pin.pending !== undefined} onClick={() => setPin(null)}>
            Unpin (let health decide)
          </button>
        ) : null}
      </h2>
      {pin.error ? <ErrorBanner error={pin.error} /> : null}
      {checks.error ? <ErrorBanner error={checks.error} onRetry={checks.reload} /> : null}
      <TableCard className="targets-table" testId="targets-table" columns={['#', 'Target', 'Address', 'Check', 'Health']} actions={canConfigure}>
        {group.targets.map((target, index) => {
          const check = checks.byId.get(target.checkId);
          const active = group.active.target?.id === target.id;
          const pinned = group.pinnedTargetId === target.id;
          return (
            <tr key={target.id} className={active ? 'active-target' : undefined} data-testid="target-row" data-target={target.name} data-active={active ? 'true' : 'false'}>
              <td className="num">{index === 0 ? 'primary' : `standby ${index}`}</td>
              <th scope="row">
                {target.name}
                {active ? <StateBadge state="active" testId="target-active" /> : null}
                {pinned ? <StateBadge state="pinned" testId="target-pinned" /> : null}
              </th>
              <td>
                <code>{target.address}</code>
              </td>
              <td>{check ? <Link href={href(check.id)}>{check.name}</Link> : <span className="muted">…</span>}</td>
              <td>
                <StateBadge state={targetHealth(check?.state.status)} testId="target-health-state" />
              </td>
              {canConfigure ? (
                <td>
                  {pinned ? null : (
                    <button type="button" data-testid="pin-target" disabled={pin.pending !== undefined} onClick={() => setPin(target.id)}>
                      Pin here
                    </button>
                  )}
                </td>
              ) : null}
            </tr>
          );
        })}
      </TableCard>
    </section>
  );
}

/** Every switch of the group, newest first (the API keeps the last 200). */
function Events({ group }: { group: FailoverGroupView }) {
  const { projectId } = useChecks();
  // Re-read whenever the group's decision changes (its version), besides the refresh.
  const loaded = useApiResource(`failover-events:${projectId}:${group.id}:${group.active.version}`, (signal) => apiJson(failoverGroupPath(projectId, group.id, 'events'), failoverEventListResponseSchema, { signal }), 15_000);
  const events = loaded.data?.events;
  return (
    <section data-testid="failover-events">
      <h2 className="section-title">Switches</h2>
      {loaded.error ? <ErrorBanner error={loaded.error} onRetry={loaded.reload} /> : null}
      {events && events.length === 0 ? <p className="card muted">No switch yet.</p> : null}
      {events && events.length > 0 ? (
        <TableCard testId="failover-events-table" columns={['When', 'Switch', 'Why']}>
          {events.map((event) => (
            <tr key={`${event.at}:${event.toTargetId}:${event.reason}`} data-testid="failover-event" data-to={group.targets.find((target) => target.id === event.toTargetId)?.name ?? ''}>
              <td className="nowrap">{formatInstant(event.at, true)}</td>
              <td data-testid="failover-event-switch">{describeSwitch(group, event)}</td>
              <td className="small">{describeReason(event.reason)}</td>
            </tr>
          ))}
        </TableCard>
      ) : null}
    </section>
  );
}
