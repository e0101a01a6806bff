'use client';

import { Command, OtlpExporterHint, useCurlIngest } from '../common/send-data-hint';

const EXAMPLE = JSON.stringify({
  samples: [
    { name: 'http_server_request_duration_seconds_count', labels: { service: 'checkout', http_response_status_code: '200' }, value: 1 },
  ],
});

/** No service has HTTP metrics or logs in the range: how to send some. */
export function NoServicesYet({ rangeLabel }: { rangeLabel: string }) {
  const curl = useCurlIngest('/api/v1/ingest/metrics', EXAMPLE);
  return (
    <section className="card empty" data-testid="empty-state">
      <h2>No services in the {rangeLabel}</h2>
      <p className="muted">
        A service appears here when Vigil receives HTTP server metrics — OpenTelemetry&apos;s <code>http.server.request.duration</code> histogram, or
        Prometheus&apos; <code>http_requests_total</code> / <code>http_request_duration_seconds</code> — or logs that name a service. Use the ingest key
        printed when Vigil first started.
      </p>
      <OtlpExporterHint />
      <p>Or send one sample by hand, through this dashboard:</p>
      <Command lines={curl} />
    </section>
  );
}
