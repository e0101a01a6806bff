export { generatePassword, hashPassword, verifyPassword } from './password';
export { API_KEY_PREFIX, generateApiKey, generateInviteToken, generatePushToken, generateSessionToken, hashToken, INVITE_TOKEN_PREFIX, looksLikeApiKey, looksLikeInviteToken, PUSH_TOKEN_PREFIX, type GeneratedApiKey } from './token';
export { FixedWindowRateLimiter, InMemoryAttemptCounterStore, type AttemptCounterStore, type RateLimitDecision } from './rate-limiter';
export { authorize, authorizeOrganization, type AccessDecision, type OrganizationDecision, type OrganizationNeed, type Principal, type ProjectAccess } from './access';
export {
  lastOwnerProblem,
  managesOrganization,
  MEMBER_ROLES,
  PROJECT_ROLES,
  removalProblem,
  roleChangeProblem,
  SCOPES_BY_ROLE,
  type MemberRole,
  type ProjectRoleName,
} from './roles';
