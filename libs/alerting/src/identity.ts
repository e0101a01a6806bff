import { createHash } from 'node:crypto';
import { labelSetKey, type Labels } from '@vigil/metrics-query';

/**
 * Deterministic ids. Instances, notification groups and notifications are named by what they
 * are (rule and label group; policy and group labels; group and flush number), so every worker
 * replica and every retry derives the same id without a lookup. The ids are UUID-shaped
 * (version 8, RFC 9562 "custom": SHA-256 of the name, version and variant bits set) so they fit
 * Postgres `uuid` columns and `z.string().uuid()`. node:crypto's hash is a pure function of its
 * input (no randomness, no I/O), so it keeps this lib free of side effects.
 */
export function nameBasedId(...parts: readonly string[]): string {
  const hash = createHash('sha256');
  // A separator that cannot appear inside label text (NUL is refused nowhere, so length-prefix each part).
  for (const part of parts) hash.update(`${part.length}:${part}`);
  const bytes = hash.digest();
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The instance of a rule for one label group: the same labels in any order give the same key. */
export function instanceKey(ruleId: string, groupLabels: Labels): string {
  return nameBasedId('instance', ruleId, labelSetKey(groupLabels));
}

/** Short stable digest of a text (the "unchanged" check of notification groups). */
export function digestOf(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}
