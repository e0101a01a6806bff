import { describe, expect, it } from 'vitest';
import { checkAddress, isIpLiteral, isMetadataHostname, parseOutboundAllowlist, type OutboundPolicy } from './address-policy';
import { OutboundError } from './outbound.errors';

const none: OutboundPolicy = { allow: [] };

function reasonOf(address: string, policy: OutboundPolicy = none): string {
  const verdict = checkAddress(address, policy);
  return verdict.allowed ? 'allowed' : verdict.reason;
}

describe('checkAddress without an allowlist', () => {
  it.each([
    ['8.8.8.8', 'allowed'],
    ['1.1.1.1', 'allowed'],
    ['2606:4700:4700::1111', 'allowed'],
    ['10.0.0.5', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['169.254.1.1', 'link-local'],
    ['169.254.169.254', 'cloud-metadata'],
    ['169.254.170.2', 'cloud-metadata'],
    ['100.100.100.200', 'cloud-metadata'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'this-network'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['100.64.0.1', 'carrier-grade-nat'],
    ['100.127.255.255', 'carrier-grade-nat'],
    ['192.0.2.10', 'reserved'],
    ['240.0.0.1', 'reserved'],
  ])('IPv4 %s → %s', (address, expected) => {
    expect(reasonOf(address)).toBe(expected);
  });

  it('keeps the edges of the ranges right', () => {
    expect(reasonOf('172.15.255.255')).toBe('allowed');
    expect(reasonOf('172.32.0.0')).toBe('allowed');
    expect(reasonOf('100.63.255.255')).toBe('allowed');
    expect(reasonOf('100.128.0.0')).toBe('allowed');
    expect(reasonOf('11.0.0.0')).toBe('allowed');
  });

  it.each([
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['febf:ffff::1', 'link-local'],
    ['fc00::1', 'private'],
    ['fd12:3456:789a::1', 'private'],
    ['fd00:ec2::254', 'cloud-metadata'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
    ['2002:c0a8:101::1', 'reserved'],
    ['::7f00:1', 'reserved'],
  ])('IPv6 %s → %s', (address, expected) => {
    expect(reasonOf(address)).toBe(expected);
  });

  it('judges IPv4-mapped and NAT64 IPv6 by the IPv4 address inside', () => {
    expect(reasonOf('::ffff:127.0.0.1')).toBe('loopback');
    expect(reasonOf('::ffff:7f00:1')).toBe('loopback');
    expect(reasonOf('::ffff:10.0.0.5')).toBe('private');
    expect(reasonOf('::ffff:169.254.169.254')).toBe('cloud-metadata');
    expect(reasonOf('::ffff:8.8.8.8')).toBe('allowed');
    expect(reasonOf('64:ff9b::10.0.0.5')).toBe('private');
    expect(reasonOf('64:ff9b::8.8.8.8')).toBe('allowed');
  });

  it('names the category and the inner address in the description', () => {
    const verdict = checkAddress('::ffff:10.0.0.5', none);
    expect(verdict).toMatchObject({ allowed: false, description: 'a private address (10.0.0.5)' });
  });

  it('refuses text that is not an address in standard form', () => {
    expect(reasonOf('0x7f.1')).toBe('reserved');
    expect(reasonOf('2130706433')).toBe('reserved');
    expect(reasonOf('localhost')).toBe('reserved');
  });
});

describe('checkAddress with an allowlist', () => {
  const policy = parseOutboundAllowlist('127.0.0.0/8, ::1/128, 10.1.2.0/24, 192.168.5.7, hooks.corp');

  it('allows addresses inside listed CIDRs and says which entry did', () => {
    expect(checkAddress('127.0.0.1', policy)).toEqual({ allowed: true, address: '127.0.0.1', allowedBy: '127.0.0.0/8' });
    expect(checkAddress('10.1.2.200', policy)).toMatchObject({ allowed: true, allowedBy: '10.1.2.0/24' });
    expect(checkAddress('192.168.5.7', policy)).toMatchObject({ allowed: true, allowedBy: '192.168.5.7' });
    expect(checkAddress('::1', policy)).toMatchObject({ allowed: true, allowedBy: '::1/128' });
  });

  it('still refuses what the entries do not cover', () => {
    expect(reasonOf('10.1.3.1', policy)).toBe('private');
    expect(reasonOf('192.168.5.8', policy)).toBe('private');
    expect(reasonOf('fe80::1', policy)).toBe('link-local');
  });

  it('applies IPv4 entries to IPv4-mapped IPv6 addresses', () => {
    expect(checkAddress('::ffff:127.0.0.1', policy)).toMatchObject({ allowed: true, allowedBy: '127.0.0.0/8' });
    expect(checkAddress('::ffff:10.1.2.3', policy)).toMatchObject({ allowed: true, allowedBy: '10.1.2.0/24' });
  });

  it('lets a metadata address through only with its own exact entry', () => {
    const linkLocal = parseOutboundAllowlist('169.254.0.0/16, 100.64.0.0/10');
    expect(reasonOf('169.254.1.1', linkLocal)).toBe('allowed');
    expect(reasonOf('169.254.169.254', linkLocal)).toBe('cloud-metadata');
    expect(reasonOf('100.100.100.200', linkLocal)).toBe('cloud-metadata');
    expect(reasonOf('169.254.169.254', parseOutboundAllowlist('169.254.169.254/32'))).toBe('allowed');
    expect(reasonOf('fd00:ec2::254', parseOutboundAllowlist('fd00::/8'))).toBe('cloud-metadata');
    expect(reasonOf('fd00:ec2::254', parseOutboundAllowlist('fd00:ec2::254'))).toBe('allowed');
  });
});

describe('parseOutboundAllowlist', () => {
  it('reads comma-separated entries, ignoring blanks and spaces', () => {
    expect(parseOutboundAllowlist(' 127.0.0.0/8 ,, ::1/128 , Hooks.Corp. ').allow).toEqual(['127.0.0.0/8', '::1/128', 'Hooks.Corp.']);
    expect(parseOutboundAllowlist('').allow).toEqual([]);
    expect(parseOutboundAllowlist(undefined).allow).toEqual([]);
  });

  it.each([
    ['10.0.0.0/33', '"10.0.0.0/33" has a prefix length outside 0–32'],
    ['::1/129', '"::1/129" has a prefix length outside 0–128'],
    ['10.0.0/8', '"10.0.0/8" is not a valid IP address or CIDR'],
    ['300.1.1.1', '"300.1.1.1" is not a valid IP address or CIDR'],
    ['10.0.0.0/x', '"10.0.0.0/x" has a prefix length outside 0–32'],
    ['*.corp', '"*.corp" has a wildcard'],
    ['hooks.corp/24', '"hooks.corp/24" is not a CIDR'],
    ['http://hooks.corp', '"http://hooks.corp" is a URL; give its host name only'],
    ['hooks.corp:8080', '"hooks.corp:8080" is not a host name'],
    ['-bad.corp', '"-bad.corp" is not a host name'],
  ])('refuses %s, naming the entry', (entry, message) => {
    let error: unknown;
    try {
      parseOutboundAllowlist(`127.0.0.0/8, ${entry}`);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(OutboundError);
    expect((error as OutboundError).code).toBe('OUTBOUND_ALLOWLIST_INVALID');
    expect((error as OutboundError).message).toContain(`OUTBOUND_ALLOWLIST: ${message}`);
  });
});

describe('host names', () => {
  it('knows metadata service names in any case, with or without the trailing dot', () => {
    expect(isMetadataHostname('metadata.google.internal')).toBe(true);
    expect(isMetadataHostname('METADATA.google.internal.')).toBe(true);
    expect(isMetadataHostname('metadata.example.com')).toBe(false);
  });

  it('tells IP literals from names', () => {
    expect(isIpLiteral('10.0.0.1')).toBe(true);
    expect(isIpLiteral('[::1]')).toBe(true);
    expect(isIpLiteral('hooks.example.com')).toBe(false);
  });
});
