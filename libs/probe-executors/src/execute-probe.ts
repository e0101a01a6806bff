import type { ProbedCheckSpec, ProbeObservation } from '@vigil/probing';
import { executeDns } from './dns.executor';
import { executeHttp, type ProbeContext } from './http.executor';
import { executeTcp } from './tcp.executor';

/** Runs the probe a check's kind asks for; never throws (a failure is an observation). */
export function executeProbe(check: ProbedCheckSpec, context: ProbeContext): Promise<ProbeObservation> {
  switch (check.kind) {
    case 'http':
      return executeHttp(check.spec, context);
    case 'tcp':
      return executeTcp(check.spec, context);
    case 'dns':
      return executeDns(check.spec, context);
  }
}
