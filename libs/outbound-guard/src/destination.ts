import { lookup } from 'node:dns/promises';
import { ALLOWLIST_VARIABLE, checkAddress, isHostnameAllowlisted, isIpLiteral, isMetadataHostname, normalizeHostname, type OutboundPolicy } from './address-policy';
import { OutboundError } from './outbound.errors';

export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/** Turns a host name into addresses. Injected in tests (and by a caller with its own DNS cache). */
export type Resolver = (hostname: string) => Promise<readonly ResolvedAddress[]>;

/** The OS resolver (getaddrinfo, so /etc/hosts counts), every address, in the order it gives them. */
export const systemResolver: Resolver = async (hostname) => {
  const answers = await lookup(hostname, { all: true, verbatim: true });
  return answers.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
};

/** A URL whose host was resolved once and found allowed: connect to `address`, nothing else. */
export interface CheckedDestination {
  readonly url: URL;
  /** Lower case, without brackets or trailing dot. */
  readonly hostname: string;
  readonly address: string;
  readonly family: 4 | 6;
  /** Every address the name resolved to; all of them passed the check. */
  readonly addresses: readonly string[];
}

export interface ResolveDestinationOptions {
  readonly resolver?: Resolver;
  readonly signal?: AbortSignal;
}

export function parseOutboundUrl(url: string | URL): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new OutboundError('OUTBOUND_INVALID_URL', `"${String(url).slice(0, 200)}" is not a URL`, { url: String(url) });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new OutboundError('OUTBOUND_INVALID_URL', `${parsed.protocol} URLs are not supported; use http or https`, { url: parsed.href });
  }
  return parsed;
}

/**
 * Resolves the URL's host once and checks every address it gets: one refused address refuses
 * the destination (a name that also points at 10.0.0.5 may be answered with it next time).
 * The caller then connects to `address` only (see `createPinnedAgent`), so a DNS answer that
 * changes between this check and the connection (DNS rebinding) changes nothing.
 */
export async function resolveDestination(url: string | URL, policy: OutboundPolicy, options: ResolveDestinationOptions = {}): Promise<CheckedDestination> {
  const parsed = parseOutboundUrl(url);
  const host = await resolveCheckedHost(normalizeHostname(parsed.hostname), parsed.href, policy, options);
  return { url: parsed, ...host };
}

/** A host (for a TCP connection) resolved once, every address allowed: connect to `address`, nothing else. */
export interface CheckedHost {
  /** Lower case, without brackets or trailing dot. */
  readonly hostname: string;
  readonly address: string;
  readonly family: 4 | 6;
  readonly addresses: readonly string[];
}

/**
 * `resolveDestination` for a bare host name or address (TCP checks): the same policy, the same
 * single resolution, the same refusals. `target` names it in messages (e.g. `tcp://db:5432`).
 */
export async function resolveHost(hostname: string, target: string, policy: OutboundPolicy, options: ResolveDestinationOptions = {}): Promise<CheckedHost> {
  return resolveCheckedHost(normalizeHostname(hostname), target, policy, options);
}

async function resolveCheckedHost(hostname: string, target: string, policy: OutboundPolicy, options: ResolveDestinationOptions): Promise<CheckedHost> {
  const hostnameAllowed = isHostnameAllowlisted(hostname, policy);
  if (isMetadataHostname(hostname) && !hostnameAllowed) {
    throw new OutboundError('OUTBOUND_BLOCKED', `${hostname} is a cloud metadata service; an admin can allow it with ${ALLOWLIST_VARIABLE}`, {
      url: target,
      reason: 'cloud-metadata',
    });
  }
  const answers = isIpLiteral(hostname) ? [{ address: hostname, family: hostname.includes(':') ? 6 : 4 } as const] : await resolveName(hostname, target, options);
  for (const { address } of answers) {
    const verdict = checkAddress(address, policy);
    if (verdict.allowed || (hostnameAllowed && verdict.reason !== 'cloud-metadata')) continue;
    const subject = address === hostname ? `${address} is` : `${hostname} resolves to ${address},`;
    const how = verdict.reason === 'cloud-metadata' ? `an exact entry such as ${address.includes(':') ? `${address}/128` : `${address}/32`}` : 'a CIDR or the host name';
    throw new OutboundError('OUTBOUND_BLOCKED', `${subject} ${verdict.description}; an admin can allow it with ${ALLOWLIST_VARIABLE} (${how})`, {
      url: target,
      address,
      reason: verdict.reason,
    });
  }
  const [first] = answers;
  if (first === undefined) throw new OutboundError('OUTBOUND_DNS', `${hostname} resolved to no address`, { url: target });
  return { hostname, address: first.address, family: first.family, addresses: answers.map((answer) => answer.address) };
}

async function resolveName(hostname: string, target: string, { resolver = systemResolver, signal }: ResolveDestinationOptions): Promise<readonly ResolvedAddress[]> {
  try {
    const answers = await abortable(resolver(hostname), signal);
    if (answers.length === 0) throw Object.assign(new Error('no addresses'), { code: 'ENODATA' });
    return answers;
  } catch (error) {
    if (signal?.aborted === true) throw signal.reason instanceof OutboundError ? signal.reason : error;
    const code = (error as { code?: unknown }).code;
    const cause = typeof code === 'string' ? code : undefined;
    const why = cause === 'ENOTFOUND' || cause === 'ENODATA' ? 'no such host' : cause === 'EAI_AGAIN' ? 'temporary DNS failure' : 'DNS lookup failed';
    throw new OutboundError('OUTBOUND_DNS', `${hostname} does not resolve: ${why}${cause === undefined ? '' : ` (${cause})`}`, { url: target, ...(cause === undefined ? {} : { cause }) });
  }
}

/** A DNS lookup cannot be cancelled; this stops waiting for it when the request's deadline passes. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error as Error);
      },
    );
  });
}
