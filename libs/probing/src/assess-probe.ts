import type { DnsCheckSpec, HttpCheckSpec, TcpCheckSpec } from '@vigil/contracts';
import { assessDns, assessFailure, assessHttp, assessTcp } from './assess-result';
import type { Assessment, ProbeObservation } from './observations';

/** A probed check's kind with its spec (what executors and assessments read). */
export type ProbedCheckSpec = { kind: 'http'; spec: HttpCheckSpec } | { kind: 'tcp'; spec: TcpCheckSpec } | { kind: 'dns'; spec: DnsCheckSpec };

/** One observation of a probed check, judged by its kind; an observation of another kind is an executor bug. */
export function assessProbe(check: ProbedCheckSpec, observation: ProbeObservation, now: number): Assessment {
  if (!observation.ok) return assessFailure(observation);
  if (check.kind !== observation.kind) throw new Error(`a ${observation.kind} observation for a ${check.kind} check`);
  switch (check.kind) {
    case 'http':
      return assessHttp(check.spec, observation as Extract<ProbeObservation, { kind: 'http' }>, now);
    case 'tcp':
      return assessTcp(check.spec, observation as Extract<ProbeObservation, { kind: 'tcp' }>);
    case 'dns':
      return assessDns(check.spec, observation as Extract<ProbeObservation, { kind: 'dns' }>);
  }
}
