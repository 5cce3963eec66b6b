// The keys that protect two-factor data at rest, both derived from JWT_SECRET with HKDF under
// their own labels (docs/decisions/221): AES-256-GCM for the TOTP secrets, which the server must
// read back, and an HMAC for the recovery codes, which it only compares (docs/decisions/222).
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const SECRET_KEY_PURPOSE = 'gv-playground totp secret v1';
const RECOVERY_CODE_KEY_PURPOSE = 'gv-playground recovery code v1';

/** Stored form: `v1.<iv>.<ciphertext>.<tag>`, base64url parts; the user id is bound in as AAD. */
const SEALED_PATTERN = /^v1\.([\w-]{16})\.([\w-]+)\.([\w-]{22})$/;

export class TwoFactorKeys {
  private readonly secretKey: Buffer;
  private readonly recoveryCodeKey: Buffer;

  constructor(jwtSecret: string) {
    this.secretKey = Buffer.from(hkdfSync('sha256', jwtSecret, '', SECRET_KEY_PURPOSE, 32));
    this.recoveryCodeKey = Buffer.from(
      hkdfSync('sha256', jwtSecret, '', RECOVERY_CODE_KEY_PURPOSE, 32),
    );
  }

  /**
   * Encrypts a user's TOTP secret. The user id is authenticated with it, so a ciphertext copied
   * onto another user's row fails to open instead of giving them the same codes.
   */
  seal(userId: string, secret: Uint8Array): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.secretKey, iv);
    cipher.setAAD(Buffer.from(userId));
    const ciphertext = Buffer.concat([cipher.update(secret), cipher.final()]);
    const parts = [iv, ciphertext, cipher.getAuthTag()].map((part) => part.toString('base64url'));
    return `v1.${parts.join('.')}`;
  }

  /** The secret, or an error when the value was not sealed with this key for this user. */
  open(userId: string, sealed: string): Buffer {
    const match = SEALED_PATTERN.exec(sealed);
    if (!match) throw new Error(`The TOTP secret of user ${userId} is not in the v1 format`);
    const [iv, ciphertext, tag] = match.slice(1).map((part) => Buffer.from(part!, 'base64url'));
    const decipher = createDecipheriv('aes-256-gcm', this.secretKey, iv!);
    decipher.setAAD(Buffer.from(userId));
    decipher.setAuthTag(tag!);
    try {
      return Buffer.concat([decipher.update(ciphertext!), decipher.final()]);
    } catch {
      // What the operator reading the log needs to know (docs/decisions/221).
      throw new Error(
        `The TOTP secret of user ${userId} does not open with this JWT_SECRET: if JWT_SECRET ` +
          "changed since they enrolled, reset the user's two-factor (DELETE /api/users/:id/two-factor)",
      );
    }
  }

  /** What is stored of a recovery code (normalised first): HMAC-SHA-256, hex. */
  hashRecoveryCode(userId: string, normalisedCode: string): string {
    return createHmac('sha256', this.recoveryCodeKey)
      .update(`${userId}:${normalisedCode}`)
      .digest('hex');
  }
}
