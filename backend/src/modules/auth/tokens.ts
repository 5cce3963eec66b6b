// Access tokens: short-lived JWTs that name the user, the session and the role. (Refresh tokens
// belong to sessions: modules/sessions/refresh-tokens.ts.)
import { webcrypto } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import type { Role } from '@gv/contract';

export interface AccessClaims {
  userId: string;
  sessionId: string;
  role: Role;
  expiresAt: Date;
}

export interface TokenSettings {
  secret: string;
  issuer: string;
  audience: string;
  accessTokenTtlMs: number;
}

/** The one algorithm accepted; pinning it defeats `alg: none` and algorithm-confusion attacks. */
const ALGORITHM = 'HS256';

/** Enough for every token in use on one instance; at about 0.5 KB each, a few MiB at most. */
const VERIFIED_TOKENS_KEPT = 10_000;

export class InvalidToken extends Error {}

export class AccessTokens {
  /**
   * Imported once: given raw bytes, jose would import a WebCrypto key on every sign and verify,
   * which doubled the cost of checking a token.
   */
  private readonly key: Promise<webcrypto.CryptoKey>;

  constructor(private readonly settings: TokenSettings) {
    this.key = webcrypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(settings.secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    );
  }

  async issue(claims: {
    userId: string;
    sessionId: string;
    role: Role;
  }): Promise<{ token: string; expiresAt: Date }> {
    const now = Math.floor(Date.now() / 1000);
    const exp = now + Math.floor(this.settings.accessTokenTtlMs / 1000);
    const token = await new SignJWT({ sid: claims.sessionId, role: claims.role })
      .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
      .setSubject(claims.userId)
      .setIssuer(this.settings.issuer)
      .setAudience(this.settings.audience)
      .setIssuedAt(now)
      .setExpirationTime(exp)
      .sign(await this.key);
    return { token, expiresAt: new Date(exp * 1000) };
  }

  /**
   * A client sends the same access token with every request for its whole life, and checking the
   * signature (WebCrypto, asynchronous) was the largest single cost of an authenticated read. A
   * token that passed is remembered, by its full text (signature included), until it expires;
   * revocation is checked on every request elsewhere, so remembering changes no decision.
   */
  private readonly verified = new Map<string, AccessClaims>();

  async verify(token: string): Promise<AccessClaims> {
    const remembered = this.verified.get(token);
    if (remembered) {
      if (remembered.expiresAt.getTime() > Date.now()) return remembered;
      this.verified.delete(token);
      throw new InvalidToken('token expired');
    }
    const claims = await this.verifySignatureAndClaims(token);
    if (this.verified.size >= VERIFIED_TOKENS_KEPT) {
      // Forget the oldest: Map keeps insertion order.
      this.verified.delete(this.verified.keys().next().value!);
    }
    this.verified.set(token, claims);
    return claims;
  }

  private async verifySignatureAndClaims(token: string): Promise<AccessClaims> {
    try {
      const { payload } = await jwtVerify(token, await this.key, {
        algorithms: [ALGORITHM],
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        requiredClaims: ['sub', 'sid', 'exp', 'iat'],
      });
      const role = payload.role;
      if (typeof payload.sid !== 'string' || (role !== 'user' && role !== 'admin')) {
        throw new InvalidToken('token claims are malformed');
      }
      return {
        userId: payload.sub as string,
        sessionId: payload.sid,
        role,
        expiresAt: new Date((payload.exp as number) * 1000),
      };
    } catch (error) {
      if (error instanceof InvalidToken) throw error;
      const reason = error instanceof joseErrors.JWTExpired ? 'token expired' : 'token invalid';
      throw new InvalidToken(reason);
    }
  }
}
