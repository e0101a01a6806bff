/**
 * Why an outbound request did not produce an answer. A code, not an HTTP status: the callers
 * decide what each means (the notifier turns most into "retry later", the API turns
 * `OUTBOUND_BLOCKED` into a 422 on channel save, the prober into a failed check).
 *
 * Not `DomainError` from server-kit: these are mostly caught and classified by the callers,
 * rarely shown as an API problem, and server-kit's codes are the HTTP layer's vocabulary.
 */
export type OutboundErrorCode =
  /** Not an http(s) URL, or one Vigil cannot send to. */
  | 'OUTBOUND_INVALID_URL'
  /** The destination is a private, loopback, link-local, metadata… address not on the allowlist. */
  | 'OUTBOUND_BLOCKED'
  /** The host name did not resolve. */
  | 'OUTBOUND_DNS'
  /** No connection, or it closed before a complete answer. */
  | 'OUTBOUND_CONNECT'
  /** The TLS handshake failed (certificate, protocol). */
  | 'OUTBOUND_TLS'
  /** No complete answer within the time allowed (DNS, connect, headers and body together). */
  | 'OUTBOUND_TIMEOUT'
  | 'OUTBOUND_TOO_MANY_REDIRECTS'
  /** The peer's answer was not valid HTTP. */
  | 'OUTBOUND_RESPONSE'
  /** An allowlist entry is not a CIDR, an IP address or a host name. */
  | 'OUTBOUND_ALLOWLIST_INVALID';

export interface OutboundErrorDetails {
  /** The URL of the hop that failed (after redirects, the last one). */
  url?: string;
  /** The address refused or connected to. */
  address?: string;
  /** For `OUTBOUND_BLOCKED`: the category of the address. */
  reason?: string;
  /** The underlying error's code (ECONNREFUSED, UND_ERR_SOCKET, CERT_HAS_EXPIRED…). */
  cause?: string;
}

export class OutboundError extends Error {
  constructor(
    readonly code: OutboundErrorCode,
    message: string,
    readonly details: OutboundErrorDetails = {},
  ) {
    super(message);
    this.name = 'OutboundError';
  }
}

export function isOutboundError(error: unknown): error is OutboundError {
  return error instanceof OutboundError;
}
