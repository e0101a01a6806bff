'use client';

import { Command, OtlpExporterHint, useCurlIngest } from '../common/send-data-hint';

const EXAMPLE = '{"samples":[{"name":"demo_latency_ms","labels":{"service":"checkout"},"value":42}]}';

/** Shown while a project has no metrics: the commands that change that. */
export function NoMetricsYet() {
  const curl = useCurlIngest('/api/v1/ingest/metrics', EXAMPLE);
  return (
    <section className="card empty" data-testid="empty-state">
      <h2>No metrics yet — send one with curl</h2>
      <p className="muted">Use the ingest key printed when Vigil first started. The metric shows up here within a few seconds.</p>
      <Command lines={curl} />
      <OtlpExporterHint />
      <p className="muted">
        Prometheus <code>remote_write</code> works too, with the same key.
      </p>
    </section>
  );
}
