// Registration, sign-in, token refresh, sign-out and password changes. Knows nothing of HTTP.
import type {
  AuthResponse,
  ChangePasswordRequest,
  LoginRequest,
  RegisterRequest,
  TwoFactorChallenge,
  TwoFactorSignInRequest,
} from '@gv/contract';
import type { SessionRow, UserRow } from '../../db/schema.js';
import type { Transactions } from '../../db/transactions.js';
import { Conflict, InvalidInput, NotAuthenticated } from '../../domain/errors.js';
import type { VerificationMails } from '../account/email-verification.service.js';
import type { AuditLog } from '../logs/audit.js';
import type { ClientInfo, SessionsService } from '../sessions/sessions.service.js';
import type { TwoFactorSignIn, VerifiedChallenge } from '../two-factor/two-factor-sign-in.js';
import { toUserView } from '../users/user-view.js';
import { EmailTaken, type UsersRepository } from '../users/users.repository.js';
import {
  dummyPasswordHash,
  hashPassword,
  passwordPolicyProblem,
  verifyPassword,
} from './passwords.js';
import type { DeviceCookies } from './device-cookies.js';
import { throttledError, type SignInThrottle } from './sign-in-throttle.js';
import type { AccessTokens } from './tokens.js';

/** Deliberately the same for unknown email, wrong password and disabled accounts. */
const INVALID_CREDENTIALS = 'Invalid email or password.';

/** Registration says plainly that an email is taken (docs/decisions/122). */
export const EMAIL_TAKEN =
  'An account with this email already exists. Sign in, or use another email.';

export interface SignedIn {
  response: AuthResponse;
  refreshToken: string;
  refreshCookieMaxAgeMs: number;
}

/** Registration and sign-in also mark the browser as one that signed in to the email. */
export interface SignedInOnDevice extends SignedIn {
  deviceToken: string;
}

export class AuthService {
  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: SessionsService,
    private readonly tokens: AccessTokens,
    private readonly audit: AuditLog,
    private readonly throttle: SignInThrottle,
    private readonly transactions: Transactions,
    private readonly devices: DeviceCookies,
    private readonly verification: VerificationMails,
    private readonly twoFactor: TwoFactorSignIn,
  ) {}

  async register(input: RegisterRequest, client: ClientInfo): Promise<SignedInOnDevice> {
    const weak = await passwordPolicyProblem(input.password, input);
    if (weak) throw new InvalidInput([{ path: 'password', message: weak }]);
    const passwordHash = await hashPassword(input.password);
    let signedIn: { user: UserRow; session: SessionRow; refreshToken: string };
    try {
      // The account, its first session and the audit row commit together (docs/decisions/101).
      signedIn = await this.transactions.run(async (tx) => {
        const user = await this.users.create(
          { email: input.email, name: input.name, passwordHash },
          tx.db,
        );
        const opened = await this.sessions.openForSignIn(
          user.id,
          client,
          { event: 'auth.register', message: 'Account created', userId: user.id },
          tx,
        );
        return { user, ...opened! };
      });
    } catch (error) {
      if (error instanceof EmailTaken) throw new Conflict(EMAIL_TAKEN);
      throw error;
    }
    this.verification.mailLinkTo(signedIn.user);
    return {
      ...(await this.respond(signedIn.user, signedIn.session, signedIn.refreshToken)),
      deviceToken: this.devices.issue(input.email),
    };
  }

  /**
   * Failures are throttled per email string (known or not) before any password is checked, so a
   * waiting email costs no hashing and cannot make its own wait longer. A browser presenting the
   * device token of an earlier sign-in to this email is throttled on its own key instead, so
   * failures others make for the email cannot keep its owner out (docs/decisions/120).
   * With two-factor sign-in on, a correct password answers a challenge for the code instead of a
   * session (docs/decisions/223).
   */
  async login(
    input: LoginRequest,
    client: ClientInfo,
    presentedDeviceToken?: unknown,
  ): Promise<SignedInOnDevice | TwoFactorChallenge> {
    const deviceId = this.devices.deviceOf(presentedDeviceToken, input.email);
    const throttleKey = deviceId ? `device:${deviceId}` : input.email;
    const knownDevice = deviceId !== undefined;
    const throttle = await this.throttle.check(throttleKey);
    const user = await this.users.findByEmail(input.email);
    if (throttle && throttle.waitSeconds > 0) {
      await this.audit.recordNow({
        event: 'auth.login.failed',
        level: 'warn',
        message: knownDevice
          ? 'Sign-in refused: too many recent failures from this device'
          : 'Sign-in refused: too many recent failures for this email',
        userId: user?.id ?? null,
        metadata: { reason: 'throttled', waitSeconds: throttle.waitSeconds, knownDevice },
      });
      throw throttledError(throttle.waitSeconds);
    }

    // An unknown email costs the same hashing as a real check, so timing reveals nothing either.
    const passwordMatches = user
      ? await verifyPassword(user.passwordHash, input.password)
      : await verifyPassword(await dummyPasswordHash(), input.password).then(() => false);
    if (!user || !passwordMatches) {
      await this.recordFailure(
        { key: throttleKey, knownDevice },
        user,
        user ? 'wrong_password' : 'unknown_email',
      );
      throw new NotAuthenticated(INVALID_CREDENTIALS);
    }
    if (user.status !== 'active') {
      await this.audit.recordNow({
        event: 'auth.login.failed',
        level: 'warn',
        message: 'Sign-in refused: account disabled',
        userId: user.id,
        metadata: { reason: 'disabled' },
      });
      throw new NotAuthenticated(INVALID_CREDENTIALS);
    }

    // Only this key's failures are forgotten: a known device's success says nothing about the
    // failures strangers made for the email, which keep slowing them down.
    if (throttle) await this.throttle.clear(throttleKey);
    if (user.twoFactorEnabledAt) return this.twoFactor.challenge(user);
    return this.signIn(user, client);
  }

  /** The code step: the challenge a correct password answered, and a code or recovery code. */
  async completeTwoFactorSignIn(
    input: TwoFactorSignInRequest,
    client: ClientInfo,
  ): Promise<SignedInOnDevice> {
    const verified = await this.twoFactor.verify(input);
    return this.signIn(verified.user, client, verified);
  }

  /** Opens the session of a completed sign-in; the code of a two-factor one is spent with it. */
  private async signIn(
    user: UserRow,
    client: ClientInfo,
    twoFactor?: VerifiedChallenge,
  ): Promise<SignedInOnDevice> {
    const event = {
      event: 'auth.login.succeeded',
      message: twoFactor ? 'Signed in with a two-factor code' : 'Signed in',
      userId: user.id,
      ...(twoFactor ? { metadata: { secondFactor: twoFactor.proof.kind } } : {}),
    };
    // A password sign-in is one statement (docs/decisions/225); spending a two-factor code must
    // commit with it, so that one runs in a transaction.
    const opened = twoFactor
      ? await this.transactions.run(async (tx) => {
          await this.twoFactor.redeem(twoFactor, tx);
          return this.sessions.openForSignIn(user.id, client, event, tx);
        })
      : await this.sessions.openForSignIn(user.id, client, event);
    if (!opened) throw new NotAuthenticated(INVALID_CREDENTIALS);
    const { session, refreshToken } = opened;
    return {
      ...(await this.respond({ ...user, lastLoginAt: new Date() }, session, refreshToken)),
      deviceToken: this.devices.issue(user.email),
    };
  }

  private async recordFailure(
    throttled: { key: string; knownDevice: boolean },
    user: UserRow | undefined,
    reason: 'wrong_password' | 'unknown_email',
  ): Promise<void> {
    const state = await this.throttle.recordFailure(throttled.key);
    // A failed sign-in changes no row of ours to share a transaction with: its audit rows are
    // written before the answer instead (docs/decisions/101).
    await this.audit.recordNow({
      event: 'auth.login.failed',
      level: 'warn',
      message: user ? 'Sign-in failed: wrong password' : 'Sign-in failed: unknown email',
      userId: user?.id ?? null,
      metadata: { reason, failures: state?.failures, knownDevice: throttled.knownDevice },
    });
    // A known device's wait pauses that browser only, not the account.
    if (user && !throttled.knownDevice && state && state.waitSeconds > 0) {
      await this.audit.recordNow({
        event: 'auth.account.locked',
        level: 'warn',
        message: `Sign-in paused for ${state.waitSeconds} s after ${state.failures} failures`,
        userId: user.id,
        metadata: {
          failures: state.failures,
          waitSeconds: state.waitSeconds,
          lockedUntil: state.lockedUntil?.toISOString(),
        },
      });
    }
  }

  async refresh(presentedToken: string | undefined): Promise<SignedIn> {
    if (!presentedToken) throw new NotAuthenticated('No refresh token; sign in again.');
    const outcome = await this.sessions.refresh(presentedToken);
    if (outcome.kind !== 'rotated')
      throw new NotAuthenticated('Your session has ended; sign in again.');
    const user = await this.users.findById(outcome.session.userId);
    if (!user || user.status !== 'active') {
      await this.sessions.end(outcome.session.userId, outcome.session.id, 'user_inactive');
      throw new NotAuthenticated('Your session has ended; sign in again.');
    }
    this.audit.record({
      event: 'auth.refresh',
      level: 'debug',
      message: 'Access token refreshed',
      userId: user.id,
      sessionId: outcome.session.id,
    });
    return this.respond(user, outcome.session, outcome.refreshToken);
  }

  async changePassword(
    userId: string,
    currentSessionId: string,
    input: ChangePasswordRequest,
  ): Promise<void> {
    const user = await this.users.findById(userId);
    if (!user) throw new NotAuthenticated();
    if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
      await this.audit.recordNow({
        event: 'auth.password.change_failed',
        level: 'warn',
        message: 'Password change refused: wrong current password',
        userId,
      });
      throw new InvalidInput([{ path: 'currentPassword', message: 'Current password is wrong' }]);
    }
    const weak = await passwordPolicyProblem(input.newPassword, user);
    if (weak) throw new InvalidInput([{ path: 'newPassword', message: weak }]);
    if (input.newPassword === input.currentPassword) {
      throw new InvalidInput([
        { path: 'newPassword', message: 'Choose a password different from the current one' },
      ]);
    }
    const passwordHash = await hashPassword(input.newPassword);
    await this.transactions.run(async (tx) => {
      await this.users.update(userId, { passwordHash }, tx.db);
      const ended = await this.sessions.revokeAll(userId, 'password_changed', {
        keepSessionId: currentSessionId,
        tx,
      });
      await this.audit.recordIn(tx, {
        event: 'auth.password.changed',
        message: 'Password changed; other sessions ended',
        userId,
        metadata: { otherSessionsEnded: ended },
      });
    });
  }

  private async respond(
    user: UserRow,
    session: SessionRow,
    refreshToken: string,
  ): Promise<SignedIn> {
    const { token, expiresAt } = await this.tokens.issue({
      userId: user.id,
      sessionId: session.id,
      role: user.role,
    });
    return {
      response: {
        accessToken: token,
        tokenType: 'Bearer',
        expiresAt: expiresAt.toISOString(),
        sessionId: session.id,
        user: toUserView(user),
      },
      refreshToken,
      refreshCookieMaxAgeMs: this.sessions.refreshCookieMaxAge(session),
    };
  }
}
