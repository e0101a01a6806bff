import { type LogCountSpec, logCountSpecSchema } from '@vigil/contracts';
import { labelSetKey, type Labels } from '@vigil/metrics-query';
import { evaluationRange } from './evaluation-window';
import { parseWithSchema } from './parse-spec';
import { type Observation, requireData, type RuleKind } from './rule-kind';

/** Matching lines kept per group as evidence. */
export const DEFAULT_EVIDENCE_LINES = 5;

/**
 * The label a log count's group is named by: `service`, or the attribute key made a label name
 * the way ingest names OTLP attributes (`http.route` → `http_route`; a leading digit or `__`
 * gets a `key` prefix), so routing and silences match it like any label. None for `none`.
 */
export function logGroupLabelName(groupBy: string): string | undefined {
  if (groupBy === 'none') return undefined;
  if (groupBy === 'service') return 'service';
  let name = groupBy.slice('attribute:'.length).replace(/[^a-zA-Z0-9_]/g, '_');
  if (/^[0-9]/.test(name)) name = `key_${name}`;
  else if (name.startsWith('__')) name = `key${name}`;
  return name;
}

/** A group's labels: `{ service: "checkout" }`; none for `none`, or for records without the attribute (value "" or null). */
export function logGroupLabels(groupBy: string, value: string | null): Labels {
  const name = logGroupLabelName(groupBy);
  return name === undefined || value === null || value === '' ? {} : { [name]: value };
}

/**
 * Log records matching a search over the window, counted per group (service, one attribute, or
 * all together), with the first matching lines (newest first, as the logs search returns them)
 * kept as evidence. A count always has a value: a group the rule knows that had no records this
 * time is observed with 0 (so `< 1` "heartbeat" rules fire), and `none` is always one group.
 */
export const logCountKind: RuleKind<LogCountSpec> = {
  name: 'log_count',
  parseSpec: (input) => parseWithSchema('log_count', logCountSpecSchema, input, () => ({})),
  thresholds: ({ comparator, warning, critical, recovery }) => ({ comparator, warning, critical, recovery }),
  dataRequests: (spec, { now }) => [
    { type: 'logs', id: 'logs', search: spec.search, groupBy: spec.groupBy, ...evaluationRange(now, spec.windowSeconds), evidenceLimit: DEFAULT_EVIDENCE_LINES },
  ],
  observe: (spec, data, { now, knownGroups }) => {
    const { groups } = requireData(data, 'logs', 'logs');
    const window = { from: now - spec.windowSeconds * 1000, to: now };
    const observed = new Map<string, Observation>();
    const observe = (labels: Labels, count: number, lines: Observation['evidence']['lines']): void => {
      const key = labelSetKey(labels);
      const previous = observed.get(key);
      // Two raw values can name one group ("" and null both mean "without the attribute").
      const total = count + (previous?.value ?? 0);
      const evidence = [...(previous?.evidence.lines ?? []), ...(lines ?? [])].slice(0, DEFAULT_EVIDENCE_LINES);
      observed.set(key, { labels, value: total, evidence: { value: total, lines: evidence, threshold: null, comparator: spec.comparator, ...window } });
    };
    for (const group of groups) observe(logGroupLabels(spec.groupBy, group.value), group.count, group.lines.slice(0, DEFAULT_EVIDENCE_LINES));
    const expected = spec.groupBy === 'none' ? [{}] : knownGroups;
    for (const labels of expected) if (!observed.has(labelSetKey(labels))) observe(labels, 0, []);
    return [...observed.values()];
  },
};
