import { hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';

// argon2id through @node-rs/argon2: a maintained binding that ships prebuilt binaries
// in npm packages, so it installs without compiling and without install scripts.
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    // A malformed stored hash must read as "wrong password", not as a server error.
    return false;
  }
}

/** A password for the first admin: 18 random bytes as base64url, 24 characters. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}
