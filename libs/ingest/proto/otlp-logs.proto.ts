/*
 * OTLP logs, from opentelemetry-proto v1.5.0 (opentelemetry/proto/logs/v1/logs.proto and
 * collector/logs/v1/logs_service.proto). As for metrics: SeverityNumber declared as int32 (same
 * varint on the wire, integers in OTLP/JSON); everything Vigil stores is here.
 */
export const OTLP_LOGS_PROTO = `
syntax = "proto3";
package opentelemetry.proto.logs.v1;

message ExportLogsServiceRequest { repeated ResourceLogs resource_logs = 1; }
message ResourceLogs {
  opentelemetry.proto.common.v1.Resource resource = 1;
  repeated ScopeLogs scope_logs = 2;
  string schema_url = 3;
}
message ScopeLogs {
  opentelemetry.proto.common.v1.InstrumentationScope scope = 1;
  repeated LogRecord log_records = 2;
  string schema_url = 3;
}
message LogRecord {
  fixed64 time_unix_nano = 1;
  fixed64 observed_time_unix_nano = 11;
  int32 severity_number = 2; // SeverityNumber: 0 unspecified, 1–24
  string severity_text = 3;
  opentelemetry.proto.common.v1.AnyValue body = 5;
  repeated opentelemetry.proto.common.v1.KeyValue attributes = 6;
  uint32 dropped_attributes_count = 7;
  fixed32 flags = 8;
  bytes trace_id = 9;
  bytes span_id = 10;
  string event_name = 12;
}
`;
