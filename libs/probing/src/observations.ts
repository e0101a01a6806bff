import type { CheckResultStatus } from '@vigil/contracts';

/**
 * What a probe executor saw (libs/probe-executors fills these), before any judgement: the
 * assessment (assess-result.ts) decides up, degraded or down from them and the check's spec.
 */

/** The peer certificate of an HTTPS answer. */
export interface TlsPeer {
  /** Epoch ms. */
  validFrom: number;
  validTo: number;
  subject: string;
  issuer: string;
  /** Why it did not verify (only when the check ignores TLS errors; otherwise the request failed). */
  authorizationError: string | null;
}

/** No answer: DNS, connect, TLS, timeout, refused by the outbound guard… */
export interface ProbeFailure {
  ok: false;
  /** Time until the failure, when it was measured. */
  latencyMs: number | null;
  /** A stable code (the outbound guard's, or the executor's own). */
  code: string;
  message: string;
}

export interface HttpObservation {
  ok: true;
  kind: 'http';
  statusCode: number;
  latencyMs: number;
  /** The answer's body as text, bounded. */
  body: string;
  bodyTruncated: boolean;
  finalUrl: string;
  tls: TlsPeer | null;
}

export interface TcpObservation {
  ok: true;
  kind: 'tcp';
  latencyMs: number;
}

export interface DnsObservation {
  ok: true;
  kind: 'dns';
  latencyMs: number;
  /** The answer's records as text (A: the address, MX: `10 mail.example.com`, TXT: the joined strings…). */
  answers: string[];
}

export type ProbeObservation = HttpObservation | TcpObservation | DnsObservation | ProbeFailure;

/** One result as stored: the judgement and what supports it. */
export interface Assessment {
  status: CheckResultStatus;
  statusCode: number | null;
  latencyMs: number | null;
  /** Why it is not up ('' when up). */
  error: string;
}
