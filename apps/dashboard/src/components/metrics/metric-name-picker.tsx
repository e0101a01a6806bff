'use client';

import { metricNamesResponseSchema } from '@vigil/contracts';
import { useState } from 'react';
import { apiJson } from '../../lib/api-client';
import { metricNamesPath } from '../../lib/metrics-query';
import { Autocomplete } from '../common/autocomplete';

export interface MetricNamePickerProps {
  projectId: string;
  metric: string | undefined;
  /** The committed name (Enter, a picked suggestion, leaving the box); undefined once emptied. */
  onMetric(name: string | undefined): void;
  label?: string;
  invalid?: boolean;
  /** Id of the element describing the box (a field error). */
  describedBy?: string;
}

/** A metric name box suggesting the project's metric names; shared by the explorer and the alert rule form. */
export function MetricNamePicker({ projectId, metric, onMetric, label = 'Metric', invalid, describedBy }: MetricNamePickerProps) {
  const [draft, setDraft] = useState(metric ?? '');
  return (
    <label className="metric-name" aria-describedby={describedBy}>
      {label}
      <Autocomplete
        label="Metric name"
        testId="metric-picker"
        placeholder="start typing a metric name"
        value={draft}
        invalid={invalid}
        onChange={setDraft}
        onCommit={(name) => onMetric(name.trim() || undefined)}
        commitOnBlur
        contextKey={`names:${projectId}`}
        loadSuggestions={async (prefix, signal) => (await apiJson(metricNamesPath(projectId, prefix.trim()), metricNamesResponseSchema, { signal })).names}
      />
    </label>
  );
}
