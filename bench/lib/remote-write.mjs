// Prometheus remote_write 1.0 bodies, hand-encoded (WriteRequest protobuf, snappy block format):
// labels are encoded once per series, then 18 bytes per sample. Shared by the benchmarks.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { ROOT } from './processes.mjs';

const require = createRequire(resolve(ROOT, 'package.json'));
export const { compressSync } = require('snappy');

export const REMOTE_WRITE_HEADERS = { 'content-type': 'application/x-protobuf', 'content-encoding': 'snappy', 'x-prometheus-remote-write-version': '0.1.0' };

export function varintLength(value) {
  let n = 1;
  while (value >= 128) {
    value = Math.floor(value / 128);
    n++;
  }
  return n;
}

export function writeVarint(buffer, offset, value) {
  while (value >= 128) {
    buffer[offset++] = (value % 128) | 0x80;
    value = Math.floor(value / 128);
  }
  buffer[offset++] = value;
  return offset;
}

/** TimeSeries.labels fields for `labels` (an object; Prometheus sends them sorted by name). */
export function encodeLabels(labels) {
  const parts = [];
  for (const [name, value] of Object.entries(labels)) {
    const n = Buffer.from(name);
    const v = Buffer.from(value);
    const inner = 1 + varintLength(n.length) + n.length + 1 + varintLength(v.length) + v.length;
    const label = Buffer.alloc(1 + varintLength(inner) + inner);
    let o = 0;
    label[o++] = 0x0a; // TimeSeries.labels
    o = writeVarint(label, o, inner);
    label[o++] = 0x0a; // Label.name
    o = writeVarint(label, o, n.length);
    o += n.copy(label, o);
    label[o++] = 0x12; // Label.value
    o = writeVarint(label, o, v.length);
    o += v.copy(label, o);
    parts.push(label.subarray(0, o));
  }
  return Buffer.concat(parts);
}

/** Labels sorted by name, as Prometheus sends them. */
export const sortLabels = (labels) => Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)));

/**
 * A snappy-compressed WriteRequest: `series` is [{ bytes: encodeLabels(...), values: Float64Array }],
 * every series with `values.length` samples at `startMs + i * stepMs` (the same timestamps).
 */
export function encodeWriteRequest(series, startMs, stepMs) {
  let total = 0;
  for (const s of series) {
    const inner = s.bytes.length + 18 * s.values.length;
    total += 1 + varintLength(inner) + inner;
  }
  const body = Buffer.allocUnsafe(total);
  let o = 0;
  for (const s of series) {
    const inner = s.bytes.length + 18 * s.values.length;
    body[o++] = 0x0a; // WriteRequest.timeseries
    o = writeVarint(body, o, inner);
    o += s.bytes.copy(body, o);
    for (let j = 0; j < s.values.length; j++) {
      body[o++] = 0x12; // TimeSeries.samples
      body[o++] = 16;
      body[o++] = 0x09; // Sample.value (double)
      o = body.writeDoubleLE(s.values[j], o);
      body[o++] = 0x10; // Sample.timestamp (varint; 6 bytes for ms since 1970 until 2527)
      o = writeVarint(body, o, startMs + j * stepMs);
    }
  }
  if (o !== total) throw new Error(`remote_write encoder: wrote ${o} of ${total} bytes`);
  return compressSync(body);
}
