import type { IngestMetricsRequest } from '@vigil/contracts';
import type { MetricMetadata, MetricType } from '@vigil/ingest';

/** A family as prom-client's `registry.getMetricsAsJSON()` gives it (histogram parts carry `metricName`). */
export interface ExportedFamily {
  name: string;
  help: string;
  type: string;
  values: readonly { labels: Readonly<Record<string, string | number>>; value: number; metricName?: string }[];
}

const TYPES: Readonly<Record<string, MetricType>> = { counter: 'counter', gauge: 'gauge', histogram: 'histogram', summary: 'summary' };

export interface SelfSamples {
  samples: IngestMetricsRequest['samples'];
  metadata: MetricMetadata[];
  /** The cumulative series written, to pass as `started.known` next time. */
  cumulative: Set<string>;
}

/** Cumulative series seen before, and when the last collection was (or the process started). */
export interface StartedSeries {
  known: ReadonlySet<string>;
  since: number;
}

/** A summary's quantiles go up and down; its `_sum` and `_count`, like counters and histograms, only up. */
function isCumulative(type: MetricType, labels: Readonly<Record<string, string | number>>): boolean {
  return type === 'counter' || type === 'histogram' || (type === 'summary' && !('quantile' in labels));
}

/**
 * The registry's families as Vigil JSON samples, every one at `now` with the process's identity
 * labels (`service`, `instance`, `component`; they win over a family's own labels of the same
 * name), and their metadata (type, help; counters and histograms cumulative). Label values are
 * written as `/metrics` writes them (`le="0.005"`, `le="+Inf"`). NaN (a gauge not measured yet)
 * is left out: stored, it would read as Prometheus' staleness marker.
 *
 * A counter series prom-client creates on its first observation (the first 503 of a route) was
 * 0 until then, but a rate needs two samples of a series, so its first increase would be lost, as
 * it is for a Prometheus scrape. Vigil knows better of its own counters: a cumulative series not
 * in `started.known` also gets a 0 at `started.since` (the previous collection, or the process's
 * start), so every request counts from its first.
 */
export function selfSamples(families: readonly ExportedFamily[], identity: Readonly<Record<string, string>>, now: number, started: StartedSeries): SelfSamples {
  const samples: SelfSamples['samples'] = [];
  const metadata: MetricMetadata[] = [];
  const cumulative = new Set<string>();
  for (const family of families) {
    const type = TYPES[family.type] ?? 'unknown';
    metadata.push({ name: family.name, type, unit: '', help: family.help, temporality: type === 'gauge' || type === 'unknown' ? 'none' : 'cumulative' });
    for (const value of family.values) {
      if (Number.isNaN(value.value)) continue;
      const labels: Record<string, string> = {};
      for (const [name, labelValue] of Object.entries(value.labels)) labels[name] = String(labelValue);
      const sample = { name: value.metricName ?? family.name, labels: { ...labels, ...identity }, value: value.value, timestamp: now };
      if (isCumulative(type, value.labels)) {
        const key = JSON.stringify([sample.name, Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1))]);
        cumulative.add(key);
        if (!started.known.has(key) && started.since < now) samples.push({ ...sample, value: 0, timestamp: started.since });
      }
      samples.push(sample);
    }
  }
  return { samples, metadata, cumulative };
}
