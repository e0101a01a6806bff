import type { Sli } from '@vigil/contracts';
import { detectConvention, parseBucketBound, SIGNAL_METRIC_NAMES } from '@vigil/metrics-query';
import { MetricQueryRepository, type SeriesRef, type TelemetryStore } from '@vigil/telemetry-store';

export interface SloPreset {
  name: string;
  description: string;
  sli: Sli;
}

/** The latency a preset aims at: the bucket bound closest to 300 ms. */
const PRESET_LATENCY_MS = 300;

/**
 * SLIs for a service from the HTTP conventions the Overview detects (docs/query.md, Golden
 * signals; `detectConvention`): availability as requests not 5xx / all requests (the status
 * label the service's series carry), and latency as requests at or under the bucket bound
 * closest to 300 ms / all requests. A service is the `service` label, else `job`.
 */
export class SloPresets {
  private readonly series: MetricQueryRepository;

  constructor(telemetry: TelemetryStore) {
    this.series = new MetricQueryRepository(telemetry);
  }

  async forService(projectId: string, service: string): Promise<{ source: string | null; presets: SloPreset[] }> {
    const found = new Map<string, SeriesRef[]>();
    let label: 'service' | 'job' = 'service';
    for (const candidate of ['service', 'job'] as const) {
      for (const metric of SIGNAL_METRIC_NAMES) {
        const refs = await this.series.findSeries(projectId, metric, [{ label: candidate, op: '=', value: service }], { limit: 5_000 });
        if (refs.length > 0) found.set(metric, refs);
      }
      if (found.size > 0) {
        label = candidate;
        break;
      }
    }
    const selection = detectConvention(new Set(found.keys()));
    if (!selection) return { source: null, presets: [] };
    const { convention, latencyMetric, requestsMetric } = selection;
    const matchers = [{ label, op: '=' as const, value: service }];
    const presets: SloPreset[] = [];
    if (requestsMetric) {
      const series = found.get(requestsMetric) ?? [];
      const status = convention.statusLabels.find((name) => series.some((ref) => (ref.labels[name] ?? '') !== '')) ?? convention.statusLabels[0] ?? 'code';
      presets.push({
        name: `${service} availability`,
        description: 'Requests that are not server errors (5xx) / all requests',
        sli: { kind: 'ratio', bad: { name: requestsMetric, matchers: [...matchers, { label: status, op: '=~', value: '5..' }] }, total: { name: requestsMetric, matchers }, groupBy: [] },
      });
    }
    if (latencyMetric) {
      const bounds = [...new Set((found.get(latencyMetric) ?? []).map((ref) => parseBucketBound(ref.labels['le'])).filter((b): b is number => b !== undefined && Number.isFinite(b) && b > 0))];
      const target = PRESET_LATENCY_MS / convention.toMs;
      const threshold = bounds.sort((a, b) => Math.abs(a - target) - Math.abs(b - target))[0];
      if (threshold !== undefined) {
        presets.push({
          name: `${service} latency`,
          description: `Requests answered within ${threshold * convention.toMs} ms / all requests`,
          sli: { kind: 'latency', histogram: convention.histogram, matchers, threshold, groupBy: [] },
        });
      }
    }
    return { source: convention.source, presets };
  }
}
