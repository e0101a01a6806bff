export type Labels = Readonly<Record<string, string>>;

/** A canonical text of a label set (sorted pairs), for maps and stable ordering. */
export function labelSetKey(labels: Labels): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Orders label sets by their canonical text, so responses list series in a stable order. */
export function compareLabelSets(a: Labels, b: Labels): number {
  const left = labelSetKey(a);
  const right = labelSetKey(b);
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * The labels a series keeps when aggregated `by` some labels: those of `by` it has, in `by`
 * order. A missing (or empty) label is left out, as in PromQL's `sum by (x)`, so series
 * without `x` form one group with no `x` label.
 */
export function pickLabels(labels: Labels, by: readonly string[]): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of by) {
    const value = labels[name];
    if (value !== undefined && value !== '') picked[name] = value;
  }
  return picked;
}
