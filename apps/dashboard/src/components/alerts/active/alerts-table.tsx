'use client';

import type { AlertInstance, Silence } from '@vigil/contracts';
import Link from 'next/link';
import { Fragment, useState } from 'react';
import { useAlerting } from '../../../hooks/use-alerting';
import { formatInstant, formatRelative } from '../../../lib/alert-times';
import { groupLabelsOf } from '../../../lib/alert-timeline';
import { silenceFormForAlert } from '../../../lib/silence-form';
import { formatValue } from '../../../lib/unit-format';
import { LabelChips, StateBadge } from '../common/badges';
import { SilenceEditor } from '../silences/silence-editor';

/**
 * Alerts with their state, since when, last value and whether a silence or maintenance window
 * mutes them. "Silence" opens a silence already filled in for the alert (its labels as
 * matchers, an hour, a comment): one more click saves it. The API marks an alert silenced at its
 * next evaluation, so until then the row says the silence was made.
 */
export function AlertsTable({ alerts, showRule = true, onSilenced }: { alerts: readonly AlertInstance[]; showRule?: boolean; onSilenced(): void }) {
  const { projectId, canConfigure, href } = useAlerting();
  const [silencing, setSilencing] = useState<string | undefined>();
  const [created, setCreated] = useState<Map<string, Silence>>(new Map());
  const now = Date.now();
  const columns = showRule ? 7 : 6;
  return (
    <div className="card table-card">
      <table className="services alerts-table" data-testid="alerts-table">
        <thead>
          <tr>
            {showRule ? <th scope="col">Rule</th> : null}
            <th scope="col">Labels</th>
            <th scope="col">State</th>
            <th scope="col">Since</th>
            <th scope="col" className="num">
              Value
            </th>
            <th scope="col">Muted</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {alerts.map((alert) => {
            const mine = created.get(alert.id);
            return (
              <Fragment key={alert.id}>
                <tr data-testid="alert-row" data-alert-id={alert.id} data-rule-id={alert.ruleId} data-state={alert.state} data-silenced={alert.silencedBy.length > 0 ? 'true' : 'false'}>
                  {showRule ? (
                    <th scope="row">
                      <Link href={href(`rules/${alert.ruleId}`)}>{alert.ruleName}</Link>
                    </th>
                  ) : null}
                  <td>
                    <LabelChips labels={groupLabelsOf(alert.labels)} />
                  </td>
                  <td>
                    <StateBadge state={alert.state} severity={alert.severity} />
                    {alert.flapping ? <span className="badge badge-flapping">flapping</span> : null}
                  </td>
                  <td className="nowrap" title={formatInstant(alert.since, true)}>
                    {formatRelative(alert.since, now)}
                  </td>
                  <td className="num" data-testid="alert-value">
                    {alert.lastValue === null ? 'no data' : formatValue(alert.lastValue, null)}
                  </td>
                  <td data-testid="alert-muted">
                    {alert.silencedBy.length > 0 ? <span className="badge badge-silenced">silenced</span> : null}
                    {mine && alert.silencedBy.length === 0 ? <span className="small muted">silence made, until {formatInstant(mine.endsAt)}; applies at the next evaluation</span> : null}
                  </td>
                  <td className="actions">
                    {canConfigure && alert.state !== 'inactive' && silencing !== alert.id ? (
                      <button type="button" data-testid="silence-alert" onClick={() => setSilencing(alert.id)}>
                        Silence
                      </button>
                    ) : null}
                  </td>
                </tr>
                {silencing === alert.id ? (
                  <tr className="inline-form-row">
                    <td colSpan={columns}>
                      <SilenceEditor
                        projectId={projectId}
                        title={`Silence ${alert.ruleName}`}
                        initial={silenceFormForAlert(alert)}
                        onCancel={() => setSilencing(undefined)}
                        onCreated={(silence) => {
                          setCreated((previous) => new Map(previous).set(alert.id, silence));
                          setSilencing(undefined);
                          onSilenced();
                        }}
                      />
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
