'use client';

import { sloListResponseSchema } from '@vigil/contracts';
import Link from 'next/link';
import { useApiResource } from '../../hooks/use-api-resource';
import { useSlos } from '../../hooks/use-slos';
import { apiJson } from '../../lib/api-client';
import { burnState, describeWindow, formatBudget, formatBurnRate, formatObjective, formatSli } from '../../lib/slo-display';
import { sloOpenSloPath, slosPath } from '../../lib/slos-api';
import { StateBadge } from '../alerts/common/badges';
import { ErrorBanner, Loading } from '../common/status';
import { SliText } from './sli-text';

/** The worker records every minute; the list is re-read as often as the Alerts pages. */
const REFRESH_MS = 10_000;

/** SLOs: each with its SLI, objective, budget left and burn state, by name. */
export function SlosPage() {
  const { projectId, canConfigure, href } = useSlos();
  const slos = useApiResource(`slos:${projectId}`, (signal) => apiJson(slosPath(projectId), sloListResponseSchema, { signal }), REFRESH_MS);
  const list = slos.data?.slos ?? [];
  return (
    <>
      <div className="page-title">
        <h1>Service level objectives</h1>
        <span className="button-row">
          {list.length > 0 ? (
            <a className="button" href={sloOpenSloPath(projectId)} download="slos.openslo.yaml" data-testid="export-slos">
              Export OpenSLO
            </a>
          ) : null}
          {canConfigure ? (
            <Link className="button primary" href={href('new')} data-testid="new-slo">
              New SLO
            </Link>
          ) : null}
        </span>
      </div>
      {slos.error ? <ErrorBanner error={slos.error} onRetry={slos.reload} /> : null}
      {slos.loading ? <Loading what="SLOs" testId="slos-loading" /> : null}
      {slos.data && list.length === 0 ? (
        <section className="card empty" data-testid="slos-empty">
          <p>No SLOs yet. An SLO sets how many events may fail over a window (its error budget) and pages only when that budget burns fast.</p>
          {canConfigure ? (
            <p>
              <Link href={href('new')}>Define one</Link> from your metrics, or <Link href={href('import')}>import OpenSLO or Sloth YAML</Link>.
            </p>
          ) : null}
        </section>
      ) : null}
      {list.length > 0 ? (
        <div className="card table-card">
          <table className="services slos-table" data-testid="slos-table">
            <thead>
              <tr>
                <th scope="col">SLO</th>
                <th scope="col">Objective</th>
                <th scope="col" className="num">
                  SLI
                </th>
                <th scope="col" className="num">
                  Budget left
                </th>
                <th scope="col" className="num">
                  Burn (1 h)
                </th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {list.map((slo) => {
                const state = burnState(slo.summary);
                return (
                  <tr key={slo.id} data-testid="slo-row" data-slo-id={slo.id} data-state={state}>
                    <th scope="row">
                      <Link href={href(slo.id)} data-testid="slo-link">
                        {slo.name}
                      </Link>
                      <SliText slo={slo} className="condition small" />
                    </th>
                    <td className="nowrap">
                      {formatObjective(slo.objective)} <span className="muted small">{describeWindow(slo.window)}</span>
                    </td>
                    <td className="num" data-testid="slo-sli">
                      {formatSli(slo.summary.sli)}
                    </td>
                    <td className={`num${(slo.summary.budgetRemainingPercent ?? 1) <= 0 ? ' field-error' : ''}`} data-testid="slo-budget">
                      {formatBudget(slo.summary.budgetRemainingPercent)}
                    </td>
                    <td className="num" data-testid="slo-burn">
                      {formatBurnRate(slo.summary.burnRate1h)}
                    </td>
                    <td>
                      <StateBadge state={state} testId="slo-state" />
                      {slo.summary.firing > 0 ? <span className="small muted state-detail">{slo.summary.firing} firing</span> : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
