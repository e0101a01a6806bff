import { Inject, Injectable } from '@nestjs/common';
import type { SloRecord } from '@vigil/config-store';
import type { LabelMatcher, Sli, SloPreviewResponse } from '@vigil/contracts';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';
import { SliPreview, SloPresets } from '@vigil/slo-engine';

/** Reads for the SLO form straight from the telemetry (interactive lane): the SLI preview, bucket bounds, presets. */
@Injectable()
export class SloQueriesService {
  private readonly previews: SliPreview;
  private readonly presetFinder: SloPresets;

  constructor(@Inject(RUNTIME) private readonly runtime: VigilRuntime) {
    this.previews = new SliPreview(runtime.telemetry);
    this.presetFinder = new SloPresets(runtime.telemetry);
  }

  preview(projectId: string, sli: Sli, from: number, to: number, checkQuorum: number): Promise<SloPreviewResponse> {
    return this.previews.preview(projectId, sli, from, to, checkQuorum);
  }

  bucketBounds(projectId: string, histogram: string, matchers: readonly LabelMatcher[]): Promise<number[]> {
    return this.previews.bucketBounds(projectId, histogram, matchers);
  }

  async presets(projectId: string, service: string): Promise<{ service: string; source: string | null; presets: { name: string; description: string; sli: Sli }[] }> {
    return { service, ...(await this.presetFinder.forService(projectId, service)) };
  }

  all(projectId: string): Promise<SloRecord[]> {
    return this.runtime.store.slos.listForProject(projectId);
  }
}
