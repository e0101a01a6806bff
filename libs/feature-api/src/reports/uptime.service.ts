import { Inject, Injectable } from '@nestjs/common';
import { UptimeReports } from '@vigil/check-engine';
import type { CheckUptimeReport, CheckUptimeRequest, CheckUptimeResponse, ProjectUptimeReport, UptimeReportRequest } from '@vigil/contracts';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';
import { incidentView } from '../checks/check-views';

/** The API's side of uptime reports (UptimeReports in @vigil/check-engine does the reading and counting). */
@Injectable()
export class UptimeService {
  private readonly reports: UptimeReports;

  constructor(@Inject(RUNTIME) runtime: VigilRuntime) {
    this.reports = new UptimeReports(runtime.store, runtime.telemetry);
  }

  checkUptime(projectId: string, checkId: string, request: CheckUptimeRequest, now: number): Promise<CheckUptimeResponse> {
    return this.reports.checkUptime(projectId, checkId, request, now);
  }

  projectReport(projectId: string, request: UptimeReportRequest, now: number): Promise<ProjectUptimeReport> {
    return this.reports.projectReport(projectId, request, now);
  }

  async checkReport(projectId: string, checkId: string, request: UptimeReportRequest, now: number): Promise<CheckUptimeReport> {
    const report = await this.reports.checkReport(projectId, checkId, request, now);
    return { ...report, incidents: report.incidents.map(incidentView) };
  }
}
