import { alignDown } from './step';

/**
 * The increase between two consecutive counter samples, reset-aware as in Prometheus: a drop
 * means the counter restarted from zero, so the new value is the increase.
 */
export function counterDelta(previous: number, current: number): number {
  return current >= previous ? current - previous : current;
}

/**
 * The reference semantics of `fn=increase` over raw samples (the SQL computes the same thing):
 * each sample's delta from the sample before it (reset-aware) is credited to the step holding
 * the sample, so consecutive steps add up to the increase over the range. A sample with no
 * predecessor contributes nothing (one sample says nothing about an increase); NaN samples
 * (staleness markers) are skipped. Samples before `from` only serve as predecessors.
 *
 * @param samples `[timestampMs, value]` ascending by time.
 * @returns `[stepStart, increase]` for the steps holding at least one delta.
 */
export function stepIncreases(samples: readonly (readonly [number, number])[], from: number, step: number): [number, number][] {
  const start = alignDown(from, step);
  const sums = new Map<number, number>();
  let previous: number | undefined;
  for (const [t, value] of samples) {
    if (Number.isNaN(value)) continue;
    if (previous !== undefined && t >= start) {
      const bucket = alignDown(t, step);
      sums.set(bucket, (sums.get(bucket) ?? 0) + counterDelta(previous, value));
    }
    previous = value;
  }
  return [...sums.entries()].sort((a, b) => a[0] - b[0]);
}
