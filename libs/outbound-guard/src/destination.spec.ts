import { describe, expect, it } from 'vitest';
import { parseOutboundAllowlist } from './address-policy';
import { resolveDestination, type Resolver } from './destination';
import { OutboundError } from './outbound.errors';

function fixedResolver(table: Record<string, string[]>): Resolver & { calls: string[] } {
  const calls: string[] = [];
  const resolver = async (hostname: string) => {
    calls.push(hostname);
    const addresses = table[hostname];
    if (addresses === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? (6 as const) : (4 as const) }));
  };
  return Object.assign(resolver, { calls });
}

async function refusal(promise: Promise<unknown>): Promise<OutboundError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof OutboundError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const resolver = fixedResolver({
  'hooks.example.com': ['93.184.216.34', '2606:2800:220:1::1'],
  'mixed.example.com': ['93.184.216.34', '10.0.0.5'],
  'internal.corp': ['10.9.8.7'],
  'sneaky.example.com': ['169.254.169.254'],
});

describe('resolveDestination', () => {
  it('resolves once and pins the first address when every address is public', async () => {
    const destination = await resolveDestination('https://Hooks.Example.com./x', { allow: [] }, { resolver });
    expect(destination).toMatchObject({ hostname: 'hooks.example.com', address: '93.184.216.34', family: 4, addresses: ['93.184.216.34', '2606:2800:220:1::1'] });
  });

  it('refuses a name when any of its addresses is blocked, naming the address and why', async () => {
    const error = await refusal(resolveDestination('https://mixed.example.com/', { allow: [] }, { resolver }));
    expect(error.code).toBe('OUTBOUND_BLOCKED');
    expect(error.message).toBe('mixed.example.com resolves to 10.0.0.5, a private address; an admin can allow it with OUTBOUND_ALLOWLIST (a CIDR or the host name)');
    expect(error.details).toMatchObject({ address: '10.0.0.5', reason: 'private' });
  });

  it('checks IP literals as they are, without a lookup', async () => {
    const counting = fixedResolver({});
    const error = await refusal(resolveDestination('http://[::ffff:127.0.0.1]:8080/', { allow: [] }, { resolver: counting }));
    expect(error.message).toBe('::ffff:7f00:1 is a loopback address (127.0.0.1); an admin can allow it with OUTBOUND_ALLOWLIST (a CIDR or the host name)');
    const allowed = await resolveDestination('http://127.0.0.1:8080/', parseOutboundAllowlist('127.0.0.0/8'), { resolver: counting });
    expect(allowed).toMatchObject({ address: '127.0.0.1', family: 4 });
    expect(counting.calls).toEqual([]);
  });

  it('allows every address of an allowlisted host name, except metadata ones', async () => {
    const policy = parseOutboundAllowlist('internal.corp, sneaky.example.com');
    await expect(resolveDestination('http://internal.corp/hook', policy, { resolver })).resolves.toMatchObject({ address: '10.9.8.7' });
    const error = await refusal(resolveDestination('http://sneaky.example.com/', policy, { resolver }));
    expect(error.message).toContain('resolves to 169.254.169.254, a cloud metadata address');
    expect(error.message).toContain('an exact entry such as 169.254.169.254/32');
  });

  it('refuses metadata host names before resolving them', async () => {
    const counting = fixedResolver({});
    const error = await refusal(resolveDestination('http://metadata.google.internal/computeMetadata/v1/', { allow: [] }, { resolver: counting }));
    expect(error).toMatchObject({ code: 'OUTBOUND_BLOCKED', details: { reason: 'cloud-metadata' } });
    expect(counting.calls).toEqual([]);
  });

  it('reports names that do not resolve as OUTBOUND_DNS', async () => {
    const error = await refusal(resolveDestination('https://nowhere.invalid/', { allow: [] }, { resolver }));
    expect(error).toMatchObject({ code: 'OUTBOUND_DNS', message: 'nowhere.invalid does not resolve: no such host (ENOTFOUND)' });
    const empty = await refusal(resolveDestination('https://empty.example/', { allow: [] }, { resolver: async () => [] }));
    expect(empty.code).toBe('OUTBOUND_DNS');
  });

  it('refuses URLs that are not http(s)', async () => {
    await expect(resolveDestination('ftp://hooks.example.com/', { allow: [] }, { resolver })).rejects.toMatchObject({ code: 'OUTBOUND_INVALID_URL' });
    await expect(resolveDestination('not a url', { allow: [] }, { resolver })).rejects.toMatchObject({ code: 'OUTBOUND_INVALID_URL' });
  });

  it('normalises numeric host forms the way URLs do before checking', async () => {
    const error = await refusal(resolveDestination('http://2130706433/', { allow: [] }, { resolver }));
    expect(error.details.address).toBe('127.0.0.1');
    const hex = await refusal(resolveDestination('http://0x7f.1/', { allow: [] }, { resolver }));
    expect(hex.details.address).toBe('127.0.0.1');
  });
});
