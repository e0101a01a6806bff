import { STATUS_CODES, type IncomingHttpHeaders } from 'node:http';
import type { OutboundErrorCode } from '@vigil/outbound-guard';
import { truncateText } from '../message/evidence-text';
import { parseRetryAfter } from './retry-after';

/**
 * What one delivery attempt came to, for the worker to act on and to keep in the attempt log.
 * Pure classification of an HTTP answer or of a failure to get one.
 *
 * - `delivered`: 2xx.
 * - `retry`: 408, 429, 5xx, no answer (DNS, connect, TLS, timeout), or the endpoint's circuit is
 *   open; `retryAfterMs` carries the receiver's `Retry-After` (or the circuit's remaining time).
 * - `gone`: 410: the receiver says the URL is gone for good; the caller turns the channel off.
 * - `rejected`: any other 4xx, a redirect (not followed for webhooks), or a destination the
 *   outbound guard refuses: retrying would not help, the delivery goes dead at once.
 */
export type AttemptOutcome = 'delivered' | 'retry' | 'gone' | 'rejected';

export interface AttemptResult {
  readonly outcome: AttemptOutcome;
  /** The HTTP status, or null when there was no answer. */
  readonly status: number | null;
  readonly durationMs: number;
  /** A short text for the attempt log and the dashboard; null when delivered. */
  readonly error: string | null;
  readonly retryAfterMs: number | null;
  /** True when no request was sent because the endpoint's circuit breaker is open. */
  readonly circuitOpen: boolean;
}

export const ERROR_TEXT_MAX_CHARS = 500;
const BODY_SNIPPET_CHARS = 200;

/** What the receiver said, on one line and short: enough to see "invalid token" in the dashboard. */
function bodySnippet(body: Uint8Array | string): string {
  const text = (typeof body === 'string' ? body : Buffer.from(body).toString('utf8'))
    .replace(/\p{Cc}+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text === '' ? '' : `: ${truncateText(text, BODY_SNIPPET_CHARS)}`;
}

function answered(status: number): string {
  const reason = STATUS_CODES[status];
  return `the receiver answered ${status}${reason === undefined ? '' : ` ${reason}`}`;
}

export function classifyResponse(answer: { status: number; headers: IncomingHttpHeaders; body: Uint8Array | string; durationMs: number; now: Date }): AttemptResult {
  const { status, headers, durationMs } = answer;
  const base = { status, durationMs, retryAfterMs: null, circuitOpen: false };
  if (status >= 200 && status < 300) return { ...base, outcome: 'delivered', error: null };
  if (status === 410) {
    return { ...base, outcome: 'gone', error: `${answered(status)}: the channel is turned off; turn it on again once its URL is fixed` };
  }
  if (status === 408 || status === 429 || status >= 500) {
    return {
      ...base,
      outcome: 'retry',
      error: truncateText(`${answered(status)}${bodySnippet(answer.body)}`, ERROR_TEXT_MAX_CHARS),
      retryAfterMs: parseRetryAfter(headers['retry-after'], answer.now),
    };
  }
  if (status >= 300 && status < 400) {
    const location = typeof headers.location === 'string' ? ` to ${headers.location}` : '';
    return {
      ...base,
      outcome: 'rejected',
      error: truncateText(`${answered(status)} (a redirect${location}); webhooks do not follow redirects: put the final URL in the channel`, ERROR_TEXT_MAX_CHARS),
    };
  }
  return { ...base, outcome: 'rejected', error: truncateText(`${answered(status)}${bodySnippet(answer.body)}; not retried`, ERROR_TEXT_MAX_CHARS) };
}

/** Failures no retry can cure: the guard's refusals and URLs Vigil cannot send to. */
const PERMANENT: ReadonlySet<OutboundErrorCode> = new Set<OutboundErrorCode>(['OUTBOUND_BLOCKED', 'OUTBOUND_INVALID_URL', 'OUTBOUND_TOO_MANY_REDIRECTS', 'OUTBOUND_ALLOWLIST_INVALID']);

/** `permanent` marks a failure of Vigil's own making that a retry would repeat (an unusable signing secret). */
export function classifyFailure(failure: { code: OutboundErrorCode | null; message: string; durationMs: number; permanent?: boolean }): AttemptResult {
  const permanent = failure.permanent === true || (failure.code !== null && PERMANENT.has(failure.code));
  return {
    outcome: permanent ? 'rejected' : 'retry',
    status: null,
    durationMs: failure.durationMs,
    error: truncateText(failure.message, ERROR_TEXT_MAX_CHARS),
    retryAfterMs: null,
    circuitOpen: false,
  };
}
