import * as protobuf from 'protobufjs';
import { compressSync } from 'snappy';

/*
 * Test-only encoder for remote_write bodies: protobufjs from Prometheus' own message shapes
 * (prompb/types.proto and remote.proto, github.com/prometheus/prometheus), so the hand-written
 * decoder is checked against an independent implementation of the wire format.
 */
const PROMPB = `
syntax = "proto3";
package prometheus;
message WriteRequest { repeated TimeSeries timeseries = 1; repeated MetricMetadata metadata = 3; }
message MetricMetadata {
  enum MetricType { UNKNOWN = 0; COUNTER = 1; GAUGE = 2; HISTOGRAM = 3; GAUGEHISTOGRAM = 4; SUMMARY = 5; INFO = 6; STATESET = 7; }
  MetricType type = 1; string metric_family_name = 2; string help = 4; string unit = 5;
}
message Sample { double value = 1; int64 timestamp = 2; }
message Exemplar { repeated Label labels = 1; double value = 2; int64 timestamp = 3; }
message TimeSeries { repeated Label labels = 1; repeated Sample samples = 2; repeated Exemplar exemplars = 3; }
message Label { string name = 1; string value = 2; }
`;

const root = protobuf.parse(PROMPB, { keepCase: true }).root;
export const WriteRequestType = root.lookupType('prometheus.WriteRequest');

export interface TestSeries {
  labels: Record<string, string>;
  samples: { value: number; timestamp: number }[];
  exemplars?: { labels: Record<string, string>; value: number; timestamp: number }[];
}

export interface TestMetadata {
  type: number;
  metric_family_name: string;
  help?: string;
  unit?: string;
}

function labelList(labels: Record<string, string>): { name: string; value: string }[] {
  return Object.entries(labels).map(([name, value]) => ({ name, value }));
}

/** The uncompressed WriteRequest protobuf. */
export function encodeWriteRequest(series: TestSeries[], metadata: TestMetadata[] = []): Buffer {
  const message = WriteRequestType.fromObject({
    timeseries: series.map((s) => ({
      labels: labelList(s.labels),
      samples: s.samples,
      exemplars: (s.exemplars ?? []).map((e) => ({ ...e, labels: labelList(e.labels) })),
    })),
    metadata,
  });
  return Buffer.from(WriteRequestType.encode(message).finish());
}

/** A remote_write body as Prometheus sends it: snappy block format. */
export function encodeRemoteWrite(series: TestSeries[], metadata: TestMetadata[] = []): Buffer {
  return compressSync(encodeWriteRequest(series, metadata));
}
