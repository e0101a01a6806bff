import ipaddr from 'ipaddr.js';
import { OutboundError } from './outbound.errors';

/**
 * Which addresses Vigil may send requests to. Pure: no DNS, no sockets.
 *
 * Everything that is not ordinary public unicast is refused (ipaddr.js's `unicast` range,
 * after unwrapping IPv4-mapped and NAT64 IPv6), unless an admin allowlists it: a receiver or a
 * probe target on the LAN is a legitimate wish, but a webhook URL typed by any editor must not
 * reach the database, the cloud metadata service or the admin port of a neighbour.
 */

/** The configuration variable the allowlist comes from; named in refusals so a person knows what to change. */
export const ALLOWLIST_VARIABLE = 'OUTBOUND_ALLOWLIST';

/** `allow`: CIDRs (`10.1.2.0/24`, `::1/128`), single addresses, or exact host names. */
export interface OutboundPolicy {
  readonly allow: readonly string[];
}

export type BlockReason =
  | 'cloud-metadata'
  | 'private'
  | 'loopback'
  | 'link-local'
  | 'unspecified'
  | 'this-network'
  | 'multicast'
  | 'broadcast'
  | 'carrier-grade-nat'
  | 'reserved';

export type AddressVerdict =
  | { readonly allowed: true; readonly address: string; readonly allowedBy: string | null }
  | { readonly allowed: false; readonly address: string; readonly reason: BlockReason; readonly description: string };

/**
 * Instance metadata services: they hand out cloud credentials to whoever asks from inside the
 * VM, which is the classic SSRF prize. AWS/GCP/Azure/OpenStack 169.254.169.254, AWS ECS task
 * metadata 169.254.170.2, AWS IPv6 fd00:ec2::254, Alibaba 100.100.100.200.
 */
const METADATA_ADDRESSES = new Set(['169.254.169.254', '169.254.170.2', 'fd00:ec2:0:0:0:0:0:254', '100.100.100.200']);
const METADATA_HOSTNAMES = new Set(['metadata.google.internal', 'metadata.goog', 'instance-data.ec2.internal']);

const DESCRIPTIONS: Record<BlockReason, string> = {
  'cloud-metadata': 'a cloud metadata address',
  private: 'a private address',
  loopback: 'a loopback address',
  'link-local': 'a link-local address',
  unspecified: 'the unspecified address',
  'this-network': 'a "this network" address (0.0.0.0/8)',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
  'carrier-grade-nat': 'a carrier-grade NAT address (100.64.0.0/10)',
  reserved: 'a reserved or special-purpose address',
};

type IpAddress = ipaddr.IPv4 | ipaddr.IPv6;

interface CidrEntry {
  readonly entry: string;
  readonly network: IpAddress;
  readonly bits: number;
}

export interface CompiledOutboundPolicy {
  readonly cidrs: readonly CidrEntry[];
  readonly hostnames: ReadonlySet<string>;
}

const compiledPolicies = new WeakMap<OutboundPolicy, CompiledOutboundPolicy>();

/**
 * Parses the allowlist as it comes from `OUTBOUND_ALLOWLIST`: comma-separated (whitespace and
 * empty entries ignored). A bad entry is refused with a message naming it, so a typo fails
 * start-up instead of silently allowing nothing.
 */
export function parseOutboundAllowlist(text: string | undefined): OutboundPolicy {
  const allow = (text ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const policy: OutboundPolicy = { allow };
  compileOutboundPolicy(policy);
  return policy;
}

/** Parses the entries once per policy object (remembered), throwing `OUTBOUND_ALLOWLIST_INVALID` on a bad one. */
export function compileOutboundPolicy(policy: OutboundPolicy): CompiledOutboundPolicy {
  const cached = compiledPolicies.get(policy);
  if (cached !== undefined) return cached;
  const cidrs: CidrEntry[] = [];
  const hostnames = new Set<string>();
  for (const entry of policy.allow) {
    const cidr = parseCidrEntry(entry);
    if (cidr !== null) cidrs.push(cidr);
    else hostnames.add(parseHostnameEntry(entry));
  }
  const compiled = { cidrs, hostnames };
  compiledPolicies.set(policy, compiled);
  return compiled;
}

function invalidEntry(entry: string, why: string): OutboundError {
  return new OutboundError('OUTBOUND_ALLOWLIST_INVALID', `${ALLOWLIST_VARIABLE}: "${entry}" ${why}. Entries are CIDRs (10.1.2.0/24, ::1/128), addresses or exact host names, separated by commas.`);
}

function parseCidrEntry(entry: string): CidrEntry | null {
  const slash = entry.indexOf('/');
  const addressText = slash === -1 ? entry : entry.slice(0, slash);
  if (entry.includes('://')) throw invalidEntry(entry, 'is a URL; give its host name only');
  const looksLikeAddress = /^[0-9.]+$/.test(addressText) || (addressText.includes(':') && /^[0-9a-f:.]+$/i.test(addressText));
  if (!looksLikeAddress) {
    if (slash !== -1) throw invalidEntry(entry, 'is not a CIDR');
    return null;
  }
  const address = parseStrictAddress(addressText);
  if (address === null) throw invalidEntry(entry, 'is not a valid IP address or CIDR');
  const maxBits = address.kind() === 'ipv4' ? 32 : 128;
  let bits = maxBits;
  if (slash !== -1) {
    const bitsText = entry.slice(slash + 1);
    bits = /^\d{1,3}$/.test(bitsText) ? Number(bitsText) : NaN;
    if (!(bits >= 0 && bits <= maxBits)) throw invalidEntry(entry, `has a prefix length outside 0–${maxBits}`);
  }
  return { entry, network: address, bits };
}

const HOSTNAME_LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/;

function parseHostnameEntry(entry: string): string {
  if (entry.includes('*')) throw invalidEntry(entry, 'has a wildcard; list each host name (or allow its addresses as a CIDR)');
  const name = normalizeHostname(entry);
  if (name.length > 253 || !name.split('.').every((label) => HOSTNAME_LABEL.test(label))) throw invalidEntry(entry, 'is not a host name');
  return name;
}

/** Lower case, no trailing dot, no IPv6 brackets: the form every comparison uses. */
export function normalizeHostname(hostname: string): string {
  let name = hostname.trim().toLowerCase();
  if (name.startsWith('[') && name.endsWith(']')) name = name.slice(1, -1);
  if (name.endsWith('.')) name = name.slice(0, -1);
  return name;
}

/**
 * Only dotted-quad IPv4 (no `0x7f.1` or `2130706433` forms, which ipaddr.js would accept) and
 * standard IPv6 text: an allowlist entry or a resolver answer in another form is a mistake.
 */
function parseStrictAddress(text: string): IpAddress | null {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text);
  if (text.includes(':') && ipaddr.IPv6.isValid(text)) return ipaddr.IPv6.parse(text);
  return null;
}

/** True when the name itself is a metadata service's, whatever it resolves to. */
export function isMetadataHostname(hostname: string): boolean {
  return METADATA_HOSTNAMES.has(normalizeHostname(hostname));
}

export function isHostnameAllowlisted(hostname: string, policy: OutboundPolicy): boolean {
  return compileOutboundPolicy(policy).hostnames.has(normalizeHostname(hostname));
}

/**
 * The address an IPv6 one stands for, where it embeds IPv4: `::ffff:10.0.0.5` (how dual-stack
 * sockets and some resolvers write IPv4) and NAT64 `64:ff9b::10.0.0.5` (DNS64 answers). Other
 * IPv4-embedding forms (6to4, Teredo, IPv4-compatible) are not unicast and stay refused.
 */
function effectiveAddress(address: IpAddress): IpAddress {
  if (address.kind() !== 'ipv6') return address;
  const v6 = address as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address();
  const [a, b, c, d, e, f, high = 0, low = 0] = v6.parts;
  if (a === 0x64 && b === 0xff9b && c === 0 && d === 0 && e === 0 && f === 0) return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
  return address;
}

function isIpv4Compatible(address: IpAddress): boolean {
  if (address.kind() !== 'ipv6') return false;
  const parts = (address as ipaddr.IPv6).parts;
  // ::a.b.c.d (deprecated IPv4-compatible); ::, ::1 are classified by their own ranges.
  return parts.slice(0, 6).every((part) => part === 0) && (parts[6] !== 0 || (parts[7] ?? 0) > 1);
}

function blockReasonOf(address: IpAddress): BlockReason | null {
  if (METADATA_ADDRESSES.has(address.toNormalizedString())) return 'cloud-metadata';
  if (isIpv4Compatible(address)) return 'reserved';
  const range = address.range();
  switch (range) {
    case 'unicast':
      return null;
    case 'private':
    case 'uniqueLocal':
      return 'private';
    case 'loopback':
      return 'loopback';
    case 'linkLocal':
      return 'link-local';
    case 'unspecified':
      return address.kind() === 'ipv4' && address.toString() !== '0.0.0.0' ? 'this-network' : 'unspecified';
    case 'multicast':
      return 'multicast';
    case 'broadcast':
      return 'broadcast';
    case 'carrierGradeNat':
      return 'carrier-grade-nat';
    // Documentation, benchmarking, 6to4, Teredo, NAT64 local-use and other special-purpose
    // ranges: nothing a webhook receiver or a probe target legitimately lives in.
    case 'reserved':
    case 'benchmarking':
    case 'amt':
    case 'as112':
    case 'as112v6':
    case '6to4':
    case 'teredo':
    case 'rfc6052':
    case 'rfc6145':
    case 'ipv4Mapped':
    case 'orchid2':
    case 'droneRemoteIdProtocolEntityTags':
      return 'reserved';
    default:
      // Ranges ipaddr.js may add later (its types lag its data: `discard`, `segmentRouting`…).
      return 'reserved';
  }
}

function matchesCidr(address: IpAddress, cidr: CidrEntry): boolean {
  return address.kind() === cidr.network.kind() && address.match(cidr.network, cidr.bits);
}

/**
 * Whether Vigil may connect to `address` (an IP address as text). An allowlisted CIDR lets its
 * addresses through, except metadata addresses: those need their own exact entry
 * (`169.254.169.254/32`), so allowing a LAN range never hands out cloud credentials by accident.
 */
export function checkAddress(address: string, policy: OutboundPolicy): AddressVerdict {
  const parsed = parseStrictAddress(normalizeHostname(address));
  if (parsed === null) {
    return { allowed: false, address, reason: 'reserved', description: 'not an IP address Vigil understands' };
  }
  const effective = effectiveAddress(parsed);
  const reason = blockReasonOf(effective);
  if (reason === null) return { allowed: true, address, allowedBy: null };
  const { cidrs } = compileOutboundPolicy(policy);
  const exactOnly = reason === 'cloud-metadata';
  const entry = cidrs.find(
    (cidr) => (matchesCidr(effective, cidr) || matchesCidr(parsed, cidr)) && (!exactOnly || cidr.bits === (cidr.network.kind() === 'ipv4' ? 32 : 128)),
  );
  if (entry !== undefined) return { allowed: true, address, allowedBy: entry.entry };
  const mapped = effective === parsed ? '' : ` (${effective.toString()})`;
  return { allowed: false, address, reason, description: `${DESCRIPTIONS[reason]}${mapped}` };
}

/** True for an IP literal (v4 dotted quad or v6, brackets allowed) rather than a name. */
export function isIpLiteral(hostname: string): boolean {
  return parseStrictAddress(normalizeHostname(hostname)) !== null;
}
