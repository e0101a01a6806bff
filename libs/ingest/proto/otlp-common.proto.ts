/*
 * OTLP common and resource messages, from opentelemetry-proto v1.5.0
 * (github.com/open-telemetry/opentelemetry-proto, opentelemetry/proto/common/v1/common.proto and
 * resource/v1/resource.proto). Only what Vigil reads; field numbers and types are upstream's,
 * so the wire format is unchanged. Kept as TypeScript text so the build ships it with the code.
 */
export const OTLP_COMMON_PROTO = `
syntax = "proto3";
package opentelemetry.proto.common.v1;

message AnyValue {
  oneof value {
    string string_value = 1;
    bool bool_value = 2;
    int64 int_value = 3;
    double double_value = 4;
    ArrayValue array_value = 5;
    KeyValueList kvlist_value = 6;
    bytes bytes_value = 7;
  }
}
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
message KeyValue { string key = 1; AnyValue value = 2; }
message InstrumentationScope {
  string name = 1;
  string version = 2;
  repeated KeyValue attributes = 3;
  uint32 dropped_attributes_count = 4;
}
message Resource {
  repeated KeyValue attributes = 1;
  uint32 dropped_attributes_count = 2;
}
`;
