'use client';

import { useOrigin } from '../../hooks/use-origin';

/** A shell command, shown in a dark box. */
export function Command({ lines, testId }: { lines: readonly string[]; testId?: string }) {
  return (
    <pre className="code" data-testid={testId}>
      {lines.join('\n')}
    </pre>
  );
}

/** `curl` against this dashboard's origin, which forwards `/api/*` to the API. */
export function useCurlIngest(path: string, body: string): string[] {
  const origin = useOrigin();
  return [`curl -X POST ${origin}${path} \\`, `  -H 'Authorization: Bearer <your ingest key>' \\`, `  -H 'Content-Type: application/json' \\`, `  -d '${body}'`];
}

/**
 * Where OpenTelemetry exporters send: the API itself. The dashboard forwards only `/api/*`, and
 * OTLP exporters post to `/v1/metrics` and `/v1/logs`, so the endpoint is the API's origin —
 * which may differ from this page's.
 */
export function OtlpExporterHint() {
  const origin = useOrigin();
  return (
    <>
      <p>Point an OpenTelemetry SDK&apos;s OTLP/HTTP exporter at the Vigil API:</p>
      <Command
        lines={[
          'OTEL_EXPORTER_OTLP_ENDPOINT=<Vigil API origin>',
          'OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf',
          'OTEL_EXPORTER_OTLP_HEADERS="Authorization=Bearer <your ingest key>"',
          'OTEL_SERVICE_NAME=checkout',
        ]}
      />
      <p className="muted small">
        The API origin is where the Vigil API listens (its <code>PORT</code>, 4318 unless changed). It may differ from this dashboard&apos;s origin (
        <code>{origin}</code>), which forwards only <code>/api/*</code>.
      </p>
    </>
  );
}
