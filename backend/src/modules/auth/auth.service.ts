// Registration, sign-in, token refresh, sign-out and password changes. Knows nothing of HTTP.
import type {
  AuthResponse,
  ChangePasswordRequest,
  LoginRequest,
  RegisterRequest,
} from '@gv/contract';
import type { SessionRow, UserRow } from '../../db/schema.js';
import { Conflict, Unauthorized, ValidationFailed } from '../../http/errors.js';
import type { AuditLog } from '../logs/audit.js';
import type { ClientInfo, SessionsService } from '../sessions/sessions.service.js';
import { toUserView } from '../users/user-view.js';
import { EmailTaken, type UsersRepository } from '../users/users.repository.js';
import {
  commonPasswordProblem,
  dummyPasswordHash,
  hashPassword,
  verifyPassword,
} from './passwords.js';
import type { AccessTokens } from './tokens.js';

export const MAX_FAILED_LOGINS = 10;
export const LOCKOUT_MS = 15 * 60 * 1000;

/** Deliberately the same for unknown email, wrong password, locked and disabled accounts. */
const INVALID_CREDENTIALS = 'Invalid email or password.';

export interface SignedIn {
  response: AuthResponse;
  refreshToken: string;
  refreshCookieMaxAgeMs: number;
}

export class AuthService {
  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: SessionsService,
    private readonly tokens: AccessTokens,
    private readonly audit: AuditLog,
  ) {}

  async register(input: RegisterRequest, client: ClientInfo): Promise<SignedIn> {
    const weak = commonPasswordProblem(input.password);
    if (weak) throw new ValidationFailed([{ path: 'password', message: weak }]);
    let user: UserRow;
    try {
      user = await this.users.create({
        email: input.email,
        name: input.name,
        passwordHash: await hashPassword(input.password),
      });
    } catch (error) {
      if (error instanceof EmailTaken)
        throw new Conflict('An account with this email already exists.');
      throw error;
    }
    this.audit.record({ event: 'auth.register', message: 'Account created', userId: user.id });
    await this.users.recordSuccessfulLogin(user.id);
    return this.signIn(user, client, 'auth.register');
  }

  async login(input: LoginRequest, client: ClientInfo): Promise<SignedIn> {
    const user = await this.users.findByEmail(input.email);
    if (!user) {
      // Same work as a real check, so timing does not reveal whether the email exists.
      await verifyPassword(await dummyPasswordHash(), input.password);
      this.audit.record({
        event: 'auth.login.failed',
        level: 'warn',
        message: 'Sign-in failed: unknown email',
        userId: null,
        metadata: { reason: 'unknown_email' },
      });
      throw new Unauthorized(INVALID_CREDENTIALS);
    }

    const locked = user.lockedUntil !== null && user.lockedUntil.getTime() > Date.now();
    const passwordMatches = await verifyPassword(user.passwordHash, input.password);

    if (locked || user.status !== 'active') {
      this.audit.record({
        event: 'auth.login.failed',
        level: 'warn',
        message: locked ? 'Sign-in refused: account locked' : 'Sign-in refused: account disabled',
        userId: user.id,
        metadata: { reason: locked ? 'locked' : 'disabled' },
      });
      throw new Unauthorized(INVALID_CREDENTIALS);
    }

    if (!passwordMatches) {
      const { failedLoginCount, lockedUntil } = await this.users.recordFailedLogin(
        user.id,
        MAX_FAILED_LOGINS,
        LOCKOUT_MS,
      );
      this.audit.record({
        event: 'auth.login.failed',
        level: 'warn',
        message: 'Sign-in failed: wrong password',
        userId: user.id,
        metadata: { reason: 'wrong_password', failedLoginCount },
      });
      if (failedLoginCount === MAX_FAILED_LOGINS) {
        this.audit.record({
          event: 'auth.account.locked',
          level: 'warn',
          message: `Account locked after ${MAX_FAILED_LOGINS} failed sign-ins`,
          userId: user.id,
          metadata: { lockedUntil: lockedUntil?.toISOString() },
        });
      }
      throw new Unauthorized(INVALID_CREDENTIALS);
    }

    await this.users.recordSuccessfulLogin(user.id);
    return this.signIn(user, client, 'auth.login.succeeded');
  }

  async refresh(presentedToken: string | undefined): Promise<SignedIn> {
    if (!presentedToken) throw new Unauthorized('No refresh token; sign in again.');
    const outcome = await this.sessions.refresh(presentedToken);
    if (outcome.kind !== 'rotated')
      throw new Unauthorized('Your session has ended; sign in again.');
    const user = await this.users.findById(outcome.session.userId);
    if (!user || user.status !== 'active') {
      await this.sessions.end(outcome.session.userId, outcome.session.id, 'user_inactive');
      throw new Unauthorized('Your session has ended; sign in again.');
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

  /** Ends the session named by the refresh cookie or, failing that, by the access token. */
  async logout(
    presentedToken: string | undefined,
    accessSession?: { userId: string; sessionId: string },
  ): Promise<void> {
    const session = presentedToken ? await this.sessions.findByToken(presentedToken) : undefined;
    const target = session ? { userId: session.userId, sessionId: session.id } : accessSession;
    if (!target) return;
    const ended = await this.sessions.end(target.userId, target.sessionId, 'logout');
    if (ended) {
      this.audit.record({
        event: 'auth.logout',
        message: 'Signed out',
        userId: target.userId,
        sessionId: target.sessionId,
      });
    }
  }

  async changePassword(
    userId: string,
    currentSessionId: string,
    input: ChangePasswordRequest,
  ): Promise<void> {
    const user = await this.users.findById(userId);
    if (!user) throw new Unauthorized();
    if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
      this.audit.record({
        event: 'auth.password.change_failed',
        level: 'warn',
        message: 'Password change refused: wrong current password',
        userId,
      });
      throw new ValidationFailed([
        { path: 'currentPassword', message: 'Current password is wrong' },
      ]);
    }
    const weak = commonPasswordProblem(input.newPassword);
    if (weak) throw new ValidationFailed([{ path: 'newPassword', message: weak }]);
    if (input.newPassword === input.currentPassword) {
      throw new ValidationFailed([
        { path: 'newPassword', message: 'Choose a password different from the current one' },
      ]);
    }
    await this.users.update(userId, { passwordHash: await hashPassword(input.newPassword) });
    const ended = await this.sessions.revokeAll(userId, 'password_changed', currentSessionId);
    this.audit.record({
      event: 'auth.password.changed',
      message: 'Password changed; other sessions ended',
      userId,
      metadata: { otherSessionsEnded: ended },
    });
  }

  private async signIn(user: UserRow, client: ClientInfo, event: string): Promise<SignedIn> {
    const { session, refreshToken } = await this.sessions.open(user.id, client);
    if (event === 'auth.login.succeeded') {
      this.audit.record({ event, message: 'Signed in', userId: user.id, sessionId: session.id });
    }
    return this.respond({ ...user, lastLoginAt: new Date() }, session, refreshToken);
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
