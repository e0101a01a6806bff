'use client';

import { ALERT_SEVERITIES, type AlertSeverity } from '@vigil/contracts';
import { type BurnRatePairForm, WORKBOOK_PAIRS } from '../../lib/slo-form';
import { FieldError } from '../common/field-error';

export interface BurnRatePairsProps {
  custom: boolean;
  pairs: BurnRatePairForm[];
  onChange(change: { customBurnRates?: boolean; burnRates?: BurnRatePairForm[] }): void;
  error: string | undefined;
}

/**
 * The multiwindow burn-rate pairs: by default the SRE Workbook's four, scaled by the API to the
 * SLO's window (so a 7-day SLO pages at the same budget share); or pairs of one's own, edited here.
 */
export function BurnRatePairs({ custom, pairs, onChange, error }: BurnRatePairsProps) {
  const edit = (index: number, change: Partial<BurnRatePairForm>) => onChange({ burnRates: pairs.map((pair, position) => (position === index ? { ...pair, ...change } : pair)) });
  return (
    <fieldset className="checkbox-group" data-testid="burn-rate-pairs">
      <legend>Burn-rate window pairs</legend>
      <label className="checkbox">
        <input type="checkbox" data-testid="custom-burn-rates" checked={custom} onChange={(event) => onChange({ customBurnRates: event.target.checked })} />
        <span>Set my own pairs (otherwise the SRE Workbook&apos;s: page 14.4× over 1 h and 5 m, 6× over 6 h and 30 m; ticket 3× over 1 d and 2 h, 1× over 3 d and 6 h, scaled to the window)</span>
      </label>
      {custom ? (
        <table className="pairs-table">
          <thead>
            <tr>
              <th scope="col">Severity</th>
              <th scope="col">Long window</th>
              <th scope="col">Short window</th>
              <th scope="col">Burn rate above</th>
              <th scope="col">Min. events</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {pairs.map((pair, index) => (
              <tr key={index} data-testid="burn-rate-pair">
                <td>
                  <select aria-label="Severity" value={pair.severity} onChange={(event) => edit(index, { severity: event.target.value as AlertSeverity })}>
                    {ALERT_SEVERITIES.map((severity) => (
                      <option key={severity}>{severity}</option>
                    ))}
                  </select>
                </td>
                <td>
                  <input aria-label="Long window" data-testid="pair-long" value={pair.long} onChange={(event) => edit(index, { long: event.target.value })} />
                </td>
                <td>
                  <input aria-label="Short window" data-testid="pair-short" value={pair.short} onChange={(event) => edit(index, { short: event.target.value })} />
                </td>
                <td>
                  <input aria-label="Burn rate" data-testid="pair-rate" inputMode="decimal" value={pair.burnRate} onChange={(event) => edit(index, { burnRate: event.target.value })} />
                </td>
                <td>
                  <input aria-label="Minimum events" inputMode="numeric" placeholder="SLO's" value={pair.minEvents} onChange={(event) => edit(index, { minEvents: event.target.value })} />
                </td>
                <td>
                  <button type="button" aria-label="Remove the pair" onClick={() => onChange({ burnRates: pairs.filter((_, position) => position !== index) })}>
                    ×
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {custom ? (
        <span className="button-row">
          <button type="button" disabled={pairs.length >= 8} onClick={() => onChange({ burnRates: [...pairs, { severity: 'warning', long: '1d', short: '2h', burnRate: '3', minEvents: '' }] })}>
            Add a pair
          </button>
          <button type="button" onClick={() => onChange({ burnRates: WORKBOOK_PAIRS.map((pair) => ({ ...pair })) })}>
            Reset to the workbook&apos;s
          </button>
        </span>
      ) : null}
      <FieldError id="burn-rates-error" message={error} />
    </fieldset>
  );
}
