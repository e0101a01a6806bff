import { createHash } from 'node:crypto';

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
 */
export function seriesFingerprint(name: string, labels: Readonly<Record<string, string>>): string {
  const pairs = Object.keys(labels)
    .sort()
    .map((key) => [key, labels[key] ?? '']);
  return createHash('sha256').update(JSON.stringify([name, pairs])).digest().readBigUInt64BE(0).toString();
}
