// Password hashing with argon2id at the OWASP-recommended cost, and the password policy.
import { hash, verify } from '@node-rs/argon2';
import type * as PasswordStrength from '@gv/contract/password-strength';
import { COMMON_PASSWORDS } from './common-passwords.js';

/** OWASP Password Storage Cheat Sheet: argon2id, 19 MiB memory, 2 iterations, 1 lane. */
export const ARGON2_OPTIONS = {
  // Algorithm.Argon2id; the package exports it as a const enum, which isolated modules cannot read.
  algorithm: 2,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/**
 * Login for an unknown email verifies against this hash, so it costs the same time as a wrong
 * password and response timing does not reveal which emails have accounts.
 */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('not-a-real-password-only-for-timing');
  return dummyHash;
}

/** Returns a message when the password is too common to allow, otherwise null. */
export function commonPasswordProblem(password: string): string | null {
  return COMMON_PASSWORDS.has(password.toLowerCase())
    ? 'This password is too common; choose one that is harder to guess'
    : null;
}

/**
 * zxcvbn's dictionaries took a third of the backend's memory at rest (about 35 MiB) and half a
 * second of its start; only sign-up and password changes need them, so the first of those loads
 * them (docs/decisions/217).
 */
let strengthEstimator: Promise<typeof PasswordStrength> | undefined;

/**
 * The whole policy for a new password, after the contract's length rules: not on the common list,
 * not containing the owner's email or name, and scored strong enough by zxcvbn (the estimator the
 * forms show). Resolves to the message to show, or null when the password is acceptable.
 */
export async function passwordPolicyProblem(
  password: string,
  owner: PasswordStrength.PasswordOwner,
): Promise<string | null> {
  const common = commonPasswordProblem(password);
  if (common) return common;
  strengthEstimator ??= import('@gv/contract/password-strength');
  const { assessPassword } = await strengthEstimator;
  return assessPassword(password, owner).problem;
}
