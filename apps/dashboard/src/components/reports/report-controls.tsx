'use client';

import { DEGRADED_RULES, MAINTENANCE_RULES, MAX_MIN_INCIDENT_SECONDS } from '@vigil/contracts';
import { useMemo } from 'react';
import type { ApiResource } from '../../hooks/use-api-resource';
import { knownTimeZones, timeZoneChoices } from '../../lib/maintenance-form';
import type { ReportSelection } from '../../lib/uptime-report';
import { ErrorBanner, Loading } from '../common/status';

const MAINTENANCE_LABELS: Record<(typeof MAINTENANCE_RULES)[number], string> = {
  exclude: 'left out of the period',
  up: 'counted as up time',
  count: 'counted like any time',
};
const DEGRADED_LABELS: Record<(typeof DEGRADED_RULES)[number], string> = { up: 'counts as up', down: 'counts as down' };

/** Month, time zone and counting rules of a report; each change reloads it at once (no submit). */
export function ReportControls({ selection, onChange }: { selection: ReportSelection; onChange(selection: ReportSelection): void }) {
  const zones = useMemo(() => timeZoneChoices(selection.timezone, knownTimeZones()), [selection.timezone]);
  const update = (change: Partial<ReportSelection>) => onChange({ ...selection, ...change });
  return (
    <form className="card report-controls" data-testid="report-controls" onSubmit={(event) => event.preventDefault()}>
      <label>
        Month
        <input type="month" value={selection.month} required data-testid="report-month" onChange={(event) => (/^\d{4}-\d{2}$/.test(event.target.value) ? update({ month: event.target.value }) : undefined)} />
      </label>
      <label>
        Time zone
        <select value={selection.timezone} data-testid="report-timezone" onChange={(event) => update({ timezone: event.target.value })}>
          {zones.map((zone) => (
            <option key={zone} value={zone}>
              {zone}
            </option>
          ))}
        </select>
      </label>
      <label>
        Maintenance
        <select value={selection.maintenance} data-testid="report-maintenance" onChange={(event) => update({ maintenance: event.target.value as ReportSelection['maintenance'] })}>
          {MAINTENANCE_RULES.map((rule) => (
            <option key={rule} value={rule}>
              {MAINTENANCE_LABELS[rule]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Degraded time
        <select value={selection.degraded} data-testid="report-degraded" onChange={(event) => update({ degraded: event.target.value as ReportSelection['degraded'] })}>
          {DEGRADED_RULES.map((rule) => (
            <option key={rule} value={rule}>
              {DEGRADED_LABELS[rule]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Ignore outages shorter than (s)
        <input
          type="number"
          min={0}
          max={MAX_MIN_INCIDENT_SECONDS}
          step={1}
          value={selection.minIncidentSeconds}
          data-testid="report-min-incident"
          onChange={(event) => {
            const seconds = Number(event.target.value);
            if (Number.isInteger(seconds) && seconds >= 0 && seconds <= MAX_MIN_INCIDENT_SECONDS) update({ minIncidentSeconds: seconds });
          }}
        />
      </label>
    </form>
  );
}

/** What the rules in force mean, printed with the report so a reader on paper knows how it was counted. */
export function RulesNote({ selection, hours }: { selection: ReportSelection; hours: number | undefined }) {
  return (
    <p className="small muted report-rules" data-testid="report-rules">
      {hours === undefined ? null : `${hours} hours in ${selection.timezone}. `}
      Maintenance {MAINTENANCE_LABELS[selection.maintenance]}; degraded time {DEGRADED_LABELS[selection.degraded]}
      {selection.minIncidentSeconds > 0 ? `; outages shorter than ${selection.minIncidentSeconds} s not counted` : ''}. Time before a check existed is not measured.
    </p>
  );
}

/** The controls and what they mean above a report, then why it is missing (an error) or that it is on its way. */
export function ReportSettings({ selection, onChange, report }: { selection: ReportSelection; onChange(selection: ReportSelection): void; report: ApiResource<{ hours: number }> }) {
  return (
    <>
      <ReportControls selection={selection} onChange={onChange} />
      <RulesNote selection={selection} hours={report.data?.hours} />
      {report.error ? <ErrorBanner error={report.error} onRetry={report.reload} /> : null}
      {report.loading ? <Loading what="the report" testId="report-loading" /> : null}
    </>
  );
}
