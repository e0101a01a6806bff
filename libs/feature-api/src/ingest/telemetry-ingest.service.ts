import { Inject, Injectable } from '@nestjs/common';
import { IngestDecodeError, type LogBatch, type MetricBatch, type RefusedPlace, type Rejection } from '@vigil/ingest';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';
import type { IngestProtocol } from '@vigil/self-monitoring';
import { DomainError } from '@vigil/server-kit';
import { RawThresholdService } from '../alerting/raw-threshold.service';
import { SloLateDataService } from '../slos/slo-late-data.service';
import { type IngestSettings, ProjectIngestSettingsService } from './project-ingest-settings.service';

export interface IngestOutcome {
  accepted: number;
  rejected: Rejection;
}

/**
 * The one write path of every ingest protocol: decode (by the caller's decoder), refuse new
 * series over the cardinality limits, then hand the batch to group commit. Resolves only once
 * the rows are written, so the 2xx that follows means durable. Items stored and refused are
 * counted per protocol and reason on /metrics.
 */
@Injectable()
export class TelemetryIngestService {
  constructor(
    @Inject(RUNTIME) private readonly runtime: VigilRuntime,
    private readonly settings: ProjectIngestSettingsService,
    private readonly rawThresholds: RawThresholdService,
    private readonly sloLateData: SloLateDataService,
  ) {}

  settingsFor(projectId: string): Promise<IngestSettings> {
    return this.settings.forProject(projectId);
  }

  /** Runs a decoder, turning its errors into 400s that say what and where. */
  decode<T>(decoder: () => T): T {
    try {
      return decoder();
    } catch (error) {
      if (error instanceof IngestDecodeError) {
        throw new DomainError(error.code === 'UNSUPPORTED' ? 'UNSUPPORTED_MEDIA_TYPE' : 'VALIDATION_FAILED', error.message, placesAsErrors(error.places));
      }
      throw error;
    }
  }

  async writeMetrics(protocol: IngestProtocol, projectId: string, decoded: MetricBatch, settings: IngestSettings): Promise<IngestOutcome> {
    const { batch } = await this.runtime.seriesLimiter.admit(projectId, decoded, settings.series);
    await this.runtime.selfMetrics.ingest.countWrite(protocol, 'metrics', batch.sampleCount, batch.rejected, async () => {
      if (batch.sampleCount === 0) return;
      await this.runtime.ingestWriter.submit(projectId, batch, settings.retentionDays);
      this.rawThresholds.onWritten(projectId, batch);
      this.sloLateData.onWritten(projectId, batch);
    });
    return { accepted: batch.sampleCount, rejected: batch.rejected };
  }

  async writeLogs(protocol: IngestProtocol, projectId: string, batch: LogBatch, settings: IngestSettings): Promise<IngestOutcome> {
    await this.runtime.selfMetrics.ingest.countWrite(protocol, 'logs', batch.records.length, batch.rejected, async () => {
      if (batch.records.length > 0) await this.runtime.ingestWriter.submit(projectId, batch, settings.retentionDays);
    });
    return { accepted: batch.records.length, rejected: batch.rejected };
  }
}

/** `refused 3 samples: reason; reason` — the text clients see for partial refusals. */
export function describeRejection(rejected: Rejection, unit: string): string {
  return `refused ${rejected.count} ${unit}: ${rejected.reasons.join('; ')}`;
}

/**
 * The Vigil JSON endpoints' rule: a request whose every item was refused is a 400 naming the
 * limits (nothing was written), so a sender with, say, a skewed clock hears about it instead of
 * reading `"accepted": 0` in a 200 it never checks. Some accepted → 200 with the reasons. The
 * problem's `errors[]` lists the first refused items by path (`samples[2].timestamp`, `line 3: timestamp`).
 */
export function refuseIfNothingStored(outcome: IngestOutcome, unit: string): void {
  if (outcome.accepted === 0 && outcome.rejected.count > 0) {
    throw new DomainError('VALIDATION_FAILED', `Nothing stored: ${describeRejection(outcome.rejected, unit)}.`, placesAsErrors(outcome.rejected.places ?? []));
  }
}

/** The problem's `errors[]` from the places a decoder named; none when it named none. */
function placesAsErrors(places: readonly RefusedPlace[]): { errors?: RefusedPlace[] } {
  return places.length > 0 ? { errors: [...places] } : {};
}
