// Password reset by mail: a request answers at once, the same for every email, and the lookup,
// token and mail happen after the answer (docs/decisions/201); the mailed token sets a new
// password once, within 30 minutes, and ends every session (docs/decisions/200).
import { PASSWORD_RESET_VALID_MINUTES, type PasswordResetConfirm } from '@gv/contract';
import type { Transactions } from '../../db/transactions.js';
import { InvalidInput } from '../../domain/errors.js';
import { hashPassword, passwordPolicyProblem } from '../auth/passwords.js';
import type { SignInThrottle } from '../auth/sign-in-throttle.js';
import type { AuditLog } from '../logs/audit.js';
import type { Mailer } from '../mail/mailer.js';
import { passwordResetMail } from '../mail/templates.js';
import type { SessionsService } from '../sessions/sessions.service.js';
import type { UsersRepository } from '../users/users.repository.js';
import type { AccountTokensRepository } from './account-tokens.repository.js';
import type { BackgroundWork } from './background-work.js';

const INVALID_LINK =
  'This link is invalid, expired or already used; ask for a new one from the sign-in page.';

export class PasswordResetService {
  constructor(
    private readonly users: UsersRepository,
    private readonly tokens: AccountTokensRepository,
    private readonly sessions: SessionsService,
    private readonly throttle: SignInThrottle,
    private readonly audit: AuditLog,
    private readonly transactions: Transactions,
    private readonly mailer: Mailer,
    private readonly background: BackgroundWork,
    private readonly publicUrl: string,
  ) {}

  /** Returns before anything about the email is looked up, so no answer can tell. */
  request(email: string): void {
    this.background.run('password reset request', () => this.mailLink(email));
  }

  private async mailLink(email: string): Promise<void> {
    const user = await this.users.findByEmail(email);
    if (!user || user.status !== 'active') {
      await this.audit.recordNow({
        event: 'auth.password_reset.requested',
        level: 'warn',
        message: user
          ? 'Password reset asked for a disabled account; no mail sent'
          : 'Password reset asked for an email without an account; no mail sent',
        userId: user?.id ?? null,
        metadata: { mailed: false, reason: user ? 'disabled' : 'unknown_email' },
      });
      return;
    }
    const token = await this.transactions.run(async (tx) => {
      const issued = await this.tokens.issue(
        {
          userId: user.id,
          purpose: 'password_reset',
          email: user.email,
          validMs: PASSWORD_RESET_VALID_MINUTES * 60_000,
        },
        tx.db,
      );
      await this.audit.recordIn(tx, {
        event: 'auth.password_reset.requested',
        message: 'Password reset asked; link mailed',
        userId: user.id,
        metadata: { mailed: true },
      });
      return issued;
    });
    const url = `${this.publicUrl}/reset-password?token=${encodeURIComponent(token)}`;
    await this.mailer.send({
      to: user.email,
      ...passwordResetMail({ url, validMinutes: PASSWORD_RESET_VALID_MINUTES }),
    });
  }

  async confirm(input: PasswordResetConfirm): Promise<void> {
    const found = await this.tokens.findUsable('password_reset', input.token);
    const user = found && (await this.users.findById(found.userId));
    if (!found || !user || user.status !== 'active' || user.email !== found.email) {
      throw new InvalidInput([{ path: 'token', message: INVALID_LINK }]);
    }
    // Checked before the token is spent, so a weak choice can be corrected with the same link.
    const weak = await passwordPolicyProblem(input.password, user);
    if (weak) throw new InvalidInput([{ path: 'password', message: weak }]);
    const passwordHash = await hashPassword(input.password);
    await this.transactions.run(async (tx) => {
      if (!(await this.tokens.consume('password_reset', input.token, tx.db))) {
        throw new InvalidInput([{ path: 'token', message: INVALID_LINK }]);
      }
      await this.tokens.retireAll(user.id, 'password_reset', tx.db);
      // Following a link mailed to the address shows the address is the user's.
      await this.users.update(
        user.id,
        { passwordHash, ...(user.emailVerifiedAt ? {} : { emailVerifiedAt: new Date() }) },
        tx.db,
      );
      const ended = await this.sessions.revokeAll(user.id, 'password_reset', { tx });
      await this.audit.recordIn(tx, {
        event: 'auth.password_reset.completed',
        message: 'Password reset with a mailed link; every session ended',
        userId: user.id,
        metadata: { sessionsEnded: ended },
      });
    });
    // Whoever made the failures that paused sign-in did not have the new password.
    await this.throttle.clear(user.email);
  }
}
