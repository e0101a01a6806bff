export { OutboundError, isOutboundError, type OutboundErrorCode, type OutboundErrorDetails } from './outbound.errors';
export {
  ALLOWLIST_VARIABLE,
  checkAddress,
  compileOutboundPolicy,
  isHostnameAllowlisted,
  isIpLiteral,
  isMetadataHostname,
  normalizeHostname,
  parseOutboundAllowlist,
  type AddressVerdict,
  type BlockReason,
  type CompiledOutboundPolicy,
  type OutboundPolicy,
} from './address-policy';
export {
  parseOutboundUrl,
  resolveDestination,
  resolveHost,
  systemResolver,
  type CheckedDestination,
  type CheckedHost,
  type ResolveDestinationOptions,
  type ResolvedAddress,
  type Resolver,
} from './destination';
export { closePinnedAgent, createPinnedAgent, type PinnedAgentOptions } from './pinned-agent';
export {
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_OUTBOUND_TIMEOUT_MS,
  outboundRequest,
  type OutboundRequestOptions,
  type OutboundResponse,
} from './outbound-request';
export { outboundConnect, type OutboundConnection, type OutboundConnectOptions } from './outbound-connect';
