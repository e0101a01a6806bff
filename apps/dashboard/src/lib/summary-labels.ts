import { formatSpan } from './time-format';
import { describeRange, findPreset, type TimeRange } from './time-range';

export interface SummaryLabels {
  /** What latency, error rate and every sparkline summarise: `last 1 h`, or the absolute range. */
  range: string;
  /** What the throughput figure is a rate over: `last 5 min`, or `last 5 min of the range`. */
  throughput: string;
}

/**
 * The Overview's column labels. Throughput is a rate over the API's recent `throughputWindow`
 * (so a service that started during the range reads its current rate), while latency and error
 * rate summarise the whole range; the labels say so, so `15 req/s` beside `p95 97.5 ms` reads
 * right. An absolute range may end in the past, so there the window is "of the range".
 */
export function summaryLabels(range: TimeRange, throughputWindowMs: number): SummaryLabels {
  const window = `last ${formatSpan(throughputWindowMs)}`;
  if (range.kind === 'absolute') return { range: describeRange(range), throughput: `${window} of the range` };
  // Both spans written alike (`last 1 h` beside `last 5 min`), so the difference shows.
  const preset = findPreset(range.preset);
  return { range: preset ? `last ${formatSpan(preset.ms)}` : describeRange(range), throughput: window };
}
