export { executeProbe } from './execute-probe';
export { executeHttp, MAX_HTTP_BODY_BYTES, type ProbeContext, PROBE_USER_AGENT } from './http.executor';
export { executeTcp } from './tcp.executor';
export { executeDns } from './dns.executor';
export { probeFailure } from './probe-failure';
