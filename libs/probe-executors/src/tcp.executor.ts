import type { TcpCheckSpec } from '@vigil/contracts';
import { outboundConnect } from '@vigil/outbound-guard';
import type { ProbeFailure, TcpObservation } from '@vigil/probing';
import { performance } from 'node:perf_hooks';
import type { ProbeContext } from './http.executor';
import { probeFailure } from './probe-failure';

/** A TCP connect through the outbound guard: up when the port accepts the connection (closed at once). */
export async function executeTcp(spec: TcpCheckSpec, context: ProbeContext): Promise<TcpObservation | ProbeFailure> {
  const started = performance.now();
  try {
    const connection = await outboundConnect(spec.host.replace(/^\[|\]$/g, ''), spec.port, {
      policy: context.policy,
      timeoutMs: context.timeoutMs,
      ...(context.resolver === undefined ? {} : { resolver: context.resolver }),
    });
    return { ok: true, kind: 'tcp', latencyMs: connection.connectMs };
  } catch (error) {
    return probeFailure(error, performance.now() - started);
  }
}
