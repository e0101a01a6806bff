import { type Comparator, type LabelMatcher, metricThresholdSpecSchema } from '@vigil/contracts';
import type { Labels } from '@vigil/metrics-query';
import { compileMatchers, type LabelPredicate, labelValue, matcherProblems } from './matchers';
import { loosestThreshold } from './thresholds';

/**
 * Raw-threshold breaches do not wait for the next tick: ingest checks each arriving sample
 * against the enabled `metric_threshold` rules that read raw values of single series (fn=raw,
 * agg=none, no quantile) and enqueues an immediate evaluation of a rule a sample breaches
 * (schedule.ts BreachEvaluationBatcher batches and dedupes). A breach here only triggers that evaluation;
 * the scheduled evaluation stays the source of truth for windows, reducers, `for`, no data and
 * recovery (a single sample above the threshold of an `avg` rule may well not fire it).
 *
 * Built for the hot path: a Map from metric name to candidates, so a sample of a metric no rule
 * reads costs one lookup and allocates nothing (the shared empty answer). Per metric, candidates
 * are sub-indexed by the label most of them pin with `=` (service="checkout"), so 1,000 rules of
 * one metric, each for its own service, cost one more lookup, not 1,000 matcher runs. `check`
 * compares the value first and runs matchers only for breaching values; `checkColumnar` (the
 * ingest batch form) runs them once per series and memoises the answer per series object.
 * Matchers are compiled once, at build. Rebuild the index when rules change.
 */
export interface RawThresholdRuleInput {
  id: string;
  kind: string;
  enabled?: boolean;
  /** The rule's spec (stored or already parsed: it is parsed again, cheaply, at build). */
  spec: unknown;
}

interface Candidate {
  ruleId: string;
  /** The comparator as two flags, compared inline: `>` is above, `>=` above and inclusive. */
  above: boolean;
  inclusive: boolean;
  /** The loosest of warning and critical: any breach of the rule's thresholds breaches it. */
  threshold: number;
  /** The matchers left after the sub-index's pinned label. */
  matches: LabelPredicate;
}

interface MetricCandidates {
  /**
   * The smallest threshold of the metric's `>`/`>=` candidates and the largest of its `<`/`<=`
   * ones (±Infinity when none): a value between them breaches no candidate, which one or two
   * comparisons tell — most samples stop there.
   */
  lowestAbove: number;
  highestBelow: number;
  /** The label candidates are sub-indexed by (undefined: none pins one). */
  pinnedLabel: string | undefined;
  byPinnedValue: Map<string, Candidate[]>;
  unpinned: Candidate[];
}

const NONE: readonly string[] = Object.freeze([]);

interface Eligible {
  ruleId: string;
  metric: string;
  matchers: readonly LabelMatcher[];
  comparator: Comparator;
  threshold: number;
}

/** The rule as a raw-threshold candidate, or undefined when it is not one (or not valid). */
function eligible(rule: RawThresholdRuleInput): Eligible | undefined {
  if (rule.kind !== 'metric_threshold' || rule.enabled === false) return undefined;
  const parsed = metricThresholdSpecSchema.safeParse(rule.spec);
  if (!parsed.success) return undefined;
  const { query, comparator } = parsed.data;
  if (query.fn !== 'raw' || query.agg !== 'none' || query.quantile !== undefined) return undefined;
  const threshold = loosestThreshold(parsed.data);
  if (threshold === undefined || matcherProblems(query.matchers).length > 0) return undefined;
  return { ruleId: rule.id, metric: query.name, matchers: query.matchers, comparator, threshold };
}

/** The `=` label most candidates share: sub-indexing by it splits them best. */
function choosePinnedLabel(rules: readonly Eligible[]): string | undefined {
  const counts = new Map<string, number>();
  for (const rule of rules) {
    for (const label of new Set(rule.matchers.filter((m) => m.op === '=').map((m) => m.label))) counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  let best: string | undefined;
  let bestCount = 1; // pinning a label only one rule uses gains nothing
  for (const [label, count] of [...counts].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (count > bestCount) [best, bestCount] = [label, count];
  }
  return best;
}

export class RawThresholdIndex {
  /** Per series object (ingest's cached descriptors): the candidates its labels satisfy. */
  private readonly matchedBySeries = new WeakMap<SeriesLike, readonly Candidate[]>();

  private constructor(
    private readonly metrics: ReadonlyMap<string, MetricCandidates>,
    /** How many rules are indexed. */
    readonly size: number,
  ) {}

  /** Indexes the eligible rules among `rules`; the others are left out silently. */
  static build(rules: readonly RawThresholdRuleInput[]): RawThresholdIndex {
    const byMetric = new Map<string, Eligible[]>();
    let size = 0;
    for (const rule of rules) {
      const candidate = eligible(rule);
      if (!candidate) continue;
      size += 1;
      const list = byMetric.get(candidate.metric);
      if (list) list.push(candidate);
      else byMetric.set(candidate.metric, [candidate]);
    }
    const metrics = new Map<string, MetricCandidates>();
    for (const [metric, list] of byMetric) {
      const pinnedLabel = choosePinnedLabel(list);
      const entry: MetricCandidates = { lowestAbove: Infinity, highestBelow: -Infinity, pinnedLabel, byPinnedValue: new Map(), unpinned: [] };
      for (const rule of list) {
        const pin = pinnedLabel === undefined ? undefined : rule.matchers.find((m) => m.op === '=' && m.label === pinnedLabel);
        const rest = pin === undefined ? rule.matchers : rule.matchers.filter((m) => m !== pin);
        const above = rule.comparator === '>' || rule.comparator === '>=';
        const inclusive = rule.comparator === '>=' || rule.comparator === '<=';
        const candidate: Candidate = { ruleId: rule.ruleId, above, inclusive, threshold: rule.threshold, matches: compileMatchers(rest) };
        if (above) entry.lowestAbove = Math.min(entry.lowestAbove, rule.threshold);
        else entry.highestBelow = Math.max(entry.highestBelow, rule.threshold);
        if (pin === undefined) {
          entry.unpinned.push(candidate);
        } else {
          const bucket = entry.byPinnedValue.get(pin.value);
          if (bucket) bucket.push(candidate);
          else entry.byPinnedValue.set(pin.value, [candidate]);
        }
      }
      metrics.set(metric, entry);
    }
    return new RawThresholdIndex(metrics, size);
  }

  /** Whether any rule reads this metric: ingest can skip a whole series' samples when not. */
  hasMetric(metricName: string): boolean {
    return this.metrics.has(metricName);
  }

  /**
   * Ids of the rules whose warning or critical threshold this sample breaches (and whose
   * matchers its labels satisfy). The shared empty array when none: nothing is allocated for
   * samples of metrics without rules, or that breach nothing.
   */
  check(metricName: string, labels: Labels, value: number): readonly string[] {
    const entry = this.metrics.get(metricName);
    if (entry === undefined || !mayBreach(entry, value)) return NONE;
    let found: string[] | undefined;
    if (entry.pinnedLabel !== undefined) {
      const pinned = entry.byPinnedValue.get(labelValue(labels, entry.pinnedLabel));
      if (pinned !== undefined) found = collect(pinned, labels, value, found);
    }
    found = collect(entry.unpinned, labels, value, found);
    return found ?? NONE;
  }

  /**
   * Every rule breached by a batch in ingest's columnar form (series descriptors, and per sample
   * its series index and value), each once. Per sample: the metric's entry (looked up once per
   * series) and one or two comparisons with its loosest thresholds, which settle most samples.
   * For a sample that may breach, the matchers run once per series, and their answer is
   * memoised per series object: ingest's DecodedSeriesCache hands out the same descriptor for a
   * series every request, so a steady stream pays them once.
   */
  checkColumnar(series: readonly SeriesLike[], sampleSeries: ArrayLike<number>, sampleValues: ArrayLike<number>, sampleCount = sampleSeries.length): Set<string> {
    const breached = new Set<string>();
    if (this.metrics.size === 0) return breached;
    const entries = series.map((one) => this.metrics.get(one.name));
    for (let index = 0; index < sampleCount; index++) {
      const seriesIndex = sampleSeries[index] as number;
      const entry = entries[seriesIndex];
      const value = sampleValues[index] as number;
      if (entry === undefined || !mayBreach(entry, value)) continue;
      for (const candidate of this.candidatesOf(series[seriesIndex] as SeriesLike, entry)) if (isBreached(candidate, value)) breached.add(candidate.ruleId);
    }
    return breached;
  }

  /** The metric's candidates whose matchers a series' labels satisfy, memoised per series object. */
  private candidatesOf(series: SeriesLike, entry: MetricCandidates): readonly Candidate[] {
    const cached = this.matchedBySeries.get(series);
    if (cached !== undefined) return cached;
    const pinned = entry.pinnedLabel === undefined ? undefined : entry.byPinnedValue.get(labelValue(series.labels, entry.pinnedLabel));
    const found = [...(pinned ?? []), ...entry.unpinned].filter((candidate) => candidate.matches(series.labels));
    const matched = found.length > 0 ? found : NO_CANDIDATES;
    this.matchedBySeries.set(series, matched);
    return matched;
  }
}

/** A series as ingest describes it (SeriesDescriptor). */
export interface SeriesLike {
  name: string;
  labels: Labels;
}

const NO_CANDIDATES: readonly Candidate[] = Object.freeze([]);

/** False when the value breaches none of the metric's candidates (and for NaN). */
function mayBreach(entry: MetricCandidates, value: number): boolean {
  return value >= entry.lowestAbove || value <= entry.highestBelow;
}

function isBreached(candidate: Candidate, value: number): boolean {
  const { threshold } = candidate;
  return candidate.above ? (candidate.inclusive ? value >= threshold : value > threshold) : candidate.inclusive ? value <= threshold : value < threshold;
}

/** Values first (cheap), matchers only for breaching values. */
function collect(candidates: readonly Candidate[], labels: Labels, value: number, found: string[] | undefined): string[] | undefined {
  for (const candidate of candidates) {
    if (!isBreached(candidate, value) || !candidate.matches(labels)) continue;
    (found ??= []).push(candidate.ruleId);
  }
  return found;
}
