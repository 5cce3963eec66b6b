import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, matchingStep, totpCode } from './totp.js';

// RFC 6238 appendix B: the SHA-1 secret is the ASCII "12345678901234567890"; the RFC's 8-digit
// values end in the 6 digits an app shows.
const rfcSecret = Buffer.from('12345678901234567890', 'ascii');
const rfcSecretBase32 = base32Encode(rfcSecret);

describe('TOTP', () => {
  it('matches the test vectors of RFC 6238 and RFC 4226', () => {
    expect(rfcSecretBase32).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(totpCode(rfcSecretBase32, 59_000)).toBe('287082');
    expect(totpCode(rfcSecretBase32, 1_111_111_109_000)).toBe('081804');
    expect(totpCode(rfcSecretBase32, 1_234_567_890_000)).toBe('005924');
    expect(totpCode(rfcSecretBase32, 20_000_000_000_000)).toBe('353130');
    // RFC 4226 appendix D, counters 0 and 9.
    expect(hotp(rfcSecret, 0)).toBe('755224');
    expect(hotp(rfcSecret, 9)).toBe('520489');
  });

  it('reads base32 the way people type it', () => {
    expect(base32Decode('gezd gnbv-gy3tqojq gezdgnbvgy3tqojq==')).toEqual(rfcSecret);
    expect(() => base32Decode('GEZ1')).toThrow(/base32/);
  });

  it('accepts the codes of the previous, current and next step only', () => {
    const at = 1_234_567_890_000;
    const codeAt = (ms: number) => totpCode(rfcSecretBase32, ms);
    expect(matchingStep(rfcSecret, codeAt(at), { atMs: at })).toBe(41_152_263);
    expect(matchingStep(rfcSecret, codeAt(at - 30_000), { atMs: at })).toBe(41_152_262);
    expect(matchingStep(rfcSecret, codeAt(at + 30_000), { atMs: at })).toBe(41_152_264);
    expect(matchingStep(rfcSecret, codeAt(at - 60_000), { atMs: at })).toBeUndefined();
    expect(matchingStep(rfcSecret, codeAt(at + 60_000), { atMs: at })).toBeUndefined();
    expect(matchingStep(rfcSecret, '12345', { atMs: at })).toBeUndefined();
  });

  it('refuses a code of the step last used, or of an earlier one', () => {
    const at = 1_234_567_890_000;
    const code = totpCode(rfcSecretBase32, at);
    expect(matchingStep(rfcSecret, code, { atMs: at, lastUsedStep: 41_152_263 })).toBeUndefined();
    expect(matchingStep(rfcSecret, code, { atMs: at, lastUsedStep: 41_152_262 })).toBe(41_152_263);
  });
});
