import { twoFactorSignInRequestSchema } from '@gv/contract';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { twoFactorFormSchema } from './twoFactorForm';

const CHALLENGE = 'challenge-token';

describe('the sign-in code step’s check', () => {
  it('never refuses what the contract accepts, and sends what the contract would', () => {
    const codes = fc.oneof(
      fc.stringMatching(/^\s*\d{6}\s*$/),
      fc.stringMatching(/^\s*[A-Za-z0-9]{5}-?[A-Za-z0-9]{5}\s*$/),
      fc.string({ maxLength: 14 }),
    );
    fc.assert(
      fc.property(
        codes,
        fc.constantFrom('app', 'recovery') as fc.Arbitrary<'app' | 'recovery'>,
        (code, source) => {
          const contract = twoFactorSignInRequestSchema.safeParse({ challenge: CHALLENGE, code });
          const form = twoFactorFormSchema(CHALLENGE, source).safeParse({ code });
          if (contract.success) expect(form).toEqual({ success: true, data: contract.data });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reads "123 456" as the app shows it, and says which code it wants', () => {
    expect(twoFactorFormSchema(CHALLENGE, 'app').safeParse({ code: '123 456' })).toEqual({
      success: true,
      data: { challenge: CHALLENGE, code: '123456' },
    });
    const refused = (source: 'app' | 'recovery') => {
      const result = twoFactorFormSchema(CHALLENGE, source).safeParse({ code: '' });
      return result.success ? undefined : result.error.issues[0]?.message;
    };
    expect(refused('app')).toBe('Enter the 6-digit code from your authenticator app');
    expect(refused('recovery')).toBe('Enter one of your recovery codes (xxxxx-xxxxx)');
  });
});
