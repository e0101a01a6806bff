import { Inject, Injectable } from '@nestjs/common';
import {
  FixedWindowRateLimiter,
  generateSessionToken,
  hashToken,
  looksLikeApiKey,
  type MemberRole,
  type Principal,
  verifyPassword,
} from '@vigil/auth';
import type { SessionUser } from '@vigil/contracts';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';
import { DomainError } from '@vigil/server-kit';
import type { FastifyRequest } from 'fastify';
import { ExpiringCache } from './api-key-cache';
import { RedisAttemptCounterStore } from './redis-attempt-counter.store';

const KEY_CACHE_TTL_MS = 30_000;
/**
 * Valid sessions are remembered this long per process, so a dashboard request costs no Postgres
 * round trip for its session and roles (two queries otherwise). Sign-out forgets the session here
 * at once; other replicas, and role changes, catch up within this time.
 */
const SESSION_CACHE_TTL_MS = 10_000;
const UNKNOWN_KEY_CACHE_TTL_MS = 5_000;
const LAST_USED_WRITE_INTERVAL_MS = 60_000;
/** A session's "last seen" is written at most this often: the sessions list needs no finer. */
const LAST_SEEN_WRITE_INTERVAL_MS = 5 * 60_000;
const MAX_USER_AGENT = 300;
const ADDRESS_ALLOWANCE_FACTOR = 5;
// Verifying against this when the e-mail is unknown keeps response times alike, so timing
// does not reveal which e-mail addresses have accounts.
const DUMMY_PASSWORD_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$H802ZnZrjYe9qkX4jQfBWTQtJnmj6Noz+sJrSQ8gzOM';

type KeyPrincipal = Extract<Principal, { kind: 'api-key' }>;
export type UserPrincipal = Extract<Principal, { kind: 'user' }>;

/** Where a sign-in came from: shown in the person's sessions list. */
export interface ClientInfo {
  address: string;
  userAgent: string | undefined;
}

export function clientOf(request: FastifyRequest): ClientInfo {
  const userAgent = request.headers['user-agent'];
  return { address: request.ip, userAgent: typeof userAgent === 'string' ? userAgent.slice(0, MAX_USER_AGENT) : undefined };
}

@Injectable()
export class AuthenticationService {
  private readonly keys = new ExpiringCache<KeyPrincipal | null>(10_000);
  private readonly sessions = new ExpiringCache<UserPrincipal>(10_000);
  private readonly lastUsedWrites = new ExpiringCache<true>(10_000);
  private readonly lastSeenWrites = new ExpiringCache<true>(10_000);
  private readonly accountLimiter: FixedWindowRateLimiter;
  private readonly addressLimiter: FixedWindowRateLimiter;

  constructor(@Inject(RUNTIME) private readonly runtime: VigilRuntime) {
    const counters = new RedisAttemptCounterStore(runtime.redis.client);
    const perAccount = runtime.config.LOGIN_MAX_ATTEMPTS_PER_MINUTE;
    // Per account *and* address: failures from one address never lock the account for people
    // signing in from elsewhere (an attacker could otherwise lock anyone out).
    this.accountLimiter = new FixedWindowRateLimiter(counters, perAccount, 60_000);
    // One address may front many people (an office NAT), so it gets a larger allowance.
    this.addressLimiter = new FixedWindowRateLimiter(counters, perAccount * ADDRESS_ALLOWANCE_FACTOR, 60_000);
  }

  /** Resolves a Bearer API key; throws UNAUTHENTICATED for unknown or revoked keys. */
  async authenticateKey(key: string): Promise<KeyPrincipal> {
    if (!looksLikeApiKey(key)) throw new DomainError('UNAUTHENTICATED', 'The API key is malformed: keys look like vgl_ followed by 43 characters.');
    const hash = hashToken(key);
    let principal = this.keys.get(hash);
    if (principal === undefined) {
      const found = await this.runtime.store.apiKeys.findActiveByHash(hash);
      principal = found
        ? { kind: 'api-key', keyId: found.id, keyName: found.name, keyPrefix: found.prefix, projectId: found.projectId, organizationId: found.organizationId, scopes: found.scopes }
        : null;
      this.keys.set(hash, principal, principal ? KEY_CACHE_TTL_MS : UNKNOWN_KEY_CACHE_TTL_MS);
    }
    if (!principal) throw new DomainError('UNAUTHENTICATED', 'The API key is unknown or has been revoked.');
    this.noteKeyUse(principal.keyId);
    return principal;
  }

  /**
   * Forgets a revoked key in this process at once; other API replicas notice within the key
   * cache's TTL (docs/architecture.md).
   */
  forgetKey(keyId: string): void {
    this.keys.deleteWhere((principal) => principal?.keyId === keyId);
  }

  /**
   * Forgets what this process cached about access (AccessChanges calls these on every replica):
   * a person's sessions and roles, one session, a project's keys, or every session (a project
   * deleted: roles that named it are stale).
   */
  forgetUser(userId: string): void {
    this.sessions.deleteWhere((principal) => principal.userId === userId);
  }

  forgetSession(sessionId: string): void {
    this.sessions.deleteWhere((principal) => principal.sessionId === sessionId);
  }

  forgetProject(projectId: string): void {
    this.keys.deleteWhere((principal) => principal?.projectId === projectId);
    this.sessions.deleteWhere((principal) => principal.projects.has(projectId));
  }

  /** Resolves a dashboard session cookie; throws UNAUTHENTICATED when it is missing or expired. */
  async authenticateSession(token: string, request?: FastifyRequest): Promise<UserPrincipal> {
    const hash = hashToken(token);
    const cached = this.sessions.get(hash);
    if (cached) return cached;
    const now = new Date();
    const session = await this.runtime.store.sessions.findValidByTokenHash(hash, now);
    if (!session) throw new DomainError('UNAUTHENTICATED', 'Your session has expired or was ended; sign in again.');
    const [user, projects, organizations] = await Promise.all([
      this.runtime.store.users.findById(session.userId),
      this.runtime.store.projects.listForUser(session.userId),
      this.runtime.store.organizations.listForUser(session.userId),
    ]);
    if (!user) throw new DomainError('UNAUTHENTICATED', 'Your account no longer exists.');
    const principal: UserPrincipal = {
      kind: 'user',
      userId: user.id,
      email: user.email,
      sessionId: session.sessionId,
      projects: new Map(projects.map((project) => [project.id, { role: project.role, organizationId: project.organizationId }])),
      organizations: new Map<string, MemberRole>(organizations.map((organization) => [organization.id, organization.role])),
    };
    // Never beyond the session's own expiry.
    this.sessions.set(hash, principal, Math.min(SESSION_CACHE_TTL_MS, session.expiresAt.getTime() - now.getTime()));
    if (request) this.noteSessionUse(session.sessionId);
    return principal;
  }

  async login(email: string, password: string, client: ClientInfo): Promise<{ token: string; expiresAt: Date; user: SessionUser }> {
    const userId = await this.checkCredentials(email, password, client);
    return this.startSession(userId, client);
  }

  /**
   * The sign-in check, with its limits (failures per account and client address, and per
   * address): the user's id, or UNAUTHENTICATED / RATE_LIMITED. Also asked when an invitation is
   * accepted by someone with an account, so that cannot be used to guess passwords faster.
   */
  async checkCredentials(email: string, password: string, client: ClientInfo): Promise<string> {
    const accountKey = `login:account:${email.toLowerCase()}|${client.address}`;
    const addressKey = `login:ip:${client.address}`;
    await this.enforce(this.accountLimiter, accountKey);
    await this.enforce(this.addressLimiter, addressKey);
    const user = await this.runtime.store.users.findByEmail(email.toLowerCase());
    const valid = await verifyPassword(user?.passwordHash ?? DUMMY_PASSWORD_HASH, password);
    if (!user || !valid) {
      await Promise.all([this.accountLimiter.recordFailure(accountKey), this.addressLimiter.recordFailure(addressKey)]);
      throw new DomainError('UNAUTHENTICATED', 'The e-mail address or password is wrong.');
    }
    return user.id;
  }

  /** A new session for the person (after a sign-in, or accepting an invitation). */
  async startSession(userId: string, client: ClientInfo): Promise<{ token: string; expiresAt: Date; user: SessionUser }> {
    const { token, hash } = generateSessionToken();
    const expiresAt = new Date(Date.now() + this.runtime.config.SESSION_TTL_HOURS * 3_600_000);
    await this.runtime.store.sessions.create({ userId, tokenHash: hash, expiresAt, address: client.address, userAgent: client.userAgent ?? null });
    return { token, expiresAt, user: await this.describeUser(userId) };
  }

  /** Ends the session of `token`; returns its id (for the other replicas to forget), or undefined when there was none. */
  async logout(token: string): Promise<string | undefined> {
    this.sessions.delete(hashToken(token));
    const session = await this.runtime.store.sessions.findValidByTokenHash(hashToken(token), new Date());
    if (!session) return undefined;
    await this.runtime.store.sessions.delete(session.sessionId);
    return session.sessionId;
  }

  async describeUser(userId: string): Promise<SessionUser> {
    const user = await this.runtime.store.users.findById(userId);
    if (!user) throw new DomainError('UNAUTHENTICATED', 'Your account no longer exists.');
    const [projects, organizations] = await Promise.all([this.runtime.store.projects.listForUser(userId), this.runtime.store.organizations.listForUser(userId)]);
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      organizations: organizations.map(({ id, name, role }) => ({ id, name, role })),
      projects: projects.map(({ id, organizationId, name, slug, role }) => ({ id, organizationId, name, slug, role })),
    };
  }

  private async enforce(limiter: FixedWindowRateLimiter, key: string): Promise<void> {
    const decision = await limiter.check(key);
    if (!decision.allowed) {
      throw new DomainError('RATE_LIMITED', `Too many sign-in attempts; try again in ${decision.retryAfterSeconds} s.`, {
        retryAfterSeconds: decision.retryAfterSeconds,
      });
    }
  }

  /** Records when a session was last used, at most every few minutes and off the request path. */
  private noteSessionUse(sessionId: string): void {
    if (this.lastSeenWrites.get(sessionId)) return;
    this.lastSeenWrites.set(sessionId, true, LAST_SEEN_WRITE_INTERVAL_MS);
    this.runtime.store.sessions.touch(sessionId, new Date()).catch((error: unknown) => {
      this.runtime.logger.warn({ err: error, sessionId }, 'could not record session use');
    });
  }

  /** Records when a key was last used, at most once a minute per key and off the request path. */
  private noteKeyUse(keyId: string): void {
    if (this.lastUsedWrites.get(keyId)) return;
    this.lastUsedWrites.set(keyId, true, LAST_USED_WRITE_INTERVAL_MS);
    this.runtime.store.apiKeys.touchLastUsed(keyId, new Date()).catch((error: unknown) => {
      this.runtime.logger.warn({ err: error, keyId }, 'could not record API key use');
    });
  }
}
