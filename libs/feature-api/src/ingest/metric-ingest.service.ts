import { Injectable } from '@nestjs/common';
import type { IngestMetricsRequest, IngestMetricsResponse } from '@vigil/contracts';
import { decodeVigilMetrics } from '@vigil/ingest';
import { refuseIfNothingStored, TelemetryIngestService } from './telemetry-ingest.service';

@Injectable()
export class MetricIngestService {
  constructor(private readonly telemetry: TelemetryIngestService) {}

  /** Vigil JSON samples through the same limits and durable write path as every protocol. */
  async ingest(projectId: string, request: IngestMetricsRequest): Promise<IngestMetricsResponse> {
    const settings = await this.telemetry.settingsFor(projectId);
    const batch = decodeVigilMetrics(request, settings.limits, Date.now());
    const outcome = await this.telemetry.writeMetrics('vigil_json', projectId, batch, settings);
    refuseIfNothingStored(outcome, 'samples');
    return { accepted: outcome.accepted, rejected: outcome.rejected.count, reasons: outcome.rejected.reasons };
  }
}
