/** What a masked value reads as in the audit trail. */
export const MASKED = '[masked]';

/**
 * Field names whose values are secrets wherever they appear: passwords, tokens, keys, signing
 * secrets, ciphertexts and hashes of them, and cookie or authorization values. Matched on the
 * end of the name, case-insensitively, so `currentPassword`, `previousSecret` and `tokenHash`
 * are masked while `secretPrefix` (shown in lists on purpose) is kept.
 */
const SECRET_FIELD = /(password|secret|token|key|authorization|cookie|cipher|hash)$/i;
/** Objects whose every value is a secret: request headers sent to webhooks (Authorization, API tokens). */
const SECRET_MAPS = /^headers$/i;
/**
 * Vigil's own secrets, wherever they appear in a string (an invitation link, a push check's URL, a
 * message): API keys and push tokens keep the 8 characters lists show, invitation tokens and
 * webhook signing secrets nothing. (The prefixes are libs/auth's; a pure lib does not import it.)
 */
const SECRET_VALUES: readonly [RegExp, (match: string) => string][] = [
  [/vgl_[A-Za-z0-9_-]{43}/g, (match) => `${match.slice(0, 12)}…${MASKED}`],
  [/vpt_[A-Za-z0-9_-]{43}/g, (match) => `${match.slice(0, 12)}…${MASKED}`],
  [/vgi_[A-Za-z0-9_-]{43}/g, () => `vgi_…${MASKED}`],
  [/whsec_[A-Za-z0-9+/=]{40,}/g, () => `whsec_…${MASKED}`],
];
/** Larger values are recorded as their size only: the trail records changes, not payloads. */
export const MAX_RECORDED_JSON_BYTES = 64 * 1024;

function maskString(text: string): string {
  return SECRET_VALUES.reduce((masked, [pattern, replace]) => masked.replace(pattern, replace), text);
}

function mask(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return maskString(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 32) return MASKED;
  if (Array.isArray(value)) return value.map((item) => mask(item, depth + 1));
  const result: Record<string, unknown> = {};
  for (const [name, item] of Object.entries(value)) {
    // A secret field's value is masked when it is one (text, a number); an object under such a
    // name (`apiKey: { id, prefix }`) is a description of the secret and is masked field by field.
    if (SECRET_FIELD.test(name) && (typeof item === 'string' || typeof item === 'number') && item !== '') result[name] = MASKED;
    else if (SECRET_MAPS.test(name) && item !== null && typeof item === 'object' && !Array.isArray(item)) result[name] = Object.fromEntries(Object.keys(item).map((header) => [header, MASKED]));
    else result[name] = mask(item, depth + 1);
  }
  return result;
}

/**
 * A JSON value as the audit trail may keep it: secrets masked by field name and by their shape,
 * anything larger than MAX_RECORDED_JSON_BYTES replaced by a note of its size. Hand-written: the
 * masking rules are Vigil's own secrets, which no redaction library knows.
 */
export function maskSecrets(value: unknown): unknown {
  if (value === undefined) return null;
  const masked = mask(JSON.parse(JSON.stringify(value)) as unknown, 0);
  const bytes = Buffer.byteLength(JSON.stringify(masked) ?? 'null');
  return bytes > MAX_RECORDED_JSON_BYTES ? { omitted: `${bytes} bytes of JSON, more than the audit trail records` } : masked;
}
