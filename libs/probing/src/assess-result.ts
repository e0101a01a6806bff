import type { DnsCheckSpec, HttpCheckSpec, TcpCheckSpec } from '@vigil/contracts';
import { JSONPath } from 'jsonpath-plus';
import type { Assessment, DnsObservation, HttpObservation, ProbeFailure, TcpObservation, TlsPeer } from './observations';
import { compileStatusSet } from './status-set';

const DAY_MS = 86_400_000;

/** A failure is always down, with the executor's message. */
export function assessFailure(failure: ProbeFailure): Assessment {
  return { status: 'down', statusCode: null, latencyMs: failure.latencyMs, error: failure.message };
}

/**
 * One HTTP answer against the check: the status must be in the expected set, the keyword present
 * (or absent), the JSON-path assertion true — else down, with the first reason. Then degraded when
 * slower than `degradedAfterMs`, or when the certificate expires within `tlsExpiryWarningDays`
 * (or has expired, or does not verify, on a check that ignores TLS errors).
 */
export function assessHttp(spec: HttpCheckSpec, observation: HttpObservation, now: number): Assessment {
  const base = { statusCode: observation.statusCode, latencyMs: observation.latencyMs };
  const expected = compileStatusSet(spec.expectedStatus);
  if (!expected.has(observation.statusCode)) return { ...base, status: 'down', error: `status ${observation.statusCode} is not one of ${expected.text}` };
  const keywordProblem = spec.keyword === undefined ? null : keywordFailure(spec.keyword, observation);
  if (keywordProblem !== null) return { ...base, status: 'down', error: keywordProblem };
  const jsonProblem = spec.jsonPath === undefined ? null : jsonPathFailure(spec.jsonPath, observation);
  if (jsonProblem !== null) return { ...base, status: 'down', error: jsonProblem };
  const degraded = [slowness(spec.degradedAfterMs, observation.latencyMs), observation.tls === null ? null : certificateWarning(observation.tls, spec.tlsExpiryWarningDays, now)].filter(
    (reason): reason is string => reason !== null,
  );
  return { ...base, status: degraded.length > 0 ? 'degraded' : 'up', error: degraded.join('; ') };
}

export function assessTcp(spec: TcpCheckSpec, observation: TcpObservation): Assessment {
  const slow = slowness(spec.degradedAfterMs, observation.latencyMs);
  return { status: slow === null ? 'up' : 'degraded', statusCode: null, latencyMs: observation.latencyMs, error: slow ?? '' };
}

/**
 * A DNS answer: every expected value must be among the records (names compared without case and
 * trailing dot; TXT exactly); an empty answer is down.
 */
export function assessDns(spec: DnsCheckSpec, observation: DnsObservation): Assessment {
  const base = { statusCode: null, latencyMs: observation.latencyMs };
  if (observation.answers.length === 0) return { ...base, status: 'down', error: `no ${spec.recordType} record for ${spec.name}` };
  const normalize = (value: string) => (spec.recordType === 'TXT' ? value : value.trim().toLowerCase().replace(/\.$/, ''));
  const answers = new Set(observation.answers.map(normalize));
  const missing = spec.expected.filter((value) => !answers.has(normalize(value)));
  if (missing.length > 0) {
    return { ...base, status: 'down', error: `${spec.recordType} ${spec.name} answered ${clip(observation.answers.join(', '), 300)}; expected ${missing.join(', ')}` };
  }
  const slow = slowness(spec.degradedAfterMs, observation.latencyMs);
  return { ...base, status: slow === null ? 'up' : 'degraded', error: slow ?? '' };
}

function slowness(degradedAfterMs: number | undefined, latencyMs: number): string | null {
  return degradedAfterMs !== undefined && latencyMs > degradedAfterMs ? `responded in ${Math.round(latencyMs)} ms (degraded above ${degradedAfterMs} ms)` : null;
}

/** Why the certificate deserves a warning, or null. */
export function certificateWarning(tls: TlsPeer, warningDays: number, now: number): string | null {
  if (tls.validTo <= now) return `the TLS certificate expired ${formatDays(now - tls.validTo)} ago (${new Date(tls.validTo).toISOString()})`;
  if (tls.authorizationError !== null) return `the TLS certificate does not verify: ${tls.authorizationError}`;
  if (warningDays > 0 && tls.validTo - now < warningDays * DAY_MS) return `the TLS certificate expires in ${formatDays(tls.validTo - now)} (${new Date(tls.validTo).toISOString()})`;
  return null;
}

function formatDays(ms: number): string {
  const days = Math.floor(ms / DAY_MS);
  if (days >= 1) return `${days} day${days === 1 ? '' : 's'}`;
  const hours = Math.floor(ms / 3_600_000);
  return `${hours} hour${hours === 1 ? '' : 's'}`;
}

function keywordFailure(keyword: NonNullable<HttpCheckSpec['keyword']>, observation: HttpObservation): string | null {
  const found = keyword.caseSensitive ? observation.body.includes(keyword.text) : observation.body.toLowerCase().includes(keyword.text.toLowerCase());
  if (found === keyword.present) return null;
  if (keyword.present) return `the body does not contain "${clip(keyword.text, 100)}"${observation.bodyTruncated ? ` (only the first ${observation.body.length} characters were read)` : ''}`;
  return `the body contains "${clip(keyword.text, 100)}"`;
}

/**
 * The JSON-path assertion on the first match. jsonpath-plus runs with `eval: false`: the path is
 * written by any editor and the body by the target, so script filters (`?()`) are refused, never run.
 */
function jsonPathFailure(assertion: NonNullable<HttpCheckSpec['jsonPath']>, observation: HttpObservation): string | null {
  let json: unknown;
  try {
    json = JSON.parse(observation.body);
  } catch {
    return observation.bodyTruncated ? `the body is larger than the ${observation.body.length} characters read, so ${assertion.path} cannot be evaluated` : 'the body is not JSON';
  }
  let matches: unknown[];
  try {
    matches = JSONPath({ path: assertion.path, json: json as object, eval: false, wrap: true }) as unknown[];
  } catch (error) {
    return `${assertion.path} cannot be evaluated: ${(error as Error).message}`;
  }
  if (matches.length === 0) return `${assertion.path} matches nothing`;
  if (assertion.op === 'exists') return null;
  const [first] = matches;
  const actual = clip(JSON.stringify(first) ?? 'undefined', 200);
  const expected = assertion.value;
  switch (assertion.op) {
    case 'equals':
      return sameValue(first, expected) ? null : `${assertion.path} is ${actual}, expected ${JSON.stringify(expected)}`;
    case 'notEquals':
      return sameValue(first, expected) ? `${assertion.path} is ${actual}` : null;
    case 'contains': {
      const contains = Array.isArray(first) ? first.some((item) => sameValue(item, expected)) : typeof first === 'string' && first.includes(String(expected));
      return contains ? null : `${assertion.path} is ${actual}, which does not contain ${JSON.stringify(expected)}`;
    }
    case 'lessThan':
    case 'greaterThan': {
      const value = typeof first === 'number' ? first : typeof first === 'string' && first.trim() !== '' ? Number(first) : Number.NaN;
      if (Number.isNaN(value)) return `${assertion.path} is ${actual}, not a number`;
      const holds = assertion.op === 'lessThan' ? value < Number(expected) : value > Number(expected);
      return holds ? null : `${assertion.path} is ${actual}, expected ${assertion.op === 'lessThan' ? '<' : '>'} ${String(expected)}`;
    }
  }
}

/** Equal as JSON values; a string expectation also matches a number or boolean written the same. */
function sameValue(actual: unknown, expected: unknown): boolean {
  if (actual === expected) return true;
  if (typeof expected === 'string' && (typeof actual === 'number' || typeof actual === 'boolean')) return String(actual) === expected;
  return false;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}
