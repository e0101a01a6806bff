import { isOutboundError } from '@vigil/outbound-guard';
import type { ProbeFailure } from '@vigil/probing';

/** Any error of a probe as a failure observation: the guard's code and message, or the error's own. */
export function probeFailure(error: unknown, latencyMs: number | null): ProbeFailure {
  if (isOutboundError(error)) return { ok: false, latencyMs, code: error.code, message: error.message };
  const code = (error as { code?: unknown } | null)?.code;
  return { ok: false, latencyMs, code: typeof code === 'string' ? code : 'PROBE_FAILED', message: error instanceof Error ? error.message : String(error) };
}
