// Email verification: a link mailed at sign-up (and on request) proves the address is the
// account owner's. Only verified accounts can become admins (docs/decisions/203).
import { EMAIL_VERIFICATION_VALID_HOURS } from '@gv/contract';
import type { UserRow } from '../../db/schema.js';
import type { Transactions } from '../../db/transactions.js';
import { Conflict, InvalidInput, NotAuthenticated } from '../../domain/errors.js';
import type { AuditLog } from '../logs/audit.js';
import type { Mailer } from '../mail/mailer.js';
import { verifyEmailMail } from '../mail/templates.js';
import type { UsersRepository } from '../users/users.repository.js';
import type { AccountTokensRepository } from './account-tokens.repository.js';
import type { BackgroundWork } from './background-work.js';

const INVALID_LINK =
  'This confirmation link is invalid, expired or already used; sign in and ask for a new one.';

/** What registration and admin-created accounts need from verification. */
export interface VerificationMails {
  mailLinkTo(user: Pick<UserRow, 'id' | 'email'>): void;
}

export class EmailVerificationService implements VerificationMails {
  constructor(
    private readonly users: UsersRepository,
    private readonly tokens: AccountTokensRepository,
    private readonly audit: AuditLog,
    private readonly transactions: Transactions,
    private readonly mailer: Mailer,
    private readonly background: BackgroundWork,
    private readonly publicUrl: string,
  ) {}

  /** Mails a fresh link after the answer; the account exists whatever happens to the mail. */
  mailLinkTo(user: Pick<UserRow, 'id' | 'email'>): void {
    this.background.run('verification mail', async () => {
      const token = await this.transactions.run(async (tx) => {
        const issued = await this.tokens.issue(
          {
            userId: user.id,
            purpose: 'email_verification',
            email: user.email,
            validMs: EMAIL_VERIFICATION_VALID_HOURS * 3_600_000,
          },
          tx.db,
        );
        await this.audit.recordIn(tx, {
          event: 'auth.email_verification.sent',
          message: 'Email confirmation link mailed',
          userId: user.id,
        });
        return issued;
      });
      const url = `${this.publicUrl}/verify-email?token=${encodeURIComponent(token)}`;
      await this.mailer.send({
        to: user.email,
        ...verifyEmailMail({ url, validHours: EMAIL_VERIFICATION_VALID_HOURS }),
      });
    });
  }

  async resend(userId: string): Promise<void> {
    const user = await this.users.findById(userId);
    if (!user) throw new NotAuthenticated();
    if (user.emailVerifiedAt) throw new Conflict('Your email address is already confirmed.');
    this.mailLinkTo(user);
  }

  async verify(token: string): Promise<void> {
    await this.transactions.run(async (tx) => {
      const used = await this.tokens.consume('email_verification', token, tx.db);
      const user = used && (await this.users.findByIdForUpdate(used.userId, tx.db));
      // A link sent to an address the account no longer has confirms nothing.
      if (!used || !user || user.email !== used.email) {
        throw new InvalidInput([{ path: 'token', message: INVALID_LINK }]);
      }
      if (!user.emailVerifiedAt) {
        await this.users.update(user.id, { emailVerifiedAt: new Date() }, tx.db);
      }
      await this.audit.recordIn(tx, {
        event: 'auth.email_verified',
        message: `Email address ${user.email} confirmed`,
        userId: user.id,
      });
    });
  }
}
