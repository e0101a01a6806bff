import type { DnsCheckSpec, DnsRecordType } from '@vigil/contracts';
import { checkAddress, OutboundError } from '@vigil/outbound-guard';
import type { DnsObservation, ProbeFailure } from '@vigil/probing';
import { Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { ProbeContext } from './http.executor';
import { probeFailure } from './probe-failure';

/**
 * One DNS query of the check's record type. Which resolver answers: the check's `resolver` when
 * given — an address the outbound guard must allow, since the query is a packet sent there — else
 * the prober host's own resolvers (/etc/resolv.conf, as the operator configured them; the guard
 * does not judge those). Node's c-ares resolver, one try, the check's timeout; no cache.
 */
export async function executeDns(spec: DnsCheckSpec, context: ProbeContext): Promise<DnsObservation | ProbeFailure> {
  const started = performance.now();
  const resolver = new Resolver({ timeout: context.timeoutMs, tries: 1 });
  try {
    if (spec.resolver !== undefined) resolver.setServers([allowedResolver(spec.resolver, context)]);
    const answers = await withDeadline(query(resolver, spec.name, spec.recordType), context.timeoutMs, resolver, spec);
    return { ok: true, kind: 'dns', latencyMs: performance.now() - started, answers };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ENODATA') return { ok: true, kind: 'dns', latencyMs: performance.now() - started, answers: [] };
    return probeFailure(dnsError(error, spec), performance.now() - started);
  }
}

/** `1.1.1.1`, `1.1.1.1:5353`, `[2606:4700::1111]:53` or `2606:4700::1111`, checked by the policy. */
function allowedResolver(text: string, context: ProbeContext): string {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3})(?::(\d+))?$/.exec(text);
  const address = bracketed?.[1] ?? v4?.[1] ?? text;
  if (isIP(address) === 0) throw new OutboundError('OUTBOUND_INVALID_URL', `the resolver ${text} is not an IP address`, { url: `dns://${text}` });
  const verdict = checkAddress(address, context.policy);
  if (!verdict.allowed) throw new OutboundError('OUTBOUND_BLOCKED', `the resolver ${address} is ${verdict.description}; an admin can allow it with OUTBOUND_ALLOWLIST`, { url: `dns://${text}`, address, reason: verdict.reason });
  return text;
}

async function query(resolver: Resolver, name: string, type: DnsRecordType): Promise<string[]> {
  switch (type) {
    case 'A':
      return resolver.resolve4(name);
    case 'AAAA':
      return resolver.resolve6(name);
    case 'CNAME':
      return resolver.resolveCname(name);
    case 'NS':
      return resolver.resolveNs(name);
    case 'PTR':
      return resolver.resolvePtr(name);
    case 'TXT':
      return (await resolver.resolveTxt(name)).map((chunks) => chunks.join(''));
    case 'MX':
      return (await resolver.resolveMx(name)).map((record) => `${record.priority} ${record.exchange}`);
    case 'SRV':
      return (await resolver.resolveSrv(name)).map((record) => `${record.priority} ${record.weight} ${record.port} ${record.name}`);
    case 'SOA': {
      const soa = await resolver.resolveSoa(name);
      return [`${soa.nsname} ${soa.hostmaster} ${soa.serial}`];
    }
    case 'CAA':
      return (await resolver.resolveCaa(name)).map((record) => {
        const [tag, value] = Object.entries(record).find(([key]) => key !== 'critical') ?? ['', ''];
        return `${record.critical} ${tag} ${String(value)}`;
      });
  }
}

/** c-ares' own timeout is per try; this bounds the whole query and cancels it. */
function withDeadline<T>(promise: Promise<T>, timeoutMs: number, resolver: Resolver, spec: DnsCheckSpec): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      resolver.cancel();
      reject(new OutboundError('OUTBOUND_TIMEOUT', `no DNS answer for ${spec.name} (${spec.recordType}) within ${timeoutMs} ms`, { url: `dns://${spec.name}` }));
    }, timeoutMs);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error as Error);
      },
    );
  });
}

function dnsError(error: unknown, spec: DnsCheckSpec): unknown {
  if (error instanceof OutboundError) return error;
  const code = (error as { code?: unknown }).code;
  const what = `${spec.name} (${spec.recordType})`;
  switch (code) {
    case 'ENOTFOUND':
      return new OutboundError('OUTBOUND_DNS', `${spec.name} does not exist (NXDOMAIN)`, { url: `dns://${spec.name}`, cause: code });
    case 'ETIMEOUT':
    case 'ECANCELLED':
      return new OutboundError('OUTBOUND_TIMEOUT', `no DNS answer for ${what} in time`, { url: `dns://${spec.name}`, cause: code });
    case 'ESERVFAIL':
    case 'EREFUSED':
    case 'ECONNREFUSED':
      return new OutboundError('OUTBOUND_DNS', `the resolver failed to answer for ${what} (${code})`, { url: `dns://${spec.name}`, cause: code });
    default:
      return new OutboundError('OUTBOUND_DNS', `DNS query for ${what} failed: ${error instanceof Error ? error.message : String(error)}`, { url: `dns://${spec.name}`, ...(typeof code === 'string' ? { cause: code } : {}) });
  }
}
