// Refresh tokens: random, handed to the browser once, stored only as their SHA-256, so a copy of
// the sessions table cannot be used to sign in.
import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe. */
export function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
