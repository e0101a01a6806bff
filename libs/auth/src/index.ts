export { generatePassword, hashPassword, verifyPassword } from './password';
export { API_KEY_PREFIX, generateApiKey, generatePushToken, generateSessionToken, hashToken, looksLikeApiKey, PUSH_TOKEN_PREFIX, type GeneratedApiKey } from './token';
export { FixedWindowRateLimiter, InMemoryAttemptCounterStore, type AttemptCounterStore, type RateLimitDecision } from './rate-limiter';
export { authorize, type AccessDecision, type MemberRole, type Principal } from './access';
