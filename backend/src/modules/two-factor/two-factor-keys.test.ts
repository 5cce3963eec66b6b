import { describe, expect, it } from 'vitest';
import { TwoFactorKeys } from './two-factor-keys.js';

const alice = '00000000-0000-4000-8000-00000000000a';
const bob = '00000000-0000-4000-8000-00000000000b';

describe('TwoFactorKeys', () => {
  const keys = new TwoFactorKeys('a JWT secret of at least thirty-two bytes');
  const secret = Buffer.from('12345678901234567890');

  it('seals a secret so that only the same key opens it, for the same user', () => {
    const sealed = keys.seal(alice, secret);
    expect(sealed).toMatch(/^v1\.[\w-]{16}\.[\w-]+\.[\w-]{22}$/);
    expect(sealed).not.toBe(keys.seal(alice, secret));
    expect(keys.open(alice, sealed)).toEqual(secret);
    // Copied onto another user's row, it does not open.
    expect(() => keys.open(bob, sealed)).toThrow(/does not open/);
    // After JWT_SECRET changes, the log says what to do.
    const rotated = new TwoFactorKeys('another JWT secret of at least thirty-two bytes');
    expect(() => rotated.open(alice, sealed)).toThrow(/JWT_SECRET changed.*reset the user/);
  });

  it('hashes recovery codes with a key, per user', () => {
    const hash = keys.hashRecoveryCode(alice, '7kq2mxh4pz');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(keys.hashRecoveryCode(alice, '7kq2mxh4pz')).toBe(hash);
    expect(keys.hashRecoveryCode(bob, '7kq2mxh4pz')).not.toBe(hash);
    expect(
      new TwoFactorKeys('another JWT secret of at least thirty-two bytes').hashRecoveryCode(
        alice,
        '7kq2mxh4pz',
      ),
    ).not.toBe(hash);
  });
});
