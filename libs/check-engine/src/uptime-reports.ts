import { matchesAll, MAX_OCCURRENCE_STARTS, windowOccurrences } from '@vigil/alerting';
import type { CheckUptimeReport, CheckUptimeRequest, CheckUptimeResponse, ProjectUptimeReport, UptimeFiguresView, UptimeReportRequest, UptimeReportRow, UptimeRulesView } from '@vigil/contracts';
import { UPTIME_WINDOWS } from '@vigil/contracts';
import type { CheckRecord, ConfigStore, IncidentRecord, MaintenanceWindowRecord } from '@vigil/config-store';
import { computeUptime, monthSpan, splitAtUtcDays, type TimeSpan } from '@vigil/probing';
import { DomainError } from '@vigil/server-kit';
import { CheckLatencyRepository, runInLane, type TelemetryStore } from '@vigil/telemetry-store';

/** Incidents one report reads at most (a project of 1,000 checks with 100 incidents each in a month). */
const MAX_REPORT_INCIDENTS = 100_000;

/** A check's monthly report before its incidents are shaped for the API. */
export type CheckMonth = Omit<CheckUptimeReport, 'incidents'> & { incidents: IncidentRecord[] };

const notFound = (): DomainError => new DomainError('NOT_FOUND', 'This project has no check with that id.');

const iso = (ms: number): string => new Date(ms).toISOString();

/** The labels a check's alerts carry (check_down rule kind): what a maintenance window's matchers are matched against. */
function checkLabels(check: CheckRecord): Record<string, string> {
  return { ...check.labels, check_id: check.id, check_name: check.name, check_kind: check.kind };
}

/**
 * Uptime figures and monthly reports (docs/checks.md, Uptime and reports): reads a check's
 * incidents (Postgres), the project's maintenance windows and the response-time digests
 * (ClickHouse), and counts with @vigil/probing's computeUptime. Every read names the project.
 */
export class UptimeReports {
  private readonly latency: CheckLatencyRepository;

  constructor(
    private readonly store: ConfigStore,
    telemetry: TelemetryStore,
  ) {
    this.latency = new CheckLatencyRepository(telemetry);
  }

  async checkUptime(projectId: string, checkId: string, request: CheckUptimeRequest, now: number): Promise<CheckUptimeResponse> {
    const check = await this.store.checks.find(projectId, checkId);
    if (check === null) throw notFound();
    const range = request.window === undefined ? { from: request.from as number, to: request.to as number } : { from: now - UPTIME_WINDOWS[request.window], to: now };
    const rules = rulesOf(request);
    const [row] = await this.rows(projectId, [check], range, rules, now);
    return { ...stripRow(row as UptimeReportRow), checkId, window: request.window ?? null, rules };
  }

  async projectReport(projectId: string, request: UptimeReportRequest, now: number): Promise<ProjectUptimeReport> {
    const span = reportSpan(request);
    const checks = (await this.store.checks.listWithStates(projectId)).sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
    const rows = await this.rows(projectId, checks, span, rulesOf(request), now);
    const measured = rows.filter((row) => row.uptimePercent !== null);
    return {
      ...reportHeader(request, span, now),
      summary: {
        checks: rows.length,
        uptimePercent: measured.length === 0 ? null : measured.reduce((sum, row) => sum + (row.uptimePercent as number), 0) / measured.length,
        downtimeSeconds: rows.reduce((sum, row) => sum + row.downtimeSeconds, 0),
        incidents: rows.reduce((sum, row) => sum + row.incidents, 0),
      },
      checks: rows,
    };
  }

  /** A check's month with the incidents that overlap it (records: the API shapes them). */
  async checkReport(projectId: string, checkId: string, request: UptimeReportRequest, now: number): Promise<CheckMonth> {
    const span = reportSpan(request);
    const check = await this.store.checks.find(projectId, checkId);
    if (check === null) throw notFound();
    const incidents = await this.incidents(projectId, span, [checkId]);
    const [row] = await this.rows(projectId, [check], span, rulesOf(request), now, incidents);
    return { ...reportHeader(request, span, now), check: row as UptimeReportRow, incidents };
  }

  /** The figures of these checks (of one project) over one range. */
  private async rows(projectId: string, checks: readonly CheckRecord[], range: TimeSpan, rules: UptimeRulesView, now: number, known?: IncidentRecord[]): Promise<UptimeReportRow[]> {
    if (checks.length === 0) return [];
    const ids = checks.map((check) => check.id);
    const incidents = known ?? (await this.incidents(projectId, range, checks.length === 1 ? ids : undefined));
    const byCheck = new Map<string, IncidentRecord[]>();
    for (const incident of incidents) {
      const list = byCheck.get(incident.checkId);
      if (list === undefined) byCheck.set(incident.checkId, [incident]);
      else list.push(incident);
    }
    const windows = (await this.store.maintenanceWindows.listForProject(projectId)).filter((window) => window.enabled);
    const occurrences = new MaintenanceOccurrences(range);
    const latency = await runInLane('interactive', () => this.latency.percentiles(projectId, ids, splitAtUtcDays({ from: range.from, to: Math.min(range.to, now) })));
    return checks.map((check) => {
      const figures = computeUptime({
        range,
        createdAt: check.createdAt.getTime(),
        now,
        incidents: (byCheck.get(check.id) ?? []).map((incident) => ({ severity: incident.severity, startedAt: incident.startedAt.getTime(), endedAt: incident.endedAt?.getTime() ?? null })),
        maintenance: maintenanceOf(check, windows, occurrences),
        rules,
      });
      const percentiles = latency.get(check.id);
      const view: UptimeFiguresView = {
        from: iso(range.from),
        to: iso(range.to),
        measuredFrom: figures.measured === null ? null : iso(figures.measured.from),
        measuredTo: figures.measured === null ? null : iso(figures.measured.to),
        periodSeconds: figures.periodSeconds,
        downtimeSeconds: figures.downtimeSeconds,
        maintenanceSeconds: figures.maintenanceSeconds,
        degradedSeconds: figures.degradedSeconds,
        uptimePercent: figures.uptimePercent,
        incidents: figures.incidents,
        mttrSeconds: figures.mttrSeconds,
        mtbfSeconds: figures.mtbfSeconds,
        latencyP50Ms: percentiles?.p50Ms ?? null,
        latencyP95Ms: percentiles?.p95Ms ?? null,
      };
      return { ...view, checkId: check.id, checkName: check.name, kind: check.kind };
    });
  }

  private async incidents(projectId: string, range: TimeSpan, checkIds: string[] | undefined): Promise<IncidentRecord[]> {
    const incidents = await this.store.incidents.list(projectId, { from: range.from, to: range.to, checkIds, limit: MAX_REPORT_INCIDENTS + 1 });
    if (incidents.length > MAX_REPORT_INCIDENTS) throw new DomainError('QUERY_LIMIT_EXCEEDED', `More than ${MAX_REPORT_INCIDENTS} incidents in this range; ask for a check's report or a shorter range.`);
    return incidents;
  }
}

/** Each window's occurrences in the range, computed once and only for windows some check matches. */
class MaintenanceOccurrences {
  private readonly known = new Map<string, TimeSpan[]>();

  constructor(private readonly range: TimeSpan) {}

  of(window: MaintenanceWindowRecord): TimeSpan[] {
    let spans = this.known.get(window.id);
    if (spans === undefined) {
      const occurrences = windowOccurrences(window, this.range.from, this.range.to);
      if (!occurrences.complete) {
        throw new DomainError('QUERY_LIMIT_EXCEEDED', `The maintenance window "${window.name}" starts more than ${MAX_OCCURRENCE_STARTS} times in this range; ask for a shorter range.`);
      }
      this.known.set(window.id, (spans = occurrences.spans));
    }
    return spans;
  }
}

function maintenanceOf(check: CheckRecord, windows: readonly MaintenanceWindowRecord[], occurrences: MaintenanceOccurrences): TimeSpan[] {
  const labels = checkLabels(check);
  return windows.filter((window) => matchesAll(labels, window.matchers)).flatMap((window) => occurrences.of(window));
}

const rulesOf = (request: UptimeRulesView): UptimeRulesView => ({ maintenance: request.maintenance, degraded: request.degraded, minIncidentSeconds: request.minIncidentSeconds });

function stripRow(row: UptimeReportRow): UptimeFiguresView {
  const { checkId: _id, checkName: _name, kind: _kind, ...figures } = row;
  return figures;
}

/** The month in its zone; the contract validated both, so null here is a zone the runtime lacks. */
function reportSpan(request: UptimeReportRequest): TimeSpan {
  const span = monthSpan(request.month, request.timezone);
  if (span === null) throw new DomainError('VALIDATION_FAILED', `Cannot compute ${request.month} in ${request.timezone}.`, { errors: [{ path: 'timezone', message: 'not a time zone this server knows' }] });
  return span;
}

function reportHeader(request: UptimeReportRequest, span: TimeSpan, now: number) {
  return { month: request.month, timezone: request.timezone, from: iso(span.from), to: iso(span.to), hours: (span.to - span.from) / 3_600_000, rules: rulesOf(request), generatedAt: iso(now) };
}
