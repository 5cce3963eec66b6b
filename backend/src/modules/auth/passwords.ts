// Password hashing with argon2id at the OWASP-recommended cost, and the password policy.
import { availableParallelism } from 'node:os';
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

/**
 * How many hashes run at once: one per core, and never on every thread of libuv's pool (4 unless
 * UV_THREADPOOL_SIZE says otherwise), which file reads, name lookups and compression share. More
 * memory-hard hashes than cores only take turns on them, each evicting the others' 19 MiB from
 * the caches; a burst of sign-ins would also hold every file read behind it (docs/decisions/229).
 */
export const HASHING_SLOTS = Math.max(
  1,
  Math.min(availableParallelism(), (Number(process.env.UV_THREADPOOL_SIZE) || 4) - 1),
);

let hashesRunning = 0;
const waitingForSlot: Array<() => void> = [];

async function inHashingSlot<T>(work: () => Promise<T>): Promise<T> {
  if (hashesRunning < HASHING_SLOTS) hashesRunning += 1;
  else await new Promise<void>((resolve) => waitingForSlot.push(resolve));
  try {
    return await work();
  } finally {
    // The slot passes straight to the next waiting hash, in the order they asked.
    const next = waitingForSlot.shift();
    if (next) next();
    else hashesRunning -= 1;
  }
}

export function hashPassword(password: string): Promise<string> {
  return inHashingSlot(() => hash(password, ARGON2_OPTIONS));
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await inHashingSlot(() => verify(passwordHash, password));
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
