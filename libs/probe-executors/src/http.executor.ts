import type { HttpCheckSpec } from '@vigil/contracts';
import { outboundRequest, type OutboundPolicy, type Resolver } from '@vigil/outbound-guard';
import type { HttpObservation, ProbeFailure, TlsPeer } from '@vigil/probing';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { TLSSocket } from 'node:tls';
import { probeFailure } from './probe-failure';

/** Bytes of an answer kept for keyword and JSON-path assertions; the rest is not downloaded. */
export const MAX_HTTP_BODY_BYTES = 256 * 1024;
export const PROBE_USER_AGENT = 'Vigil-Uptime/1 (+https://github.com/vigil)';

export interface ProbeContext {
  policy: OutboundPolicy;
  timeoutMs: number;
  /** Name resolution (tests, or a region that resolves differently); default the OS resolver. */
  resolver?: Resolver;
}

/**
 * One HTTP(S) probe through the outbound guard (its policy for every hop, redirects re-checked;
 * one deadline for DNS, connect, TLS, redirects, headers and body), reading the peer certificate
 * of the last TLS connection. Latency is the whole exchange, body included.
 */
export async function executeHttp(spec: HttpCheckSpec, context: ProbeContext): Promise<HttpObservation | ProbeFailure> {
  let tls: TlsPeer | null = null;
  const started = performance.now();
  try {
    const response = await outboundRequest(spec.url, {
      policy: context.policy,
      ...(context.resolver === undefined ? {} : { resolver: context.resolver }),
      method: spec.method,
      headers: { 'user-agent': PROBE_USER_AGENT, ...spec.headers },
      ...(spec.body === undefined ? {} : { body: spec.body }),
      timeoutMs: context.timeoutMs,
      maxRedirects: spec.followRedirects ? spec.maxRedirects : 0,
      maxResponseBytes: MAX_HTTP_BODY_BYTES,
      agent: {
        tls: { rejectUnauthorized: !spec.ignoreTlsErrors },
        onConnect: (socket) => {
          tls = peerCertificate(socket) ?? tls;
        },
      },
    });
    return {
      ok: true,
      kind: 'http',
      statusCode: response.status,
      latencyMs: performance.now() - started,
      body: response.body.toString('utf8'),
      bodyTruncated: response.truncated,
      finalUrl: response.finalUrl,
      // finalUrl is a serialized URL (lower-case scheme): no need to parse it again.
      tls: response.finalUrl.startsWith('https:') ? tls : null,
    };
  } catch (error) {
    return probeFailure(error, performance.now() - started);
  }
}

function peerCertificate(socket: Socket): TlsPeer | null {
  const tlsSocket = socket as Partial<TLSSocket>;
  if (typeof tlsSocket.getPeerCertificate !== 'function') return null;
  const certificate = tlsSocket.getPeerCertificate();
  if (certificate === undefined || certificate === null || Object.keys(certificate).length === 0) return null;
  const authorizationError = tlsSocket.authorizationError;
  return {
    validFrom: Date.parse(certificate.valid_from),
    validTo: Date.parse(certificate.valid_to),
    subject: formatName(certificate.subject),
    issuer: formatName(certificate.issuer),
    authorizationError: authorizationError === undefined || authorizationError === null ? null : String(authorizationError),
  };
}

function formatName(name: Partial<Record<string, string | string[]>> | undefined): string {
  if (name === undefined) return '';
  return Object.entries(name)
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join('+') : value}`)
    .join(', ');
}
