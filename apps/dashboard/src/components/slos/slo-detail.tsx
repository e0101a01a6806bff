'use client';

import { type SloDetail, sloDetailSchema } from '@vigil/contracts';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useMemo } from 'react';
import { useAction } from '../../hooks/use-action';
import { useAlerting } from '../../hooks/use-alerting';
import { useApiResource } from '../../hooks/use-api-resource';
import { useSlos } from '../../hooks/use-slos';
import { formatInstant, formatRelative } from '../../lib/alert-times';
import { apiJson, apiSend } from '../../lib/api-client';
import { burnState, describePair, describeWindow, formatBudget, formatBurnRate, formatObjective, formatSli } from '../../lib/slo-display';
import { sloOpenSloPath, slosPath } from '../../lib/slos-api';
import { formatSpan } from '../../lib/time-format';
import { StateBadge } from '../alerts/common/badges';
import { ConfirmButton } from '../common/confirm-button';
import { AlertTimeline } from '../alerts/history/alert-timeline';
import { ErrorBanner, Loading } from '../common/status';
import { TimeSeriesChart } from '../common/time-series-chart';
import { SliText } from './sli-text';

const REFRESH_MS = 30_000;

/** An SLO's page: its figures now, burn-down and burn-rate over the window, its alerts and their events. */
export function SloDetailPage({ sloId }: { sloId: string }) {
  const { projectId, href } = useSlos();
  const loaded = useApiResource(`slo:${projectId}:${sloId}`, (signal) => apiJson(slosPath(projectId, sloId), sloDetailSchema, { signal }), REFRESH_MS);
  const detail = loaded.data;
  if (!detail) {
    return (
      <>
        {loaded.error ? <ErrorBanner error={loaded.error} onRetry={loaded.reload} /> : null}
        {loaded.error?.status === 404 ? (
          <p className="card" data-testid="slo-not-found">
            There is no such SLO in this project; it may have been deleted. <Link href={href('')}>All SLOs</Link>
          </p>
        ) : null}
        {loaded.loading ? <Loading what="the SLO" testId="slo-loading" /> : null}
      </>
    );
  }
  const { slo } = detail;
  return (
    <>
      <div className="page-title">
        <h1 data-testid="slo-title">{slo.name}</h1>
        <span data-testid="slo-state">
          <StateBadge state={burnState(detail.summary)} testId="slo-state-badge" />
        </span>
        <SloActions sloId={slo.id} name={slo.name} />
      </div>
      {loaded.error ? <ErrorBanner error={loaded.error} onRetry={loaded.reload} /> : null}
      <section className="card" data-testid="slo-summary">
        {slo.description ? <p>{slo.description}</p> : null}
        <p className="small">
          <SliText slo={slo} /> · objective {formatObjective(slo.objective)} over the {describeWindow(slo.window)}
          {slo.service ? ` · service ${slo.service}` : ''}
        </p>
        <Figures detail={detail} />
        <RecordingNote detail={detail} />
      </section>
      <Charts detail={detail} />
      <BurnRates detail={detail} />
      <Alerting detail={detail} />
      {detail.groups.length > 0 ? <Groups detail={detail} /> : null}
    </>
  );
}

function SloActions({ sloId, name }: { sloId: string; name: string }) {
  const { projectId, canConfigure, href } = useSlos();
  const router = useRouter();
  const remove = useAction();
  return (
    <span className="button-row">
      <a className="button" href={sloOpenSloPath(projectId, sloId)} download={`${name.replace(/[^\w.-]+/g, '-')}.openslo.yaml`} data-testid="export-slo">
        Export OpenSLO
      </a>
      {canConfigure ? (
        <>
          <Link className="button" href={href(`${sloId}/edit`)} data-testid="edit-slo">
            Edit
          </Link>
          <ConfirmButton
            label="Delete"
            confirmLabel="Delete SLO"
            message="Its alert rules go with it; their history stays."
            busy={remove.pending !== undefined}
            testId="delete-slo"
            onConfirm={() =>
              void remove
                .run('delete', async () => {
                  await apiSend(slosPath(projectId, sloId), { method: 'DELETE' });
                  return true;
                })
                .then((deleted) => {
                  if (deleted) router.push(href(''));
                })
            }
          />
        </>
      ) : null}
      {remove.error ? <ErrorBanner error={remove.error} /> : null}
    </span>
  );
}

function Figures({ detail }: { detail: SloDetail }) {
  const { budget, exhaustion, events } = detail;
  const now = Date.now();
  const figures: [string, string, string, string?][] = [
    ['SLI', formatSli(detail.summary.sli), 'slo-figure-sli', `${events.good.toLocaleString('en-US')} good of ${events.valid.toLocaleString('en-US')} valid events`],
    ['Budget left', formatBudget(budget?.remainingPercent ?? null), 'slo-figure-budget', budget ? `${Math.round(budget.remainingEvents).toLocaleString('en-US')} of ${Math.round(budget.totalEvents).toLocaleString('en-US')} events` : undefined],
    ['Budget in time', minutesLeft(budget), 'slo-figure-minutes', budget ? `of ${formatSpan(budget.totalMinutes * 60_000)}; ${formatSpan(budget.consumedMinutes * 60_000)} consumed` : undefined],
    ['Burn rate (1 h)', formatBurnRate(detail.summary.burnRate1h), 'slo-figure-burn', '1× spends the budget exactly over the window'],
    [
      'Budget runs out',
      exhaustion.at === null ? (budget && budget.remainingPercent <= 0 ? 'exhausted' : 'not at this rate') : formatRelative(exhaustion.at, now),
      'slo-figure-exhaustion',
      exhaustion.at === null ? undefined : `${formatInstant(exhaustion.at)} at ${formatBurnRate(exhaustion.burnRate)}`,
    ],
  ];
  return (
    <div className="slo-figures">
      {figures.map(([label, value, testId, note]) => (
        <div key={label} className="figure">
          <span className="muted small">{label}</span>
          <strong data-testid={testId}>{value}</strong>
          {note ? <span className="small muted">{note}</span> : null}
        </div>
      ))}
    </div>
  );
}

/** The budget as time: what is left, or by how much it is overspent. */
function minutesLeft(budget: SloDetail['budget']): string {
  if (!budget) return '—';
  const ms = budget.remainingMinutes * 60_000;
  return ms > 0 ? `${formatSpan(ms)} left` : ms === 0 ? 'none left' : `overspent by ${formatSpan(-ms)}`;
}

function RecordingNote({ detail }: { detail: SloDetail }) {
  const { recording } = detail.slo;
  const history =
    recording.history.state === 'done'
      ? `history re-recorded from the telemetry back to ${formatInstant(recording.history.reachedBack)}`
      : recording.history.state === 'running'
        ? `re-recording history (back to ${formatInstant(recording.history.reachedBack)} so far)`
        : 'history not yet re-recorded';
  return (
    <p className="small muted" data-testid="slo-recording">
      Recorded until {formatInstant(recording.recordedUntil, false, 'not yet')} · {history}
      {recording.error ? <span className="field-error block">Recording failed: {recording.error}</span> : null}
    </p>
  );
}

function Charts({ detail }: { detail: SloDetail }) {
  const burnDown = useMemo(() => [{ label: 'Budget left', points: detail.series.budgetRemaining }], [detail]);
  const burnRate = useMemo(() => [{ label: 'Burn rate', points: detail.series.burnRate }], [detail]);
  const { from, end } = detail.window;
  return (
    <div className="slo-charts">
      <section className="card chart-card">
        <h2>Burn-down · budget left over the window</h2>
        <TimeSeriesChart series={burnDown} from={from} to={end} unit="%" stepMs={detail.series.step} height={220} timeTickSpace={110} testId="slo-burn-down" />
      </section>
      <section className="card chart-card">
        <h2>Burn rate per {formatSpan(detail.series.step)}</h2>
        <TimeSeriesChart series={burnRate} from={from} to={end} unit={null} stepMs={detail.series.step} height={220} timeTickSpace={110} testId="slo-burn-rate" />
      </section>
    </div>
  );
}

function BurnRates({ detail }: { detail: SloDetail }) {
  return (
    <>
      <h2 className="section-title">Burn rates now</h2>
      <div className="card table-card">
        <table className="services burn-rates" data-testid="slo-burn-rates">
          <thead>
            <tr>
              <th scope="col">Window</th>
              <th scope="col">Burn rate</th>
              <th scope="col">Good</th>
              <th scope="col">Valid</th>
            </tr>
          </thead>
          <tbody>
            {detail.burnRates.map((one) => (
              <tr key={one.window} data-testid="slo-burn-rate-row" data-window={one.window}>
                <th scope="row">{one.window}</th>
                <td>{formatBurnRate(one.burnRate)}</td>
                <td>{one.good.toLocaleString('en-US')}</td>
                <td>{one.valid.toLocaleString('en-US')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function Alerting({ detail }: { detail: SloDetail }) {
  const alerts = useAlerting();
  const { alerting } = detail.slo;
  const range = useMemo(() => ({ from: detail.window.from, to: detail.window.to }), [detail]);
  const ruleHref = (ruleId: string) => alerts.href(`rules/${ruleId}`);
  return (
    <>
      <h2 className="section-title">Alerts</h2>
      <section className="card" data-testid="slo-alerting">
        {alerting.enabled ? (
          <ul className="small">
            {alerting.burnRates.map((pair) => (
              <li key={`${pair.longWindowSeconds}:${pair.shortWindowSeconds}`} data-testid="slo-pair">
                <span className={`badge badge-${pair.severity}`}>{pair.severity}</span> {describePair(pair)}, with at least {pair.minEvents ?? alerting.minEvents} events in each window
              </li>
            ))}
            {alerting.budgetWarningPercent !== null ? <li>warning when the budget left is at or below {alerting.budgetWarningPercent} %</li> : null}
            {alerting.budgetExhausted ? <li>critical when the budget is exhausted</li> : null}
            {alerting.burnRatesCustom ? null : <li className="muted">The pairs are the SRE Workbook&apos;s, scaled to the window.</li>}
          </ul>
        ) : (
          <p className="muted">Alerting is off for this SLO.</p>
        )}
      </section>
      {detail.alerts.length > 0 ? (
        <div className="card table-card">
          <table className="services" data-testid="slo-alert-rules">
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col">State</th>
                <th scope="col">Last value</th>
              </tr>
            </thead>
            <tbody>
              {detail.alerts.map((rule) => (
                <tr key={rule.ruleId} data-testid="slo-alert-rule" data-state={rule.firing > 0 ? 'firing' : rule.pending > 0 ? 'pending' : 'ok'}>
                  <th scope="row">
                    <Link href={ruleHref(rule.ruleId)}>{rule.name}</Link>
                  </th>
                  <td>
                    <StateBadge state={rule.firing > 0 ? 'firing' : rule.pending > 0 ? 'pending' : 'ok'} severity={rule.severity} />
                  </td>
                  <td>{rule.lastValue === null ? '—' : rule.kind === 'slo_budget' ? formatBudget(rule.lastValue) : formatBurnRate(rule.lastValue)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <h2 className="section-title">Alert events over the window</h2>
      {detail.alertEvents.length === 0 ? (
        <p className="card muted" data-testid="slo-events-empty">
          No alert of this SLO changed state in the window.
        </p>
      ) : (
        <AlertTimeline events={detail.alertEvents} range={range} />
      )}
    </>
  );
}

function Groups({ detail }: { detail: SloDetail }) {
  return (
    <>
      <h2 className="section-title">Groups with the least budget left</h2>
      <div className="card table-card">
        <table className="services" data-testid="slo-groups">
          <thead>
            <tr>
              <th scope="col">Group</th>
              <th scope="col">SLI</th>
              <th scope="col">Budget left</th>
              <th scope="col">Valid events</th>
            </tr>
          </thead>
          <tbody>
            {detail.groups.map((group) => {
              const key = Object.entries(group.labels)
                .map(([label, value]) => `${label}="${value}"`)
                .join(', ');
              return (
                <tr key={key}>
                  <th scope="row">
                    <code>{key || '(none)'}</code>
                  </th>
                  <td>{formatSli(group.sli)}</td>
                  <td>{formatBudget(group.budgetRemainingPercent)}</td>
                  <td>{group.valid.toLocaleString('en-US')}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
