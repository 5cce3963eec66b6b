// Device cookies (OWASP's "slow down online guessing with device cookies"): a browser that signed
// in to an email gets a token binding a random device id to that email, and later sign-ins from it
// are throttled on the device, not by the failures others make for the email (docs/decisions/120).
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

/** A year: a browser stays known as long as people reasonably keep one. */
export const DEVICE_COOKIE_MAX_AGE_MS = 365 * 24 * 60 * 60 * 1000;

/** `<device id: 16 random bytes>.<HMAC-SHA256 tag>`, both base64url without padding. */
const TOKEN_PATTERN = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

/**
 * Its own purpose label, so the device key can never be used as, or reveal, the key that signs
 * access tokens: both derive from JWT_SECRET, but nothing signs with the raw secret here.
 */
const KEY_PURPOSE = 'gv-playground device cookie v1';

export class DeviceCookies {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = Buffer.from(hkdfSync('sha256', secret, '', KEY_PURPOSE, 32));
  }

  /** A new cookie value for a browser that has just signed in to `email` (normalised). */
  issue(email: string): string {
    const deviceId = randomBytes(16).toString('base64url');
    return `${deviceId}.${this.tag(deviceId, email)}`;
  }

  /**
   * The device id when `presented` is a cookie this server issued for `email`, else undefined:
   * a cookie for another email, a tampered one and garbage all count as no cookie at all.
   */
  deviceOf(presented: unknown, email: string): string | undefined {
    if (typeof presented !== 'string') return undefined;
    const match = TOKEN_PATTERN.exec(presented);
    if (!match) return undefined;
    const [, deviceId, tag] = match as unknown as [string, string, string];
    // Compared as the canonical text, not decoded bytes: base64url decoding ignores the spare low
    // bits of the last character, which would let a few altered tags through.
    const expected = Buffer.from(this.tag(deviceId, email));
    return timingSafeEqual(expected, Buffer.from(tag)) ? deviceId : undefined;
  }

  private tag(deviceId: string, email: string): string {
    return createHmac('sha256', this.key).update(`${deviceId}\n${email}`).digest('base64url');
  }
}
