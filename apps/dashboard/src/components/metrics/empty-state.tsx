'use client';

import { useSyncExternalStore } from 'react';

const EXAMPLE_BODY = '{"samples":[{"name":"demo_latency_ms","labels":{"service":"checkout"},"value":42}]}';
/** The API's default port (DESIGN.md: OpenTelemetry's OTLP/HTTP port). */
const API_PORT = 4318;

/** Shown while a project has no metrics: the one command that changes that. */
export function NoMetricsYet() {
  // The API usually runs on the machine that serves the dashboard; the host is only known in the browser.
  const host = useSyncExternalStore(
    () => () => undefined,
    () => window.location.hostname,
    () => 'localhost',
  );
  const command = [
    `curl -X POST http://${host}:${API_PORT}/api/v1/ingest/metrics \\`,
    `  -H 'Authorization: Bearer <your ingest key>' \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -d '${EXAMPLE_BODY}'`,
  ].join('\n');

  return (
    <section className="card empty" data-testid="empty-state">
      <h2>No data yet — send a metric with curl</h2>
      <p className="muted">
        Use the ingest key printed when Vigil first started. The metric shows up here within a few seconds.
      </p>
      <pre className="code">{command}</pre>
      <p className="muted">
        OpenTelemetry exporters (OTLP/HTTP) and Prometheus <code>remote_write</code> work too, with the same key.
      </p>
    </section>
  );
}
