// Time-based one-time passwords (RFC 6238 over RFC 4226): SHA-1, 6 digits, 30-second steps, the
// parameters every authenticator app uses (docs/decisions/220). Also the base32 that carries the
// secret to the app. Small enough to read in full, and no dependency to trust with the secrets.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { TOTP_DIGITS, TOTP_PERIOD_SECONDS } from '@gv/contract';

/** Codes of the step before and after the current one are accepted too: clocks drift. */
export const TOTP_ACCEPTED_DRIFT_STEPS = 1;

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding, as otpauth:// URIs carry secrets. */
export function base32Encode(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let output = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      output += BASE32_ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) output += BASE32_ALPHABET[(value << (5 - bits)) & 31];
  return output;
}

/** Reads base32 in any case, ignoring spaces, dashes and padding (people type secrets in). */
export function base32Decode(text: string): Buffer {
  const clean = text.toUpperCase().replace(/[\s=-]/g, '');
  let bits = 0;
  let value = 0;
  const bytes: number[] = [];
  for (const char of clean) {
    const index = BASE32_ALPHABET.indexOf(char);
    if (index === -1) throw new Error(`Not a base32 character: ${char}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

/** The 30-second step a moment falls in. */
export function timeStep(atMs: number = Date.now()): number {
  return Math.floor(atMs / 1000 / TOTP_PERIOD_SECONDS);
}

/** The HOTP value of a counter (RFC 4226 section 5.3): dynamic truncation, then 6 digits. */
export function hotp(secret: Uint8Array, counter: number, digits: number = TOTP_DIGITS): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', secret).update(message).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/**
 * The code an authenticator app shows for a base32 secret at a moment (now by default). Tests and
 * the browser journeys use it to sign in as a person with the app would.
 */
export function totpCode(secretBase32: string, atMs: number = Date.now()): string {
  return hotp(base32Decode(secretBase32), timeStep(atMs));
}

/**
 * The step whose code matches, within the accepted drift, and after `lastUsedStep`: a code
 * already used (or one older than it) is refused, so an overheard code cannot be replayed.
 * Undefined when none matches.
 */
export function matchingStep(
  secret: Uint8Array,
  code: string,
  options: { atMs?: number; lastUsedStep?: number | null } = {},
): number | undefined {
  const current = timeStep(options.atMs);
  const presented = Buffer.from(code);
  for (let drift = -TOTP_ACCEPTED_DRIFT_STEPS; drift <= TOTP_ACCEPTED_DRIFT_STEPS; drift++) {
    const step = current + drift;
    if (options.lastUsedStep != null && step <= options.lastUsedStep) continue;
    const expected = Buffer.from(hotp(secret, step));
    if (expected.length === presented.length && timingSafeEqual(expected, presented)) return step;
  }
  return undefined;
}
