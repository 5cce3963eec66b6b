// Password hashing under a burst: the hashes take turns on a few of libuv's threads, so the
// pool's other work (file reads, name lookups) is not held behind them.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { HASHING_SLOTS, hashPassword, verifyPassword } from './passwords.js';

describe('password hashing', () => {
  it('leaves libuv a thread for file reads while a burst of sign-ins hashes', async () => {
    // libuv's pool takes its work in order: without the slots, the read below queued behind
    // every hash of the burst and finished only after at least four of them.
    let hashed = 0;
    const burst = Array.from({ length: 8 }, (_, i) =>
      hashPassword(`burst passphrase ${i}`).then((passwordHash) => {
        hashed += 1;
        return passwordHash;
      }),
    );
    await readFile(new URL(import.meta.url));
    const hashedWhenReadFinished = hashed;
    const hashes = await Promise.all(burst);
    expect(hashedWhenReadFinished).toBeLessThanOrEqual(1);
    expect(new Set(hashes).size).toBe(8);
  });

  it('gives the slot back when a verification fails on a malformed hash', async () => {
    const malformed = Array.from({ length: HASHING_SLOTS + 2 }, () =>
      verifyPassword('not an argon2 hash', 'anything'),
    );
    expect(await Promise.all(malformed)).toEqual(Array(HASHING_SLOTS + 2).fill(false));

    const passwordHash = await hashPassword('correct horse battery staple');
    expect(await verifyPassword(passwordHash, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(passwordHash, 'wrong horse battery staple')).toBe(false);
  });
});
