import { LIMIT_NAMES, type IngestLimits } from '../ingest-limits';
import type { InstrumentationScope, KeyValue, Resource } from './otlp-messages';
import { anyValueToString } from './otlp-values';
import { sanitizeLabelName } from './otlp-naming';

/** Resource attributes with a fixed label, as Vigil's queries and dashboards expect them. */
const RESOURCE_LABELS: Readonly<Record<string, string>> = {
  'service.name': 'service',
  'service.namespace': 'service_namespace',
  'service.instance.id': 'instance',
};

/**
 * Attributes as labels. Keys are sanitized; when two keys of the same level sanitize to the same
 * name their values are joined with `;` in key order (the compatibility spec's rule); empty
 * values are dropped, since Prometheus treats an empty label as absent.
 */
export function attributesToLabels(attributes: readonly KeyValue[] | null | undefined, rename?: Readonly<Record<string, string>>): Record<string, string> {
  const labels: Record<string, string> = {};
  if (!attributes || attributes.length === 0) return labels;
  const sorted = attributes.length > 1 ? [...attributes].sort((a, b) => ((a.key ?? '') < (b.key ?? '') ? -1 : (a.key ?? '') > (b.key ?? '') ? 1 : 0)) : attributes;
  for (const attribute of sorted) {
    const key = attribute.key ?? '';
    const value = anyValueToString(attribute.value);
    if (value === '') continue;
    const name = rename?.[key] ?? sanitizeLabelName(key);
    // sanitizeLabelName never yields `__proto__` (a `__` prefix becomes `key__`), so plain assignment is safe.
    labels[name] = Object.hasOwn(labels, name) ? `${labels[name]};${value}` : value;
  }
  return labels;
}

/** Labels every series of a resource and scope carries; the scope's win over the resource's. */
export function resourceScopeLabels(resource: Resource | null | undefined, scope: InstrumentationScope | null | undefined): Record<string, string> {
  const labels = attributesToLabels(resource?.attributes, RESOURCE_LABELS);
  if (scope?.name) labels.otel_scope_name = scope.name;
  if (scope?.version) labels.otel_scope_version = scope.version;
  return labels;
}

/**
 * Why a series may not be stored, or null. `extraLabels` counts labels the caller adds after
 * the check (`le`, `quantile`); `__name__` counts as one label, as in Prometheus.
 */
export function seriesLimitViolation(name: string, labels: Readonly<Record<string, string>>, extraLabels: number, limits: IngestLimits): string | null {
  if (name.length > limits.metricNameLength) {
    return `metric name longer than ${limits.metricNameLength} characters (limit ${LIMIT_NAMES.metricNameLength}) in series ${name.slice(0, 64)}…`;
  }
  let count = 1 + extraLabels;
  for (const key in labels) {
    count++;
    if (key.length > limits.labelNameLength) {
      return `label name longer than ${limits.labelNameLength} characters (limit ${LIMIT_NAMES.labelNameLength}) in series ${name}`;
    }
    if ((labels[key] as string).length > limits.labelValueLength) {
      return `label value longer than ${limits.labelValueLength} characters (limit ${LIMIT_NAMES.labelValueLength}) in series ${name}`;
    }
  }
  if (count > limits.labelsPerSeries) return `series with more than ${limits.labelsPerSeries} labels (limit ${LIMIT_NAMES.labelsPerSeries}) in series ${name}`;
  return null;
}
