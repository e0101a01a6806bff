import { describe, expect, it } from 'vitest';
import { FixedWindowRateLimiter, InMemoryAttemptCounterStore } from './rate-limiter';
import { generatePassword, hashPassword, verifyPassword } from './password';
import { generateApiKey, generateInviteToken, generateSessionToken, hashToken, looksLikeApiKey, looksLikeInviteToken } from './token';

describe('passwords', () => {
  it('hashes with argon2id and verifies only the right password', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(stored).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(stored, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(stored, 'correct horse batterY')).toBe(false);
  });

  it('treats a malformed stored hash as a mismatch', async () => {
    expect(await verifyPassword('not-a-hash', 'x')).toBe(false);
  });

  it('generates distinct 24-character passwords', () => {
    const a = generatePassword();
    expect(a).toHaveLength(24);
    expect(generatePassword()).not.toBe(a);
  });
});

describe('tokens', () => {
  it('makes API keys whose stored hash is the SHA-256 of the key', () => {
    const { key, prefix, hash } = generateApiKey();
    expect(key).toMatch(/^vgl_[A-Za-z0-9_-]{43}$/);
    expect(looksLikeApiKey(key)).toBe(true);
    expect(key.startsWith(prefix)).toBe(true);
    expect(prefix).toHaveLength(12);
    expect(hash).toBe(hashToken(key));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('rejects strings that are not keys', () => {
    expect(looksLikeApiKey('vgl_short')).toBe(false);
    expect(looksLikeApiKey(`xyz_${'a'.repeat(43)}`)).toBe(false);
  });

  it('makes invitation tokens that are recognisable and stored as their SHA-256', () => {
    const { token, hash } = generateInviteToken();
    expect(looksLikeInviteToken(token)).toBe(true);
    expect(hash).toBe(hashToken(token));
    expect(looksLikeInviteToken(`${token}x`)).toBe(false);
    expect(looksLikeInviteToken(generateApiKey().key)).toBe(false);
  });

  it('makes session tokens that differ each time', () => {
    const a = generateSessionToken();
    const b = generateSessionToken();
    expect(a.token).not.toBe(b.token);
    expect(a.hash).toBe(hashToken(a.token));
  });
});

describe('FixedWindowRateLimiter', () => {
  it('blocks a key after `limit` failures in a window, then says when to retry', async () => {
    let now = 1_000_000;
    const limiter = new FixedWindowRateLimiter(new InMemoryAttemptCounterStore(() => now), 3, 60_000);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect(await limiter.check('ip:a')).toEqual({ allowed: true });
      await limiter.recordFailure('ip:a');
    }
    now += 15_000;
    expect(await limiter.check('ip:a')).toEqual({ allowed: false, retryAfterSeconds: 45 });
    expect(await limiter.check('ip:b')).toEqual({ allowed: true });
    now += 45_000;
    expect(await limiter.check('ip:a')).toEqual({ allowed: true });
  });
});
