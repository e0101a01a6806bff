/**
 * `Retry-After` (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. Returns milliseconds from
 * `now` (never negative), or null when absent or unreadable. Pure.
 */
export function parseRetryAfter(value: string | readonly string[] | undefined, now: Date): number | null {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (text === undefined || text === '') return null;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Only the IMF-fixdate form and its obsolete siblings name a weekday and "GMT"; a bare
  // number with a sign or a fraction is not a valid Retry-After.
  if (!/[A-Za-z]/.test(text)) return null;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now.getTime());
}
