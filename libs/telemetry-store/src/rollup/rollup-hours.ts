/** One hour in milliseconds: the rollup's bucket. */
export const HOUR_MS = 3_600_000;

/** The start (epoch ms) of the hour holding `epochMs`. */
export function hourOf(epochMs: number): number {
  return epochMs - (((epochMs % HOUR_MS) + HOUR_MS) % HOUR_MS);
}
