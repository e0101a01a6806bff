import { hash } from 'node:crypto';
import type { SeriesDescriptor } from '@vigil/ingest';

/**
 * A series' identity: the metric name and its labels sorted by name, hashed to an unsigned
 * 64-bit integer (a decimal string, since JS numbers cannot hold it).
 *
 * SHA-256 truncated to 64 bits, from node:crypto: no dependency, identical on every machine
 * and Node version, and 64-bit collision odds are negligible at the series counts a project
 * has. Considered: xxhash64 (`xxhash-wasm`, `@node-rs/xxhash`) is faster but adds a package
 * for a hash that is not on the hot path once series are cached; ClickHouse's cityHash64 would
 * let SQL recompute fingerprints, but no well-kept npm port exists. The input is the JSON of
 * [name, [k, v]...], which is unambiguous whatever the label values contain (even NUL).
 * One-shot `crypto.hash` (Node >= 20.12) gives the same digest as createHash without the hash
 * object: measured 3.0 → 2.6 µs per series, of which about 1.7 µs is sorting and JSON.
 */
export function seriesFingerprint(name: string, labels: Readonly<Record<string, string>>): string {
  const pairs = Object.keys(labels)
    .sort()
    .map((key) => [key, labels[key] ?? '']);
  return BigInt(`0x${hash('sha256', JSON.stringify([name, pairs]), 'hex').slice(0, 16)}`).toString();
}

const descriptorFingerprints = new WeakMap<SeriesDescriptor, string>();

/**
 * The fingerprint of a decoded series, computed once per descriptor object: the series
 * limiter and the batch encoder both need it for the same batch.
 */
export function descriptorFingerprint(series: SeriesDescriptor): string {
  let fingerprint = descriptorFingerprints.get(series);
  if (fingerprint === undefined) {
    fingerprint = seriesFingerprint(series.name, series.labels);
    descriptorFingerprints.set(series, fingerprint);
  }
  return fingerprint;
}
