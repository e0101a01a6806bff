import type { ProjectUptimeReport, UptimeReportRow } from '@vigil/contracts';
import { stringify } from 'csv-stringify/sync';

type CsvValue = string | number | null;

/**
 * One RFC 4180 CSV line (csv-stringify quotes fields holding a comma, quote or line break). A
 * leading `=`, `+`, `-` or `@` in a text field (a check's name) is prefixed with `'` so a
 * spreadsheet does not run it as a formula (OWASP "CSV injection"); numbers are left alone.
 */
function csvLine(fields: readonly CsvValue[]): string {
  return stringify([fields.map((value) => value ?? '')], { escape_formulas: true, record_delimiter: '' });
}

/** One field as it appears in a line. */
export function csvField(value: CsvValue): string {
  return csvLine([value]);
}

/** Percentages to 4 decimals, cut (not rounded) so a month with any downtime never reads 100.0000. */
export function percentText(percent: number | null): string | null {
  return percent === null ? null : (Math.floor(percent * 10_000) / 10_000).toFixed(4);
}

const latencyText = (ms: number | null): string | null => (ms === null ? null : ms.toFixed(1));

const HEADER = ['check_id', 'check_name', 'kind', 'month', 'timezone', 'from', 'to', 'period_seconds', 'uptime_percent', 'downtime_seconds', 'maintenance_seconds', 'degraded_seconds', 'incidents', 'mttr_seconds', 'mtbf_seconds', 'latency_p50_ms', 'latency_p95_ms'];

function row(report: Pick<ProjectUptimeReport, 'month' | 'timezone' | 'from' | 'to'>, check: UptimeReportRow): string {
  return csvLine([
    check.checkId,
    check.checkName,
    check.kind,
    report.month,
    report.timezone,
    report.from,
    report.to,
    check.periodSeconds,
    percentText(check.uptimePercent),
    check.downtimeSeconds,
    check.maintenanceSeconds,
    check.degradedSeconds,
    check.incidents,
    check.mttrSeconds,
    check.mtbfSeconds,
    latencyText(check.latencyP50Ms),
    latencyText(check.latencyP95Ms),
  ]);
}

/** One line per check under a header, CRLF line ends (RFC 4180). */
export function uptimeReportCsv(report: Pick<ProjectUptimeReport, 'month' | 'timezone' | 'from' | 'to'>, checks: readonly UptimeReportRow[]): string {
  return [csvLine(HEADER), ...checks.map((check) => row(report, check))].join('\r\n') + '\r\n';
}

/** `uptime-<project or check>-<month>.csv`, only filename-safe characters. */
export function reportFilename(subject: string, month: string): string {
  const safe = subject.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'report';
  return `uptime-${safe}-${month}.csv`;
}
