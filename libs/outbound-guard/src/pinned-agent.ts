import type { Socket } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { Agent, buildConnector } from 'undici';
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
 * An undici dispatcher that connects only to the destination's checked address, whatever the
 * URL's host name resolves to by then. The URL keeps the name, so the Host header and the TLS
 * server name (SNI and certificate check) are the original host's. Used for requests to that
 * destination's origin only: a request to another host name is refused (a redirect to another
 * host needs its own check and its own agent).
 *
 * A connector (not a `lookup` override) so no DNS query happens at connect time at all, and
 * Node's happy-eyeballs lookup (`autoSelectFamily`) has nothing to choose from.
 */
export function createPinnedAgent(destination: Pick<CheckedDestination, 'hostname' | 'address'>, options: PinnedAgentOptions = {}): Agent {
  const connect = buildConnector({ ...options.tls, timeout: options.connectTimeoutMs ?? 10_000 });
  const expectedHost = destination.hostname;
  return new Agent({
    connect: (connectOptions, callback) => {
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
