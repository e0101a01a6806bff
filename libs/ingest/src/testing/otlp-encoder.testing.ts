import { otlpType } from '../otlp/otlp-proto';

/**
 * Test-only OTLP bodies from OTLP/JSON-shaped objects: protobuf through protobufjs (the same
 * definitions the decoder reads), JSON as the object itself.
 */
export function encodeOtlpMetrics(request: object, format: 'protobuf' | 'json'): Buffer {
  if (format === 'json') return Buffer.from(JSON.stringify(request));
  const type = otlpType('metrics.v1.ExportMetricsServiceRequest');
  return Buffer.from(type.encode(type.fromObject(request)).finish());
}

/** Logs: trace and span ids are given as hex, as OTLP/JSON has them; protobuf gets their bytes. */
export function encodeOtlpLogs(request: { resourceLogs: { scopeLogs: { logRecords: Record<string, unknown>[] }[] }[] }, format: 'protobuf' | 'json'): Buffer {
  if (format === 'json') return Buffer.from(JSON.stringify(request));
  const type = otlpType('logs.v1.ExportLogsServiceRequest');
  const withBytes = {
    ...request,
    resourceLogs: request.resourceLogs.map((resourceLogs) => ({
      ...resourceLogs,
      scopeLogs: resourceLogs.scopeLogs.map((scopeLogs) => ({
        ...scopeLogs,
        logRecords: scopeLogs.logRecords.map((record) => ({
          ...record,
          traceId: typeof record.traceId === 'string' ? Buffer.from(record.traceId, 'hex') : undefined,
          spanId: typeof record.spanId === 'string' ? Buffer.from(record.spanId, 'hex') : undefined,
        })),
      })),
    })),
  };
  return Buffer.from(type.encode(type.fromObject(withBytes)).finish());
}
