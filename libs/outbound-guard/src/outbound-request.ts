import type { IncomingHttpHeaders } from 'node:http';
import type { Client, Dispatcher } from 'undici';
import type { OutboundPolicy } from './address-policy';
import { parseOutboundUrl, resolveDestination, type Resolver } from './destination';
import { OutboundError } from './outbound.errors';
import { closePinnedAgent, createPinnedAgent, type PinnedAgentOptions } from './pinned-agent';

export interface OutboundRequestOptions {
  readonly policy: OutboundPolicy;
  readonly resolver?: Resolver;
  /** Default GET. */
  readonly method?: Dispatcher.HttpMethod;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
  /** One deadline for everything: DNS, connect, every redirect hop, headers and body. Default 10 s. */
  readonly timeoutMs?: number;
  /** Redirects to follow, each re-checked. Default 0: a 3xx is returned as it is. */
  readonly maxRedirects?: number;
  /** Bytes of the answer kept; the rest is not read (`truncated`). Default 64 KiB. */
  readonly maxResponseBytes?: number;
  /** TLS options and a socket hook (probes); the connect timeout is derived from `timeoutMs`. */
  readonly agent?: Omit<PinnedAgentOptions, 'connectTimeoutMs'>;
}

export interface OutboundResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** At most `maxResponseBytes`. */
  readonly body: Buffer;
  readonly truncated: boolean;
  /** The URL that answered (after redirects). */
  readonly finalUrl: string;
  /** The address that answered. */
  readonly address: string;
  readonly redirects: number;
}

export const DEFAULT_OUTBOUND_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Dropped when a redirect leaves the origin, as browsers do: credentials were meant for the first host. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);

/**
 * One HTTP request through the guard: the host is resolved once and checked, the connection
 * goes to the checked address, redirects (when allowed) are checked hop by hop, and the answer
 * is bounded in time and size. Throws `OutboundError` when there is no answer; any HTTP status
 * is an answer.
 */
export async function outboundRequest(url: string | URL, options: OutboundRequestOptions): Promise<OutboundResponse> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_OUTBOUND_TIMEOUT_MS;
  const maxRedirects = options.maxRedirects ?? 0;
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  let current = parseOutboundUrl(url);
  const controller = new AbortController();
  const timer = setTimeout(() => {
    controller.abort(new OutboundError('OUTBOUND_TIMEOUT', `no complete answer from ${current.host} within ${timeoutMs} ms`, { url: current.href }));
  }, timeoutMs);
  let method: Dispatcher.HttpMethod = options.method ?? 'GET';
  let body = options.body;
  let headers: Record<string, string> = { ...options.headers };
  const agents: Client[] = [];
  try {
    for (let redirects = 0; ; redirects += 1) {
      const destination = await resolveDestination(current, options.policy, { ...(options.resolver === undefined ? {} : { resolver: options.resolver }), signal: controller.signal });
      const agent = createPinnedAgent(destination, { ...options.agent, connectTimeoutMs: timeoutMs });
      agents.push(agent);
      const response = await send(current, destination.address, { dispatcher: agent, method, headers, body, signal: controller.signal, timeoutMs });
      const location = response.headers.location;
      if (maxRedirects === 0 || !REDIRECT_STATUSES.has(response.statusCode) || typeof location !== 'string') {
        const { buffer, truncated } = await readBounded(response.body, maxResponseBytes, controller.signal, current, destination.address);
        return { status: response.statusCode, headers: response.headers, body: buffer, truncated, finalUrl: current.href, address: destination.address, redirects };
      }
      discard(response.body);
      if (redirects >= maxRedirects) {
        throw new OutboundError('OUTBOUND_TOO_MANY_REDIRECTS', `more than ${maxRedirects} redirect${maxRedirects === 1 ? '' : 's'} from ${parseOutboundUrl(url).host}`, { url: current.href });
      }
      const next = parseOutboundUrl(new URL(location, current));
      // 303 always, and 301/302 after a POST (what every client does), continue as a GET without body.
      if (response.statusCode === 303 || ((response.statusCode === 301 || response.statusCode === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
        headers = Object.fromEntries(Object.entries(headers).filter(([name]) => !/^content-/i.test(name)));
      }
      if (next.origin !== current.origin) headers = Object.fromEntries(Object.entries(headers).filter(([name]) => !CREDENTIAL_HEADERS.has(name.toLowerCase())));
      current = next;
    }
  } catch (error) {
    if (controller.signal.aborted && controller.signal.reason instanceof OutboundError) throw controller.signal.reason;
    throw error;
  } finally {
    clearTimeout(timer);
    for (const agent of agents) closePinnedAgent(agent);
  }
}

interface SendOptions {
  readonly dispatcher: Client;
  readonly method: Dispatcher.HttpMethod;
  readonly headers: Record<string, string>;
  readonly body: string | Uint8Array | undefined;
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
}

async function send(url: URL, address: string, options: SendOptions): Promise<Dispatcher.ResponseData> {
  try {
    return await options.dispatcher.request({
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method: options.method,
      headers: options.headers,
      body: options.body ?? null,
      signal: options.signal,
      // Backstops only: the deadline above aborts first.
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
  } catch (error) {
    throw networkError(error, url, address, options.signal);
  }
}

async function readBounded(
  body: Dispatcher.ResponseData['body'],
  maxBytes: number,
  signal: AbortSignal,
  url: URL,
  address: string,
): Promise<{ buffer: Buffer; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      const room = maxBytes - size;
      if (chunk.length > room) {
        chunks.push(chunk.subarray(0, room));
        size = maxBytes;
        truncated = true;
        break;
      }
      chunks.push(chunk);
      size += chunk.length;
    }
  } catch (error) {
    throw networkError(error, url, address, signal);
  } finally {
    // Leaving the loop early stops reading; the rest of a large answer is never downloaded.
    if (truncated) discard(body);
  }
  return { buffer: Buffer.concat(chunks, size), truncated };
}

/** Stops reading an answer; undici reports that as an abort error on the stream, which is expected here. */
function discard(body: Dispatcher.ResponseData['body']): void {
  body.on('error', () => undefined);
  body.destroy();
}

const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
]);

function errorCode(error: unknown): string | undefined {
  const own = (error as { code?: unknown } | null)?.code;
  if (typeof own === 'string') return own;
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  return typeof cause === 'string' ? cause : undefined;
}

/** Maps Node's and undici's errors to the guard's codes, with a message naming the peer. */
function networkError(error: unknown, url: URL, address: string, signal: AbortSignal): OutboundError {
  if (signal.aborted && signal.reason instanceof OutboundError) return signal.reason;
  if (error instanceof OutboundError) return error;
  const cause = errorCode(error);
  const peer = address === url.hostname.replace(/^\[|\]$/g, '') ? address : `${url.hostname} (${address})`;
  const details = { url: url.href, address, ...(cause === undefined ? {} : { cause }) };
  const text = error instanceof Error ? error.message : String(error);
  switch (cause ?? '') {
    case 'ECONNREFUSED':
      return new OutboundError('OUTBOUND_CONNECT', `connection refused by ${peer} port ${url.port || (url.protocol === 'https:' ? 443 : 80)}`, details);
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return new OutboundError('OUTBOUND_CONNECT', `${peer} closed the connection before a complete answer`, details);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new OutboundError('OUTBOUND_CONNECT', `${peer} is unreachable`, details);
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return new OutboundError('OUTBOUND_TIMEOUT', `could not connect to ${peer} in time`, details);
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return new OutboundError('OUTBOUND_TIMEOUT', `no complete answer from ${peer} in time`, details);
    default:
      break;
  }
  if (cause !== undefined && (TLS_CODES.has(cause) || cause.startsWith('ERR_TLS_') || cause.startsWith('ERR_SSL_'))) {
    return new OutboundError('OUTBOUND_TLS', `TLS with ${peer} failed: ${text}`, details);
  }
  if (cause !== undefined && (cause.startsWith('HPE_') || cause.startsWith('UND_ERR_'))) {
    return new OutboundError('OUTBOUND_RESPONSE', `${peer} sent an answer that is not valid HTTP: ${text}`, details);
  }
  return new OutboundError('OUTBOUND_CONNECT', `request to ${peer} failed: ${text}`, details);
}
