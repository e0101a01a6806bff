import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { OutboundPolicy } from './address-policy';
import { resolveHost, type Resolver } from './destination';
import { OutboundError } from './outbound.errors';

export interface OutboundConnectOptions {
  readonly policy: OutboundPolicy;
  readonly resolver?: Resolver;
  /** One deadline for DNS and the connection. Default 10 s. */
  readonly timeoutMs?: number;
}

export interface OutboundConnection {
  /** The address connected to (checked by the policy). */
  readonly address: string;
  /** Milliseconds from the start (DNS included) until the connection was established. */
  readonly connectMs: number;
}

/**
 * A TCP connection through the guard (TCP checks): the host is resolved once and every address
 * checked, the connection goes to the checked address, and it is closed as soon as it is
 * established — the check is "does it accept connections". Throws `OutboundError` otherwise.
 */
export async function outboundConnect(host: string, port: number, options: OutboundConnectOptions): Promise<OutboundConnection> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const target = `tcp://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`;
  const started = performance.now();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new OutboundError('OUTBOUND_TIMEOUT', `could not connect to ${target} within ${timeoutMs} ms`, { url: target })), timeoutMs);
  try {
    const destination = await resolveHost(host, target, options.policy, { ...(options.resolver === undefined ? {} : { resolver: options.resolver }), signal: controller.signal });
    await connectOnce(destination.address, port, target, controller.signal);
    return { address: destination.address, connectMs: performance.now() - started };
  } catch (error) {
    if (controller.signal.aborted && controller.signal.reason instanceof OutboundError) throw controller.signal.reason;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

function connectOnce(address: string, port: number, target: string, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const socket: Socket = connect({ host: address, port });
    const onAbort = () => {
      socket.destroy();
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => {
      signal.removeEventListener('abort', onAbort);
      socket.end();
      socket.destroy();
      resolve();
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      const peer = `${target}${address === target ? '' : ` (${address})`}`;
      if (error.code === 'ECONNREFUSED') reject(new OutboundError('OUTBOUND_CONNECT', `connection refused by ${peer}`, { url: target, address, cause: error.code }));
      else if (error.code === 'EHOSTUNREACH' || error.code === 'ENETUNREACH') reject(new OutboundError('OUTBOUND_CONNECT', `${peer} is unreachable`, { url: target, address, cause: error.code }));
      else reject(new OutboundError('OUTBOUND_CONNECT', `connecting to ${peer} failed: ${error.message}`, { url: target, address, ...(error.code === undefined ? {} : { cause: error.code }) }));
    });
  });
}
