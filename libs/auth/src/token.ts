import { createHash, randomBytes } from 'node:crypto';

export const API_KEY_PREFIX = 'vgl_';
/** How much of a key is stored in clear so people can tell their keys apart. */
const VISIBLE_KEY_LENGTH = API_KEY_PREFIX.length + 8;

/**
 * API keys and session tokens carry 256 random bits, so a fast hash is enough to store them:
 * nobody can brute-force the preimage, and a SHA-256 lookup key lets authentication find the
 * key by index instead of verifying a slow hash against every row.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export interface GeneratedApiKey {
  /** Shown to the user once, never stored. */
  key: string;
  prefix: string;
  hash: string;
}

export function generateApiKey(): GeneratedApiKey {
  const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { key, prefix: key.slice(0, VISIBLE_KEY_LENGTH), hash: hashToken(key) };
}

export function looksLikeApiKey(value: string): boolean {
  return value.startsWith(API_KEY_PREFIX) && value.length === API_KEY_PREFIX.length + 43;
}

/** Invitation links carry `vgi_` + 256 random bits; only the SHA-256 is stored, like a key's. */
export const INVITE_TOKEN_PREFIX = 'vgi_';

export function generateInviteToken(): { token: string; hash: string } {
  const token = `${INVITE_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashToken(token) };
}

export function looksLikeInviteToken(value: string): boolean {
  return /^vgi_[A-Za-z0-9_-]{43}$/.test(value);
}

export function generateSessionToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export const PUSH_TOKEN_PREFIX = 'vpt_';

/**
 * A push check's ping token: the only credential of its public URL (like an API key, 256 random
 * bits, stored as SHA-256; URL-safe). Shown once, with its first 12 characters kept in clear.
 */
export function generatePushToken(): GeneratedApiKey {
  const key = `${PUSH_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { key, prefix: key.slice(0, PUSH_TOKEN_PREFIX.length + 8), hash: hashToken(key) };
}
