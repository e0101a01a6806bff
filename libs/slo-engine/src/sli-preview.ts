import type { Sli, SloPreviewResponse } from '@vigil/contracts';
import { parseBucketBound } from '@vigil/metrics-query';
import { chartStep, floorTo, sliOf } from '@vigil/slo';
import { MetricQueryRepository, type TelemetryStore } from '@vigil/telemetry-store';
import type { LabelMatcher } from '@vigil/contracts';
import { readingOf, SliCounter } from './sli-counter';

/**
 * Reads an SLI straight from the telemetry, for the SLO form (docs/slo.md, Preview): the same
 * per-minute counting as recording, summed into steps over the range (whole hours, at most ~750),
 * so what the form shows is what recording will store. And the bucket bounds a latency SLI may
 * use, numerically (`1` and `1.0` are one bound).
 */
export class SliPreview {
  private readonly reader: SliCounter;
  private readonly series: MetricQueryRepository;

  constructor(telemetry: TelemetryStore) {
    this.reader = new SliCounter(telemetry);
    this.series = new MetricQueryRepository(telemetry);
  }

  /** `checkQuorum`: the quorum of the check a check SLI reads. */
  async preview(projectId: string, sli: Sli, from: number, to: number, checkQuorum = 1): Promise<SloPreviewResponse> {
    const start = floorTo(from, 60_000);
    const end = floorTo(to, 60_000);
    const step = chartStep(end - start);
    // One figure over all label groups.
    const minutes = await this.reader.count(projectId, [{ ...readingOf('preview', 0, sli, checkQuorum), groupBy: [] }], start, end);
    const steps = new Map<number, { good: number; valid: number }>();
    let good = 0;
    let valid = 0;
    for (const minute of minutes) {
      const t = floorTo(minute.minute, step);
      const entry = steps.get(t) ?? { good: 0, valid: 0 };
      entry.good += minute.good;
      entry.valid += minute.valid;
      steps.set(t, entry);
      good += minute.good;
      valid += minute.valid;
    }
    const series = [...steps.entries()]
      .sort(([a], [b]) => a - b)
      .flatMap(([t, counts]): [number, number][] => {
        const value = sliOf(counts.good, counts.valid);
        return value === null ? [] : [[t, value]];
      });
    return { from: start, to: end, step, good, valid, sli: sliOf(good, valid), series };
  }

  /** The bucket bounds of a histogram's series matching the matchers, finite, ascending, each once. */
  async bucketBounds(projectId: string, histogram: string, matchers: readonly LabelMatcher[]): Promise<number[]> {
    const found = await this.series.findSeries(projectId, `${histogram}_bucket`, matchers, { limit: 20_000 });
    const bounds = new Set<number>();
    for (const ref of found) {
      const bound = parseBucketBound(ref.labels['le']);
      if (bound !== undefined && Number.isFinite(bound)) bounds.add(bound);
    }
    return [...bounds].sort((a, b) => a - b);
  }
}
