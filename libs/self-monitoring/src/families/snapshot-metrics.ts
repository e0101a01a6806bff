import { Counter, Histogram, type Registry } from 'prom-client';

/** One label set's histogram as something else counted it. */
export interface HistogramSnapshot<T extends string> {
  labels: Record<T, string>;
  /** Upper bounds, ascending, in the family's unit. */
  bounds: readonly number[];
  /** Observations per bucket, not cumulative: one entry more than `bounds`, for those above the last. */
  counts: readonly number[];
  sum: number;
  count: number;
}

type Exported<T extends string> = Awaited<ReturnType<Histogram<T>['get']>>;

interface SnapshotConfig<T extends string> {
  name: string;
  help: string;
  labelNames: readonly T[];
  registry: Registry;
}

/**
 * A histogram family whose buckets are counted elsewhere: the lane scheduler keeps per-lane wait
 * and run histograms for its own statistics (`store.lanes.stats()`), and each scrape exposes them
 * as Prometheus histograms (cumulative buckets, `+Inf`, `_sum`, `_count`). prom-client's Histogram
 * exports only what its own observe() counted, and observing every engine operation a second
 * time to feed one would keep two copies of the same numbers; so this subclass replaces what the
 * family exports, and nothing calls observe() on it.
 */
export class SnapshotHistogram<T extends string> extends Histogram<T> {
  private readonly read: () => readonly HistogramSnapshot<T>[];

  constructor(config: SnapshotConfig<T>, read: () => readonly HistogramSnapshot<T>[]) {
    super({ name: config.name, help: config.help, labelNames: config.labelNames, registers: [config.registry] });
    this.read = read;
  }

  override async get(): Promise<Exported<T>> {
    return this.exported();
  }

  /** What prom-client's text exposition reads (Histogram has it; its typings do not). */
  async getForPromString(): Promise<Exported<T>> {
    return this.exported();
  }

  private exported(): Exported<T> {
    // Set by prom-client's constructors at run time; its typings leave them out of the class.
    const { name, help, type, aggregator } = this as unknown as Pick<Exported<T>, 'name' | 'help' | 'type' | 'aggregator'>;
    const values: Exported<T>['values'] = [];
    for (const snapshot of this.read()) {
      let cumulative = 0;
      snapshot.bounds.forEach((bound, index) => {
        cumulative += snapshot.counts[index] ?? 0;
        values.push({ labels: { ...snapshot.labels, le: bound }, value: cumulative, metricName: `${name}_bucket` });
      });
      values.push(
        { labels: { ...snapshot.labels, le: '+Inf' }, value: snapshot.count, metricName: `${name}_bucket` },
        { labels: { ...snapshot.labels }, value: snapshot.sum, metricName: `${name}_sum` },
        { labels: { ...snapshot.labels }, value: snapshot.count, metricName: `${name}_count` },
      );
    }
    return { name, help, type, values, aggregator, collect: () => undefined };
  }
}

/**
 * A counter family whose totals are kept elsewhere (the lane scheduler's failures, say): each
 * scrape sets them from `read`. Through prom-client's public API: reset, then add each total.
 */
export function snapshotCounter<T extends string>(config: SnapshotConfig<T>, read: () => readonly { labels: Record<T, string>; value: number }[]): Counter<T> {
  return new Counter({
    name: config.name,
    help: config.help,
    labelNames: config.labelNames,
    registers: [config.registry],
    collect() {
      this.reset();
      for (const { labels, value } of read()) this.inc(labels, value);
    },
  });
}
