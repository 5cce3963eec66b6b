import { describe, expect, it } from 'vitest';
import { RECOVERY_CODE_ALPHABET, recoveryCodeSchema } from '@gv/contract';
import { isAppCode, newRecoveryCodes, normaliseRecoveryCode } from './recovery-codes.js';

describe('recovery codes', () => {
  it('are ten different codes of two groups of five, without look-alike characters', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) {
      expect(recoveryCodeSchema.parse(code)).toBe(code);
      expect(code.replace('-', '')).not.toMatch(/[01ilo]/);
    }
    expect(RECOVERY_CODE_ALPHABET).toHaveLength(31);
  });

  it('are compared in any case, with or without the dash', () => {
    expect(normaliseRecoveryCode('7KQ2M-XH4PZ')).toBe('7kq2mxh4pz');
    expect(normaliseRecoveryCode(' 7kq2m xh4pz ')).toBe('7kq2mxh4pz');
    expect(isAppCode('123456')).toBe(true);
    expect(isAppCode('7kq2m-xh4pz')).toBe(false);
    expect(isAppCode('2345678923')).toBe(false);
  });
});
