import { type LaneHistogram, LANES, type LaneStats, type LaneStatsSnapshot } from '@vigil/telemetry-store';
import { Gauge, type Registry } from 'prom-client';
import { type HistogramSnapshot, SnapshotHistogram, snapshotCounter } from './snapshot-metrics';

type LaneLabel = 'lane';

/** The scheduler's milliseconds as Prometheus seconds. */
function inSeconds(lane: string, histogram: LaneHistogram): HistogramSnapshot<LaneLabel> {
  return { labels: { lane }, bounds: histogram.boundsMs.map((ms) => ms / 1000), counts: histogram.counts, sum: histogram.sumMs / 1000, count: histogram.count };
}

/**
 * The engine's priority lanes (docs/architecture.md, "Priority lanes"): how long operations of
 * each lane wait for a turn and run, how many wait now. Read from the lane scheduler's own
 * statistics at each scrape; one `lane` label of four values.
 */
export class EngineMetrics {
  private stats: (() => LaneStatsSnapshot) | undefined;

  constructor(registry: Registry) {
    const lanes = (pick: (stats: LaneStats) => number) => {
      const stats = this.stats?.();
      return stats ? LANES.map((lane) => ({ labels: { lane }, value: pick(stats[lane]) })) : [];
    };
    const histograms = (pick: 'wait' | 'run') => {
      const stats = this.stats?.();
      return stats ? LANES.map((lane) => inSeconds(lane, stats[lane][pick])) : [];
    };
    const labelNames = ['lane'] as const;
    new SnapshotHistogram(
      { name: 'vigil_engine_queue_wait_seconds', help: 'Time engine operations (queries, inserts) waited for a turn on their lane: write, evaluation, interactive, background.', labelNames, registry },
      () => histograms('wait'),
    );
    new SnapshotHistogram(
      { name: 'vigil_engine_operation_duration_seconds', help: 'Time engine operations ran once they had their turn, by lane.', labelNames, registry },
      () => histograms('run'),
    );
    snapshotCounter({ name: 'vigil_engine_operation_failures_total', help: 'Engine operations that failed, by lane.', labelNames, registry }, () => lanes((lane) => lane.failed));
    snapshotCounter(
      { name: 'vigil_engine_starvation_promotions_total', help: 'Turns a lane got ahead of higher ones because its oldest operation waited past its bound.', labelNames, registry },
      () => lanes((lane) => lane.promoted),
    );
    const gauge = (name: string, help: string, pick: (stats: LaneStats) => number) =>
      new Gauge({
        name,
        help,
        labelNames,
        registers: [registry],
        collect() {
          for (const { labels, value } of lanes(pick)) this.set(labels, value);
        },
      });
    gauge('vigil_engine_operations_queued', 'Engine operations waiting for a turn now, by lane.', (lane) => lane.queued);
    gauge('vigil_engine_operations_in_flight', 'Engine operations running now, by lane (embedded chDB runs one at a time).', (lane) => lane.inFlight);
  }

  /** Reads the store's lane scheduler (`store.lanes.stats()`) at each scrape. */
  watch(stats: () => LaneStatsSnapshot): void {
    this.stats = stats;
  }
}
