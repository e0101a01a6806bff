import * as protobuf from 'protobufjs';
import { OTLP_COMMON_PROTO } from '../../proto/otlp-common.proto';
import { OTLP_LOGS_PROTO } from '../../proto/otlp-logs.proto';
import { OTLP_METRICS_PROTO } from '../../proto/otlp-metrics.proto';

/*
 * protobufjs for OTLP, where (unlike remote_write) per-point objects are affordable and the
 * message tree is deep: its reflection decoder is generated code, fast enough, and it also gives
 * OTLP/JSON the same typed shape through fromObject. Parsed once per process.
 */
let root: protobuf.Root | undefined;

function otlpRoot(): protobuf.Root {
  if (!root) {
    const next = new protobuf.Root();
    for (const source of [OTLP_COMMON_PROTO, OTLP_METRICS_PROTO, OTLP_LOGS_PROTO]) protobuf.parse(source, next, { keepCase: false });
    next.resolveAll();
    root = next;
  }
  return root;
}

export function otlpType(name: 'metrics.v1.ExportMetricsServiceRequest' | 'logs.v1.ExportLogsServiceRequest'): protobuf.Type {
  return otlpRoot().lookupType(`opentelemetry.proto.${name}`);
}
