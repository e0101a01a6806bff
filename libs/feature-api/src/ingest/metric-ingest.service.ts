import { Inject, Injectable } from '@nestjs/common';
import type { IngestMetricsRequest, IngestMetricsResponse } from '@vigil/contracts';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';

@Injectable()
export class MetricIngestService {
  constructor(@Inject(RUNTIME) private readonly runtime: VigilRuntime) {}

  /** Writes the whole request or nothing: validation happened before, and the insert is one batch. */
  async ingest(projectId: string, request: IngestMetricsRequest): Promise<IngestMetricsResponse> {
    const now = Date.now();
    const samples = request.samples.map((sample) => ({
      name: sample.name,
      labels: sample.labels,
      value: sample.value,
      timestampMs: sample.timestamp ?? now,
    }));
    await this.runtime.metrics.writeSamples(projectId, samples);
    return { accepted: samples.length };
  }
}
