import type { Socket } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { buildConnector, Client } from 'undici';
import { normalizeHostname } from './address-policy';
import type { CheckedDestination } from './destination';

export interface PinnedAgentOptions {
  /** Connect timeout in ms (the overall deadline is the caller's); default 10 s. */
  readonly connectTimeoutMs?: number;
  /** TLS options (CA, `rejectUnauthorized` for a probe that reports bad certificates itself…). */
  readonly tls?: Pick<ConnectionOptions, 'ca' | 'rejectUnauthorized' | 'minVersion' | 'maxVersion' | 'ciphers'>;
  /** Called with every connected socket (a TLSSocket for https): a probe reads the peer certificate and connect time here. */
  readonly onConnect?: (socket: Socket) => void;
}

/**
 * An undici dispatcher for the destination's origin that connects only to its checked address,
 * whatever the URL's host name resolves to by then. The URL keeps the name, so the Host header
 * and the TLS server name (SNI and certificate check) are the original host's. A redirect to
 * another origin needs its own check and its own dispatcher.
 *
 * A connector (not a `lookup` override) so no DNS query happens at connect time at all, and
 * Node's happy-eyeballs lookup (`autoSelectFamily`) has nothing to choose from. One `Client` (one
 * connection to one origin) rather than an `Agent`, which would add a pool and a client per
 * origin around it: a probe makes one request, and the prober makes hundreds a second.
 */
export function createPinnedAgent(destination: Pick<CheckedDestination, 'url' | 'hostname' | 'address'>, options: PinnedAgentOptions = {}): Client {
  const connect = buildConnector({ ...options.tls, timeout: options.connectTimeoutMs ?? 10_000 });
  const expectedHost = destination.hostname;
  return new Client(destination.url.origin, {
    connect: (connectOptions, callback) => {
      // A Client only ever connects to its own origin; kept as a guard should that change.
      if (normalizeHostname(connectOptions.hostname) !== expectedHost) {
        callback(new Error(`this agent is pinned to ${expectedHost} and refuses to connect to ${connectOptions.hostname}`), null);
        return;
      }
      connect({ ...connectOptions, hostname: destination.address }, (error, socket) => {
        if (error === null && options.onConnect !== undefined) options.onConnect(socket);
        if (error === null) callback(null, socket);
        else callback(error, null);
      });
    },
  });
}

/**
 * Why a pinned dispatcher's connection is closed once its request is over. undici makes a new
 * error (with a stack trace) for every `destroy()` without one, and the socket formats that
 * stack again; one shared error costs that once rather than per request.
 */
const REQUEST_OVER = new Error('the outbound request is over; its pinned connection is closed');

/** Closes a pinned dispatcher and its connection at once (nothing is kept alive between requests). */
export function closePinnedAgent(agent: Client): void {
  agent.destroy(REQUEST_OVER).catch(() => undefined);
}
